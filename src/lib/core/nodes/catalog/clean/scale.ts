import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { quantileSorted } from '../../../stats/stats';
import { p } from '../../params';
import { port } from '../../ports';

interface ScaleState {
	columns: { name: string; center: number; scale: number }[];
}

/**
 * Median and interquartile range of the training rows' present values, as scikit-learn's
 * RobustScaler (quantile_range 25–75, numpy's linear-interpolation percentiles); a zero
 * range keeps scale 1.
 */
function robust(values: Float64Array, rows: Uint32Array): { center: number; scale: number } {
	const present = new Float64Array(rows.length);
	let n = 0;
	for (const r of rows) if (!Number.isNaN(values[r])) present[n++] = values[r];
	if (n === 0) return { center: 0, scale: 1 };
	const sorted = present.subarray(0, n).sort();
	const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
	return { center: quantileSorted(sorted, 0.5), scale: iqr > 0 ? iqr : 1 };
}

export default defineNode({
	type: 'clean.scale',
	version: 2,
	category: 'clean',
	title: 'Scale',
	description:
		'Standardise number columns (subtract the mean, divide by the standard deviation), rescale them to [0, 1], or scale robustly (subtract the median, divide by the interquartile range). Fitted on the training rows.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		method: p.choice(['standard', 'min-max', 'robust'], {
			default: 'standard',
			label: 'Method',
			help: 'standard: mean 0, standard deviation 1. min-max: training minimum → 0, maximum → 1. robust: median 0, interquartile range 1, so outliers barely move the scale'
		}),
		columns: p.columns({ kinds: ['number'], label: 'Columns', help: 'Empty: every number column except the target' })
	},
	// v1 → v2 only added the "robust" method; old params mean the same.
	migrations: [(v1) => ({ ...v1 })],
	// Rescales values in place.
	schema: 'same',
	step: {
		fit(data, params): ScaleState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns, ['number']);
			return {
				columns: cols.map((col) => {
					const v = (col as Extract<Column, { kind: 'number' }>).values;
					let n = 0,
						sum = 0,
						min = Infinity,
						max = -Infinity;
					for (const r of rows) {
						const x = v[r];
						if (Number.isNaN(x)) continue;
						n++;
						sum += x;
						if (x < min) min = x;
						if (x > max) max = x;
					}
					if (params.method === 'robust') return { name: col.name, ...robust(v, rows) };
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
