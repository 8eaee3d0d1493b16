import type { Column } from '../../../frame/types';
import { filterRows, isMissing, pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/**
 * Per column: a number for number/date columns, a label for category/boolean ones.
 * Labels, not codes, because a new file's dictionary numbers its categories differently.
 */
type Fill = { column: string; value: number } | { column: string; label: string };
type MissingState = { mode: 'drop'; columns: string[] } | { mode: 'fill'; fills: Fill[] };

const STRATEGIES = ['drop-rows', 'mean', 'median', 'mode', 'constant'] as const;

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
	version: 1,
	category: 'clean',
	title: 'Missing values',
	description:
		'Drop rows with missing values, or fill them. Mean and median apply to number columns; category columns get their most frequent value. Fitted on the training rows.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		strategy: p.choice(STRATEGIES, { default: 'median', label: 'Strategy' }),
		columns: p.columns({ label: 'Columns', help: 'Empty: every column except the target' }),
		fillNumber: p.number({ default: 0, label: 'Constant for numbers' }),
		fillText: p.string({ default: 'missing', label: 'Constant for categories', maxLength: 200 })
	},
	step: {
		fit(data, params): MissingState {
			const cols = pickColumns(data, params.columns as string[], ['number', 'date', 'category', 'boolean', 'text']);
			if (params.strategy === 'drop-rows') return { mode: 'drop', columns: cols.map((c) => c.name) };
			const rows = trainingRows(data);
			const fills: Fill[] = [];
			for (const col of cols) {
				if (col.kind === 'text') continue;
				if (col.kind === 'number' || col.kind === 'date') {
					const value =
						params.strategy === 'constant' ? (params.fillNumber as number) : numericFill(col.values, rows, params.strategy as string);
					fills.push({ column: col.name, value });
				} else if (params.strategy === 'constant' && col.kind === 'category') {
					fills.push({ column: col.name, label: params.fillText as string });
				} else {
					const present: number[] = [];
					for (const r of rows) if (col.codes[r] >= 0) present.push(col.codes[r]);
					if (!present.length) continue;
					const code = modeOf(present);
					fills.push({ column: col.name, label: col.kind === 'boolean' ? String(code === 1) : col.dictionary[code] });
				}
			}
			return { mode: 'fill', fills };
		},
		apply(data, state) {
			const frame = data.frame;
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
