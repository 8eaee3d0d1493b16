import { dropColumns, withColumns } from '../../../frame/verbs';
import type { Column } from '../../../frame/types';
import { requireColumn } from '../../columns';
import { withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { dataWith, numberColumn } from '../../schema-rules';

const DAY_MS = 86_400_000;

/** The parts one date yields, all in UTC. Weekday counts Monday = 0, as pandas' dayofweek. */
export interface DateParts {
	year: number;
	quarter: number;
	month: number;
	day: number;
	weekday: number;
	hour: number;
	dayOfYear: number;
	daysInYear: number;
}

export function dateParts(ms: number): DateParts {
	const d = new Date(ms);
	const year = d.getUTCFullYear();
	const month = d.getUTCMonth() + 1;
	const startOfYear = Date.UTC(year, 0, 1);
	const dayOfYear = Math.floor((ms - startOfYear) / DAY_MS) + 1;
	return {
		year,
		quarter: Math.floor((month - 1) / 3) + 1,
		month,
		day: d.getUTCDate(),
		weekday: (d.getUTCDay() + 6) % 7,
		hour: d.getUTCHours(),
		dayOfYear,
		daysInYear: Math.round((Date.UTC(year + 1, 0, 1) - startOfYear) / DAY_MS)
	};
}

type PartName = 'year' | 'quarter' | 'month' | 'day' | 'weekday' | 'hour' | 'dayOfYear' | 'isWeekend';

/** Column suffix per part; the names an analyst would type in pandas. */
const SUFFIX: Record<PartName, string> = {
	year: 'year',
	quarter: 'quarter',
	month: 'month',
	day: 'day',
	weekday: 'weekday',
	hour: 'hour',
	dayOfYear: 'dayofyear',
	isWeekend: 'is_weekend'
};

/**
 * Cyclical parts and the position in their cycle, in [0, 1): December sits next to
 * January, Sunday next to Monday. The day of year divides by that year's length so
 * 31 December is one step from 1 January in leap years too.
 */
const CYCLES: { part: PartName; phase: (d: DateParts) => number }[] = [
	{ part: 'month', phase: (d) => (d.month - 1) / 12 },
	{ part: 'weekday', phase: (d) => d.weekday / 7 },
	{ part: 'hour', phase: (d) => d.hour / 24 },
	{ part: 'dayOfYear', phase: (d) => (d.dayOfYear - 1) / d.daysInYear }
];

function partValue(part: PartName, d: DateParts): number {
	return part === 'isWeekend' ? (d.weekday >= 5 ? 1 : 0) : d[part];
}

const PARTS = Object.keys(SUFFIX) as PartName[];

/** The names datePartColumns gives its columns, in order. */
export function datePartNames(name: string, params: ParamValues): string[] {
	const chosen = PARTS.filter((part) => params[part] === true);
	const cyclical = params.cyclical === true ? CYCLES.filter(({ part }) => chosen.includes(part)) : [];
	return [
		...chosen.map((part) => `${name}_${SUFFIX[part]}`),
		...cyclical.flatMap(({ part }) => [`${name}_${SUFFIX[part]}_sin`, `${name}_${SUFFIX[part]}_cos`])
	];
}

export function datePartColumns(name: string, values: Float64Array, params: ParamValues): Column[] {
	const chosen = PARTS.filter((part) => params[part] === true);
	const n = values.length;
	const parts = Array.from(values, (ms) => (Number.isNaN(ms) ? null : dateParts(ms)));
	const out: Column[] = [];
	const column = (suffix: string, f: (d: DateParts) => number): Column => {
		const v = new Float64Array(n);
		for (let i = 0; i < n; i++) v[i] = parts[i] ? f(parts[i]!) : NaN;
		return { kind: 'number', name: `${name}_${suffix}`, values: v };
	};
	for (const part of chosen) out.push(column(SUFFIX[part], (d) => partValue(part, d)));
	if (params.cyclical === true) {
		for (const { part, phase } of CYCLES) {
			if (!chosen.includes(part)) continue;
			out.push(column(`${SUFFIX[part]}_sin`, (d) => Math.sin(2 * Math.PI * phase(d))));
			out.push(column(`${SUFFIX[part]}_cos`, (d) => Math.cos(2 * Math.PI * phase(d))));
		}
	}
	return out;
}

const part = (label: string, def: boolean, help: string) => p.boolean({ default: def, label, help });

export default defineNode({
	type: 'features.date-parts',
	version: 1,
	category: 'features',
	title: 'Date parts',
	description:
		'Split a date column into number columns: year, quarter, month, day, weekday (Monday = 0), hour, day of year, is-weekend, and optional sin/cos encodings that put the end of a cycle next to its start. Dates are read in UTC.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		column: p.column({ kinds: ['date'], label: 'Date column', help: 'The date column to split' }),
		year: part('Year', true, 'Calendar year, e.g. 2012'),
		quarter: part('Quarter', false, 'Quarter of the year, 1 to 4'),
		month: part('Month', true, 'Month, 1 (January) to 12'),
		day: part('Day', true, 'Day of the month, 1 to 31'),
		weekday: part('Weekday', true, 'Day of the week, 0 (Monday) to 6 (Sunday), as pandas dayofweek'),
		hour: part('Hour', false, 'Hour of the day, 0 to 23 (UTC)'),
		dayOfYear: part('Day of year', false, 'Day of the year, 1 to 366'),
		isWeekend: part('Is weekend', false, '1 on Saturday and Sunday, 0 otherwise'),
		cyclical: p.boolean({
			default: false,
			label: 'Cyclical sin/cos',
			help: 'Add <part>_sin and <part>_cos for each chosen month, weekday, hour and day of year, so models see December next to January'
		}),
		dropOriginal: p.boolean({ default: false, label: 'Drop the date column', help: 'Remove the original date column after splitting it' })
	},
	schema: ({ data }, params) => {
		const col = data?.columns.find((c) => c.name === params.column);
		if (!data || !col || col.kind !== 'date') return {};
		const added = datePartNames(col.name, params).map(numberColumn);
		const kept = params.dropOriginal ? data.columns.filter((c) => c.name !== col.name) : data.columns;
		return dataWith(data, [...kept, ...added]);
	},
	step: {
		// Nothing to learn: every part comes from the row itself. The step still joins the
		// recipe so Predict derives the same columns from raw new rows.
		fit: () => null,
		apply(data, _state, params) {
			const name = params.column;
			if (!name) throw new Error('choose a date column to split');
			const col = requireColumn(data.frame, name);
			if (col.kind !== 'date')
				throw new Error(`column "${name}" is ${col.kind}; date parts need a date column (convert it to a date first)`);
			const cols = datePartColumns(name, col.values, params);
			let frame = withColumns(data.frame, cols);
			if (params.dropOriginal === true) frame = dropColumns(frame, [name]);
			return withFrame(data, frame);
		}
	}
});
