import { histogramCounts, histogramEdges, presentRange } from '../../../stats/histogram';
import { sampleRows } from '../../../stats/sample-rows';
import type { NumberColumn } from '../../../frame/types';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p, seedOf } from '../../params';
import { port } from '../../ports';

export const MAX_MATRIX_COLUMNS = 8;
/** The pairs are drawn from a seeded sample of at most this many rows. */
export const MAX_MATRIX_POINTS = 2_000;
export const MATRIX_BINS = 20;

export interface MatrixHistogram {
	readonly edges: number[];
	/** Counts of every row's present values (not only the sample). */
	readonly counts: number[];
}

/** The body of the scatter-matrix report; the studio's ScatterMatrixView draws it. */
export interface ScatterMatrixReport {
	readonly type: 'scatter-matrix';
	readonly columns: string[];
	readonly color: string | null;
	/** Per sampled row, its values in `columns` order (null missing), 6 significant digits. */
	readonly points: (number | null)[][];
	/** Per sampled row, a legend index (-1 missing); absent without a color column. */
	readonly colors?: number[];
	readonly legend?: string[];
	/** Per column, in `columns` order: the diagonal. */
	readonly histograms: MatrixHistogram[];
	readonly rowCount: number;
	readonly sampled: number;
	readonly seed: number;
}

const round6 = (v: number) => Number(v.toPrecision(6));

export default defineNode({
	type: 'explore.scatter-matrix',
	version: 1,
	category: 'explore',
	title: 'Scatter matrix',
	description: `Every pair of 2 to ${MAX_MATRIX_COLUMNS} number columns as small scatter plots, with each column's histogram on the diagonal; pairs use a seeded sample of at most ${MAX_MATRIX_POINTS.toLocaleString('en-US')} rows.`,
	inputs: { data: port.dataset('data') },
	outputs: { matrix: port.report('scatter matrix') },
	params: {
		columns: p.columns({
			kinds: ['number'],
			label: 'Columns',
			help: `2 to ${MAX_MATRIX_COLUMNS} number columns. Empty: the first ${MAX_MATRIX_COLUMNS} number columns.`
		}),
		color: p.column({
			kinds: ['category', 'boolean'],
			label: 'Color by',
			help: 'Optional category or true/false column that colors the points.'
		}),
		seed: p.seed({ help: 'Seed of the row sample; the same seed draws the same rows' })
	},
	run: (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		const chosen = params.columns ?? [];
		if (chosen.length > MAX_MATRIX_COLUMNS)
			throw new Error(
				`Scatter matrix draws at most ${MAX_MATRIX_COLUMNS} columns; ${chosen.length} are chosen — remove ${chosen.length - MAX_MATRIX_COLUMNS}`
			);
		const cols: NumberColumn[] = chosen.length
			? chosen.map((name) => {
					const c = requireColumn(data.frame, name);
					if (c.kind !== 'number') throw new Error(`column "${name}" is ${c.kind}; Scatter matrix needs number columns`);
					return c;
				})
			: data.frame.columns.filter((c): c is NumberColumn => c.kind === 'number').slice(0, MAX_MATRIX_COLUMNS);
		if (cols.length < 2) throw new Error('Scatter matrix needs at least 2 number columns: choose them in the inspector');
		const colorName = params.color || null;
		const color = colorName ? requireColumn(data.frame, colorName) : null;
		if (color && color.kind !== 'category' && color.kind !== 'boolean')
			throw new Error(`column "${colorName}" is ${color.kind}; Color by needs a category or true/false column`);
		const seed = seedOf(params.seed, ctx.seed);
		const all = Array.from({ length: data.frame.rowCount }, (_, r) => r);
		const rows = sampleRows(all, MAX_MATRIX_POINTS, seed);
		const histograms = cols.map((c): MatrixHistogram => {
			const range = presentRange(c.values);
			const edges = range ? histogramEdges(range[0], range[1], MATRIX_BINS) : [];
			return { edges, counts: histogramCounts(c.values, edges) };
		});
		const points = rows.map((r) => cols.map((c) => (Number.isNaN(c.values[r]) ? null : round6(c.values[r]))));
		const report: ScatterMatrixReport = {
			type: 'scatter-matrix',
			columns: cols.map((c) => c.name),
			color: colorName,
			points,
			...(color && (color.kind === 'category' || color.kind === 'boolean')
				? { colors: rows.map((r) => color.codes[r]), legend: color.kind === 'boolean' ? ['false', 'true'] : [...color.dictionary] }
				: {}),
			histograms,
			rowCount: data.frame.rowCount,
			sampled: rows.length,
			seed
		};
		return { matrix: { kind: 'report', report } };
	}
});
