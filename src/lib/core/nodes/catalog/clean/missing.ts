import type { Column, Frame } from '../../../frame/types';
import { filterRows, isMissing, pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { forwardFill } from './forward-fill';
import { columnsWithMissing, indicatorColumns } from './missing-indicators';

/**
 * Per column: a number for number/date columns, a label for category/boolean ones.
 * Labels, not codes, because a new file's dictionary numbers its categories differently.
 */
type Fill = { column: string; value: number } | { column: string; label: string };
/** `indicators`: the columns that get a `<column>_missing` 0/1 column (fitted; [] when off). */
type MissingState = { indicators: string[] } & (
	| { mode: 'drop'; columns: string[] }
	| { mode: 'fill'; fills: Fill[] }
	| { mode: 'drop-columns'; columns: string[] }
	| { mode: 'forward-fill'; columns: string[]; sortBy: string }
);

const STRATEGIES = ['drop-rows', 'drop-columns', 'mean', 'median', 'mode', 'constant', 'forward-fill'] as const;
const ALL_KINDS = ['number', 'date', 'category', 'boolean', 'text'] as const;

/** Columns whose missing fraction among `rows` exceeds `threshold` (none when there are no rows). */
function sparseColumns(cols: readonly Column[], rows: Uint32Array, threshold: number): string[] {
	if (rows.length === 0) return [];
	return cols
		.filter((col) => {
			let missing = 0;
			for (const r of rows) if (isMissing(col, r)) missing++;
			return missing / rows.length > threshold;
		})
		.map((c) => c.name);
}

function numericFill(values: Float64Array, rows: Uint32Array, strategy: string): number {
	const present: number[] = [];
	for (const r of rows) if (!Number.isNaN(values[r])) present.push(values[r]);
	if (present.length === 0) return NaN;
	if (strategy === 'mean') return present.reduce((a, b) => a + b, 0) / present.length;
	present.sort((a, b) => a - b);
	if (strategy === 'median') {
		const m = present.length >> 1;
		return present.length % 2 ? present[m] : (present[m - 1] + present[m]) / 2;
	}
	return modeOf(present);
}

function modeOf(values: Iterable<number>): number {
	const counts = new Map<number, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	let best = NaN;
	let bestCount = 0;
	// Ties go to the smallest value, as pandas' mode()[0] and sklearn's SimpleImputer do.
	for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) [best, bestCount] = [v, c];
	return best;
}

export default defineNode({
	type: 'clean.missing',
	version: 2,
	category: 'clean',
	title: 'Missing values',
	description:
		'Drop rows or mostly-empty columns with missing values, or fill them: mean, median, mode, a constant, or the previous value along a sort column. Optional 0/1 indicator columns record where values were missing. Fitted on the training rows.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		strategy: p.choice(STRATEGIES, {
			default: 'median',
			label: 'Strategy',
			help: 'drop-rows: remove rows missing any chosen column. drop-columns: remove columns missing more than the threshold. mean / median: number columns (categories get their most frequent value). mode: most frequent value. constant: the values below. forward-fill: the previous present value in "Sort by" order.'
		}),
		columns: p.columns({ label: 'Columns', help: 'Empty: every column except the target' }),
		fillNumber: p.number({
			default: 0,
			label: 'Constant for numbers',
			help: 'The value the constant strategy puts in number and date columns'
		}),
		fillText: p.string({
			default: 'missing',
			label: 'Constant for categories',
			help: 'The label the constant strategy puts in category columns',
			maxLength: 200
		}),
		threshold: p.number({
			default: 0.5,
			min: 0,
			max: 1,
			step: 0.05,
			label: 'Drop threshold',
			help: 'drop-columns: drop a column when more than this fraction of its training rows is missing (0.5 = over half)'
		}),
		sortBy: p.column({
			kinds: ['number', 'date'],
			label: 'Sort by',
			help: 'forward-fill: the order (usually a date) in which a missing value takes the previous present one'
		}),
		indicators: p.boolean({
			default: false,
			label: 'Add missing indicators',
			help: 'Add a 0/1 column "<column>_missing" for each column that had missing values in the training rows'
		})
	},
	// v1 → v2: drop-columns, forward-fill and indicators arrived; their defaults keep v1's behaviour.
	migrations: [(params) => ({ ...params, threshold: 0.5, sortBy: '', indicators: false })],
	// Indicators and dropped columns depend on where the training rows have gaps: only a run tells.
	schema: ({ data }, params) => ({ data: params.indicators || params.strategy === 'drop-columns' ? null : data }),
	step: {
		fit(data, params): MissingState {
			const sortBy = params.sortBy;
			const cols = pickColumns(data, params.columns, [...ALL_KINDS]).filter(
				// The sort key orders the fill; it is not filled itself unless chosen.
				(c) => params.strategy !== 'forward-fill' || c.name !== sortBy || params.columns.includes(sortBy)
			);
			const rows = trainingRows(data);
			const indicators = params.indicators === true ? columnsWithMissing(cols, rows) : [];
			const names = cols.map((c) => c.name);
			if (params.strategy === 'drop-rows') return { mode: 'drop', columns: names, indicators };
			if (params.strategy === 'drop-columns')
				return { mode: 'drop-columns', columns: sparseColumns(cols, rows, params.threshold), indicators };
			if (params.strategy === 'forward-fill') {
				if (!sortBy) throw new Error('forward-fill needs a sort column: choose "Sort by" in the inspector');
				return { mode: 'forward-fill', columns: names, sortBy, indicators };
			}
			const fills: Fill[] = [];
			for (const col of cols) {
				if (col.kind === 'text') continue;
				if (col.kind === 'number' || col.kind === 'date') {
					const value = params.strategy === 'constant' ? params.fillNumber : numericFill(col.values, rows, params.strategy);
					fills.push({ column: col.name, value });
				} else if (params.strategy === 'constant' && col.kind === 'category') {
					fills.push({ column: col.name, label: params.fillText });
				} else {
					const present: number[] = [];
					for (const r of rows) if (col.codes[r] >= 0) present.push(col.codes[r]);
					if (!present.length) continue;
					const code = modeOf(present);
					fills.push({ column: col.name, label: col.kind === 'boolean' ? String(code === 1) : col.dictionary[code] });
				}
			}
			return { mode: 'fill', fills, indicators };
		},
		apply(data, state) {
			// Indicators look at the cells before any strategy fills or drops them.
			const added = indicatorColumns(data.frame, state.indicators ?? []);
			const frame: Frame = { columns: [...data.frame.columns, ...added], rowCount: data.frame.rowCount };
			if (state.mode === 'drop-columns') {
				const dropped = new Set(state.columns);
				return withFrame(data, { columns: frame.columns.filter((c) => !dropped.has(c.name)), rowCount: frame.rowCount });
			}
			if (state.mode === 'forward-fill') return withFrame(data, forwardFill(frame, state.columns, state.sortBy));
			if (state.mode === 'drop') {
				const cols = frame.columns.filter((c) => state.columns.includes(c.name));
				const keep = new Uint8Array(frame.rowCount).fill(1);
				for (const c of cols) for (let r = 0; r < frame.rowCount; r++) if (isMissing(c, r)) keep[r] = 0;
				const out = filterRows(frame, data.roles, keep);
				return withFrame(data, out.frame, out.roles);
			}
			const replacements = new Map<string, Column[]>();
			for (const fill of state.fills) {
				const col = frame.columns.find((c) => c.name === fill.column);
				if (!col) continue;
				if ('value' in fill && (col.kind === 'number' || col.kind === 'date')) {
					if (Number.isNaN(fill.value)) continue;
					const values = col.values.map((v) => (Number.isNaN(v) ? fill.value : v));
					replacements.set(col.name, [{ ...col, values }]);
				} else if ('label' in fill && col.kind === 'boolean') {
					const code = fill.label === 'true' ? 1 : 0;
					replacements.set(col.name, [{ ...col, codes: col.codes.map((v) => (v < 0 ? code : v)) }]);
				} else if ('label' in fill && col.kind === 'category') {
					// The label may be new to this frame's dictionary (a constant, or a new file).
					const at = col.dictionary.indexOf(fill.label);
					const code = at >= 0 ? at : col.dictionary.length;
					const dictionary = at >= 0 ? col.dictionary : [...col.dictionary, fill.label];
					replacements.set(col.name, [{ ...col, codes: col.codes.map((v) => (v < 0 ? code : v)), dictionary }]);
				}
			}
			return withFrame(data, replaceColumns(frame, replacements));
		}
	}
});
