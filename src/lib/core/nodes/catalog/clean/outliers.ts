import { quantileSorted } from '../../../stats/stats';
import type { Column, NumberColumn } from '../../../frame/types';
import { filterRows, pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { tableReport } from '../../reports';

/** Fitted bounds per column; null when the training rows had no value to fit on (no bound). */
interface Bounds {
	name: string;
	lower: number | null;
	upper: number | null;
}
interface OutliersState {
	columns: Bounds[];
}

/** Q1 − k·IQR and Q3 + k·IQR, quartiles by numpy's default (linear) rule. */
function iqrBounds(present: Float64Array, k: number): [number, number] {
	const sorted = present.slice().sort();
	const q1 = quantileSorted(sorted, 0.25);
	const q3 = quantileSorted(sorted, 0.75);
	return [q1 - k * (q3 - q1), q3 + k * (q3 - q1)];
}

/** mean ± z·std with the population std (ddof 0, numpy's default). */
function zBounds(present: Float64Array, z: number): [number, number] {
	let sum = 0;
	for (const x of present) sum += x;
	const mean = sum / present.length;
	let ss = 0;
	for (const x of present) ss += (x - mean) ** 2;
	const std = Math.sqrt(ss / present.length);
	return [mean - z * std, mean + z * std];
}

function numberColumn(data: { frame: { columns: readonly Column[] } }, name: string): NumberColumn {
	const col = data.frame.columns.find((c) => c.name === name);
	if (!col || col.kind !== 'number')
		throw new Error(`column "${name}" is missing or not a number column; the outlier bounds were fitted on it`);
	return col;
}

const below = (x: number, b: Bounds) => b.lower !== null && x < b.lower;
const above = (x: number, b: Bounds) => b.upper !== null && x > b.upper;

export default defineNode({
	type: 'clean.outliers',
	version: 1,
	category: 'clean',
	title: 'Outliers',
	description:
		'Find values outside bounds fitted on the training rows (IQR rule or z-score) and clip them to the bounds or drop their rows. Missing values are left alone. Reports the bounds and how many values fell outside.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('report') },
	params: {
		columns: p.columns({ kinds: ['number'], label: 'Columns', help: 'Empty: every number column except the target' }),
		method: p.choice(['iqr', 'z-score'], {
			default: 'iqr',
			label: 'Rule',
			help: 'iqr: outside Q1 − k·IQR … Q3 + k·IQR. z-score: further than z standard deviations (population) from the mean.'
		}),
		k: p.number({
			default: 1.5,
			min: 0,
			max: 100,
			step: 0.5,
			label: 'IQR multiplier k',
			help: "iqr: how many interquartile ranges beyond the quartiles count as normal (1.5 is Tukey's rule)"
		}),
		z: p.number({
			default: 3,
			min: 0,
			max: 100,
			step: 0.5,
			label: 'z threshold',
			help: 'z-score: how many standard deviations from the mean count as normal'
		}),
		action: p.choice(['clip', 'drop'], {
			default: 'clip',
			label: 'Action',
			help: 'clip: move outside values to the nearest bound. drop: remove rows with a value outside any bound.'
		})
	},
	// Clips or removes values/rows; the columns stay.
	schema: 'same',
	step: {
		fit(data, params): OutliersState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns, ['number']) as NumberColumn[];
			return {
				columns: cols.map((col) => {
					const present = Float64Array.from(rows, (r) => col.values[r]).filter((x) => !Number.isNaN(x));
					if (present.length === 0) return { name: col.name, lower: null, upper: null };
					const [lower, upper] = params.method === 'z-score' ? zBounds(present, params.z) : iqrBounds(present, params.k);
					return { name: col.name, lower, upper };
				})
			};
		},
		apply(data, state, params) {
			if (params.action === 'drop') {
				const keep = new Uint8Array(data.frame.rowCount).fill(1);
				for (const b of state.columns) {
					const v = numberColumn(data, b.name).values;
					for (let r = 0; r < v.length; r++) if (below(v[r], b) || above(v[r], b)) keep[r] = 0;
				}
				const out = filterRows(data.frame, data.roles, keep);
				return withFrame(data, out.frame, out.roles);
			}
			const replacements = new Map<string, Column[]>();
			for (const b of state.columns) {
				const col = numberColumn(data, b.name);
				// NaN compares false both ways, so missing values pass through unchanged.
				const values = col.values.map((x) => (below(x, b) ? b.lower! : above(x, b) ? b.upper! : x));
				replacements.set(b.name, [{ ...col, values }]);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		},
		report(before, _after, state) {
			const rows = state.columns.map((b) => {
				const v = numberColumn(before, b.name).values;
				let lo = 0,
					hi = 0;
				for (const x of v) {
					if (below(x, b)) lo++;
					else if (above(x, b)) hi++;
				}
				return [b.name, b.lower, b.upper, lo, hi];
			});
			return tableReport('Outliers (all rows)', ['column', 'lower', 'upper', 'values below', 'values above'], rows);
		}
	}
});
