import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

interface OneHotState {
	/** Category labels seen in the training rows, per column. */
	columns: { name: string; categories: string[] }[];
}

function labelsOf(col: Column): (code: number) => string | null {
	if (col.kind === 'boolean') return (c) => (c < 0 ? null : c === 1 ? 'true' : 'false');
	if (col.kind === 'category') return (c) => (c < 0 ? null : col.dictionary[c]);
	throw new Error(`column "${col.name}" is ${col.kind}; one-hot encoding needs a category column`);
}

export default defineNode({
	type: 'features.one-hot',
	version: 1,
	category: 'features',
	title: 'One-hot encode',
	description:
		'Replace each category column by one 0/1 column per category seen in the training rows. Unseen or missing categories get all zeros.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({ kinds: ['category', 'boolean'], label: 'Columns', help: 'Empty: every category column except the target' })
	},
	step: {
		fit(data, params): OneHotState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns as string[], ['category', 'boolean']);
			return {
				columns: cols.map((col) => {
					const label = labelsOf(col);
					const codes = (col as Extract<Column, { codes: Int32Array }>).codes;
					const seen = new Set<string>();
					for (const r of rows) {
						const l = label(codes[r]);
						if (l !== null) seen.add(l);
					}
					return { name: col.name, categories: [...seen].sort() };
				})
			};
		},
		apply(data, state) {
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = data.frame.columns.find((c) => c.name === s.name);
				if (!col) throw new Error(`column "${s.name}" is missing`);
				const label = labelsOf(col);
				const codes = (col as Extract<Column, { codes: Int32Array }>).codes;
				// Map this frame's codes to the fitted categories; codes unknown at fit time map to -1.
				const dict = col.kind === 'category' ? col.dictionary.length : 2;
				const toIndex = new Int32Array(dict).fill(-1);
				for (let c = 0; c < dict; c++) toIndex[c] = s.categories.indexOf(label(c)!);
				const outs = s.categories.map(() => new Float64Array(data.frame.rowCount));
				for (let r = 0; r < codes.length; r++) {
					const k = codes[r] >= 0 ? toIndex[codes[r]] : -1;
					if (k >= 0) outs[k][r] = 1;
				}
				replacements.set(
					s.name,
					s.categories.map((cat, k) => ({ kind: 'number' as const, name: `${s.name}=${cat}`, values: outs[k] }))
				);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
