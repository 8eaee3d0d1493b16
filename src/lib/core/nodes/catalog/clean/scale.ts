import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

interface ScaleState {
	columns: { name: string; center: number; scale: number }[];
}

export default defineNode({
	type: 'clean.scale',
	version: 1,
	category: 'clean',
	title: 'Scale',
	description:
		'Standardise number columns (subtract the mean, divide by the standard deviation) or rescale them to [0, 1]. Fitted on the training rows.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		method: p.choice(['standard', 'min-max'], { default: 'standard', label: 'Method' }),
		columns: p.columns({ kinds: ['number'], label: 'Columns', help: 'Empty: every number column except the target' })
	},
	step: {
		fit(data, params): ScaleState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns as string[], ['number']);
			return {
				columns: cols.map((col) => {
					const v = (col as Extract<Column, { kind: 'number' }>).values;
					let n = 0, sum = 0, min = Infinity, max = -Infinity;
					for (const r of rows) {
						const x = v[r];
						if (Number.isNaN(x)) continue;
						n++;
						sum += x;
						if (x < min) min = x;
						if (x > max) max = x;
					}
					if (params.method === 'min-max') {
						const range = max - min;
						return { name: col.name, center: n ? min : 0, scale: n && range > 0 ? range : 1 };
					}
					const mean = n ? sum / n : 0;
					let ss = 0;
					for (const r of rows) if (!Number.isNaN(v[r])) ss += (v[r] - mean) ** 2;
					// Population standard deviation, as scikit-learn's StandardScaler; a constant column keeps scale 1.
					const std = n ? Math.sqrt(ss / n) : 0;
					return { name: col.name, center: mean, scale: std > 0 ? std : 1 };
				})
			};
		},
		apply(data, state) {
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = data.frame.columns.find((c) => c.name === s.name);
				if (!col || col.kind !== 'number') throw new Error(`column "${s.name}" is missing or not a number column`);
				replacements.set(s.name, [{ ...col, values: col.values.map((x) => (x - s.center) / s.scale) }]);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
