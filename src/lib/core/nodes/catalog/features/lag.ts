import { withColumns } from '../../../frame/verbs';
import type { Column } from '../../../frame/types';
import { pickColumns, requireColumn } from '../../columns';
import { withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { GROUP_KINDS, groupKeys } from './group-key';
import { dataWith, numberColumn, pickSchema, withColumnsSchema } from '../../schema-rules';

const ROLLING = ['mean', 'sum', 'min', 'max'] as const;
type Rolling = (typeof ROLLING)[number];

/**
 * Row indices grouped and put in time order: one sequence per group. Rows with a missing
 * time go last in their group (pandas' sort_values puts NaN last); ties keep file order.
 * Rows with a missing group key belong to no sequence, as in pandas' groupby.
 */
export function sequences(rowCount: number, time: Float64Array | null, keys: readonly (string | null)[] | null): number[][] {
	const groups = new Map<string, number[]>();
	for (let r = 0; r < rowCount; r++) {
		const key = keys ? keys[r] : '';
		if (key === null) continue;
		let rows = groups.get(key);
		if (!rows) groups.set(key, (rows = []));
		rows.push(r);
	}
	if (time) {
		const t = (r: number) => (Number.isNaN(time[r]) ? Infinity : time[r]);
		for (const rows of groups.values()) rows.sort((a, b) => t(a) - t(b) || a - b);
	}
	return [...groups.values()];
}

function rollingStat(values: Float64Array, rows: readonly number[], end: number, window: number, stat: Rolling): number {
	let sum = 0,
		min = Infinity,
		max = -Infinity;
	for (let j = end - window; j < end; j++) {
		const x = values[rows[j]];
		// pandas' rolling(w) needs w present values (min_periods = w): one gap makes the window missing.
		if (Number.isNaN(x)) return NaN;
		sum += x;
		if (x < min) min = x;
		if (x > max) max = x;
	}
	return stat === 'mean' ? sum / window : stat === 'sum' ? sum : stat === 'min' ? min : max;
}

function lagColumns(
	col: Extract<Column, { kind: 'number' }>,
	seqs: readonly number[][],
	params: ParamValues & { readonly lag: number; readonly window: number }
): Column[] {
	const n = col.values.length;
	const lag = params.lag;
	const window = params.window;
	const out: Column[] = [];
	if (lag > 0) {
		const v = new Float64Array(n).fill(NaN);
		for (const rows of seqs) for (let i = lag; i < rows.length; i++) v[rows[i]] = col.values[rows[i - lag]];
		out.push({ kind: 'number', name: `${col.name}_lag${lag}`, values: v });
	}
	if (window > 0) {
		for (const stat of ROLLING.filter((s) => params[s] === true)) {
			const v = new Float64Array(n).fill(NaN);
			// The window is the `window` rows BEFORE row i: the present never sees itself.
			for (const rows of seqs) for (let i = window; i < rows.length; i++) v[rows[i]] = rollingStat(col.values, rows, i, window, stat);
			out.push({ kind: 'number', name: `${col.name}_roll${window}_${stat}`, values: v });
		}
	}
	return out;
}

const roll = (label: string, def: boolean) =>
	p.boolean({
		default: def,
		label,
		help: `The ${label.toLowerCase()} of the previous rows in the window (the current row is not included)`
	});

export default defineNode({
	type: 'features.lag',
	version: 1,
	category: 'features',
	title: 'Lag and rolling window',
	description:
		'Along a time column, within groups: the value N rows earlier, and the mean, sum, min or max of the previous W rows. The current row never enters its own window, so no feature sees the present; rows without enough history get a missing value.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({
			kinds: ['number'],
			label: 'Columns',
			help: 'Number columns to lag. Empty: every number column except the target'
		}),
		orderBy: p.column({ kinds: ['date', 'number'], label: 'Time column', help: 'Rows are ordered by this column; none: the file order' }),
		groupBy: p.column({
			kinds: [...GROUP_KINDS],
			label: 'Group column',
			help: 'Each group (e.g. each customer) has its own history; none: one history'
		}),
		lag: p.int({ default: 1, min: 0, max: 10_000, label: 'Lag', help: 'Add the value this many rows earlier (0: no lag column)' }),
		window: p.int({
			default: 3,
			min: 0,
			max: 10_000,
			label: 'Window',
			help: 'Rows in the rolling window before each row (0: no rolling columns)'
		}),
		mean: roll('Mean', true),
		sum: roll('Sum', false),
		min: roll('Min', false),
		max: roll('Max', false)
	},
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['number']) : null;
		if (!data || !cols) return {};
		const stats = params.window > 0 ? ROLLING.filter((s) => params[s] === true) : [];
		const added = cols
			.filter((c) => c.name !== params.orderBy)
			.flatMap((c) => [
				...(params.lag > 0 ? [`${c.name}_lag${params.lag}`] : []),
				...stats.map((s) => `${c.name}_roll${params.window}_${s}`)
			])
			.map(numberColumn);
		return dataWith(data, withColumnsSchema(data.columns, added));
	},
	step: {
		// Nothing is fitted: history comes from the rows at hand, so Predict on a new file
		// computes lags within that file.
		fit: () => null,
		apply(data, _state, params) {
			const cols = pickColumns(data, params.columns, ['number']) as Extract<Column, { kind: 'number' }>[];
			const orderName = params.orderBy;
			let time: Float64Array | null = null;
			if (orderName) {
				const t = requireColumn(data.frame, orderName);
				if (t.kind !== 'date' && t.kind !== 'number')
					throw new Error(`column "${orderName}" is ${t.kind}; order by a date or number column`);
				time = t.values;
			}
			const groupName = params.groupBy;
			const keys = groupName ? groupKeys([requireColumn(data.frame, groupName)], data.frame.rowCount) : null;
			const seqs = sequences(data.frame.rowCount, time, keys);
			const added = cols.filter((c) => c.name !== orderName).flatMap((c) => lagColumns(c, seqs, params));
			return withFrame(data, withColumns(data.frame, added));
		}
	}
});
