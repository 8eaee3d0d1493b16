import { formatNumber } from '../../../frame/display';
import { quantileSorted } from '../../../stats/stats';
import type { Column, NumberColumn } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { dataWith, pickSchema, replaceSchema } from '../../schema-rules';

interface BinState {
	/** Per column, increasing bin edges: bin i is [edges[i], edges[i+1]). */
	columns: { name: string; edges: number[] }[];
	output: 'category' | 'ordinal';
}

/** "0, 10, 20.5" → [0, 10, 20.5]; the edges must be numbers in increasing order. */
export function parseEdges(text: string): number[] {
	const parts = text.split(/[,;\s]+/).filter((s) => s !== '');
	const edges = parts.map((s) => {
		const x = Number(s);
		if (!Number.isFinite(x)) throw new Error(`bin edge "${s}" is not a number; write edges like "0, 10, 20.5"`);
		return x;
	});
	if (edges.length < 2) throw new Error('custom binning needs at least 2 edges, like "0, 10, 20.5"');
	for (let i = 1; i < edges.length; i++)
		if (!(edges[i] > edges[i - 1])) throw new Error(`bin edges must increase: ${edges[i]} comes after ${edges[i - 1]}`);
	return edges;
}

/** Edges fitted on the present training values, as scikit-learn's KBinsDiscretizer. */
function fitEdges(sorted: Float64Array, name: string, params: ParamValues & { readonly edges: string; readonly bins: number }): number[] {
	if (params.strategy === 'custom') return parseEdges(params.edges);
	if (sorted.length === 0) throw new Error(`column "${name}" has no values in the training rows; there is nothing to bin`);
	const bins = params.bins;
	const min = sorted[0];
	const max = sorted[sorted.length - 1];
	// A constant column is one bin.
	if (min === max) return [min, max];
	if (params.strategy === 'equal-width') {
		// numpy.linspace: start + i * step, and the last edge exactly the maximum.
		const step = (max - min) / bins;
		return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * step));
	}
	const raw = Array.from({ length: bins + 1 }, (_, i) => quantileSorted(sorted, (i * (100 / bins)) / 100));
	// Repeated quantiles would make empty bins; scikit-learn drops edges closer than 1e-8.
	return raw.filter((e, i) => i === 0 || e - raw[i - 1] > 1e-8);
}

/** Index of the bin of x: how many inner edges are ≤ x (numpy.searchsorted(side='right')). */
function binOf(edges: readonly number[], x: number): number {
	let lo = 1,
		hi = edges.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (edges[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

export function binLabels(edges: readonly number[]): string[] {
	const last = edges.length - 2;
	return edges.slice(0, -1).map((e, i) => `[${formatNumber(e)}, ${formatNumber(edges[i + 1])}${i === last ? ']' : ')'}`);
}

export default defineNode({
	type: 'features.bin',
	version: 1,
	category: 'features',
	title: 'Bin',
	description:
		'Cut number columns into bins: equal width or equal frequency (edges from the training rows), or your own edges. Values outside the training range go to the first or last bin; missing values stay missing.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({ kinds: ['number'], label: 'Columns', help: 'Empty: every number column except the target' }),
		strategy: p.choice(['equal-width', 'equal-frequency', 'custom'], {
			default: 'equal-width',
			label: 'Strategy',
			help: 'equal-width: bins of the same width between the training minimum and maximum. equal-frequency: edges at the training quantiles, so bins hold about as many rows. custom: the edges below'
		}),
		bins: p.int({ default: 5, min: 1, max: 1_000, label: 'Bins', help: 'How many bins (equal width and equal frequency)' }),
		edges: p.string({
			default: '',
			maxLength: 10_000,
			label: 'Custom edges',
			help: 'Increasing numbers separated by commas, e.g. "0, 10, 20.5" (custom strategy)'
		}),
		output: p.choice(['category', 'ordinal'], {
			default: 'category',
			label: 'Output',
			help: 'category: a label per bin like "[10, 20)". ordinal: the bin number, 0 for the first bin'
		})
	},
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['number']) : null;
		const kind = params.output === 'ordinal' ? 'number' : 'category';
		return data && cols ? dataWith(data, replaceSchema(data.columns, new Map(cols.map((c) => [c.name, [{ name: c.name, kind }]])))) : {};
	},
	step: {
		fit(data, params): BinState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns, ['number']) as NumberColumn[];
			return {
				columns: cols.map((col) => {
					const present: number[] = [];
					for (const r of rows) if (!Number.isNaN(col.values[r])) present.push(col.values[r]);
					return { name: col.name, edges: fitEdges(Float64Array.from(present).sort(), col.name, params) };
				}),
				output: params.output === 'ordinal' ? 'ordinal' : 'category'
			};
		},
		apply(data, state) {
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = data.frame.columns.find((c) => c.name === s.name);
				if (!col || col.kind !== 'number')
					throw new Error(`column "${s.name}" is missing or not a number column; the bins were fitted on it`);
				if (state.output === 'ordinal') {
					const values = col.values.map((x) => (Number.isNaN(x) ? NaN : binOf(s.edges, x)));
					replacements.set(s.name, [{ kind: 'number', name: s.name, values }]);
				} else {
					const codes = Int32Array.from(col.values, (x) => (Number.isNaN(x) ? -1 : binOf(s.edges, x)));
					replacements.set(s.name, [{ kind: 'category', name: s.name, codes, dictionary: binLabels(s.edges) }]);
				}
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
