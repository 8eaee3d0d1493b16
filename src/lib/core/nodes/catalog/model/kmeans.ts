import { assignNearest, kmeans } from '../../../ml/cluster/kmeans';
import { elbowSweep } from '../../../ml/cluster/sweep';
import type { Matrix } from '../../../ml/matrix';
import type { Column, ColumnSchema } from '../../../frame/types';
import { withColumns } from '../../../frame/verbs';
import { yielder } from '../../../util/yield';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { featureMatrix, resolveFeatures } from '../../modeling';
import { p, type ParamValues, seedOf } from '../../params';
import { port, type DatasetValue } from '../../ports';
import type { ElbowSweep, TableReport } from '../../reports';
import { dataWith, withColumnsSchema } from '../../schema-rules';

interface KMeansState {
	features: string[];
	/** Per-feature centring and scale applied before clustering (0 and 1 when not standardising). */
	mean: number[];
	scale: number[];
	/** k × features, in the scaled space. */
	centres: number[][];
	inertia: number;
	iterations: number;
	sizes: number[];
	trainRows: number;
	elbow: ElbowSweep | null;
}

const names = (params: ParamValues) => {
	const column = String(params.column || 'cluster');
	return { column, distance: `${column}_distance` };
};

/** The chosen features of the given rows, scaled as fitted; rows with a gap are flagged, not refused. */
function scaledMatrix(
	data: DatasetValue,
	state: Pick<KMeansState, 'features' | 'mean' | 'scale'>,
	rows: Uint32Array
): { x: Matrix; gap: Uint8Array } {
	const x = featureMatrix(data.frame, state.features, rows, { allowMissing: true });
	const p = x.cols;
	const gap = new Uint8Array(x.rows);
	for (let i = 0; i < x.rows; i++)
		for (let j = 0; j < p; j++) {
			const v = (x.data[i * p + j] - state.mean[j]) / state.scale[j];
			if (Number.isNaN(v)) gap[i] = 1;
			x.data[i * p + j] = v;
		}
	return { x, gap };
}

export default defineNode({
	type: 'model.kmeans',
	version: 1,
	category: 'model',
	title: 'k-means clusters',
	description:
		"Group rows into k clusters of similar values (k-means, as scikit-learn's KMeans) and add a cluster column to every row. Fitted on the training rows; the report lists cluster sizes and centres, and an elbow / silhouette chart over k to help choose k.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data with clusters'), report: port.report('clusters') },
	params: {
		features: p.columns({
			kinds: ['number', 'boolean'],
			label: 'Features',
			help: 'Number or boolean columns to cluster on. Empty: every number column except the target'
		}),
		k: p.int({
			default: 3,
			min: 1,
			max: 100,
			label: 'Clusters (k)',
			help: 'How many clusters to form; the elbow chart in the report helps choose it'
		}),
		standardise: p.boolean({
			default: true,
			label: 'Standardise first',
			help: 'Scale each feature to standard deviation 1 so columns in large units do not dominate the distances'
		}),
		nInit: p.int({
			default: 10,
			min: 1,
			max: 100,
			label: 'Restarts',
			help: 'Runs from different k-means++ starts; the one with the lowest inertia is kept'
		}),
		maxIter: p.int({ default: 300, min: 1, max: 10_000, label: 'Max iterations', help: 'Most Lloyd iterations per restart' }),
		column: p.string({ default: 'cluster', label: 'Cluster column', help: 'Name of the added category column (values c1, c2, ...)' }),
		distance: p.boolean({
			default: false,
			label: 'Add distance',
			help: 'Also add <cluster column>_distance: how far each row is from its cluster centre (in the scaled units)'
		}),
		sweep: p.int({
			default: 8,
			min: 0,
			max: 30,
			label: 'Elbow up to k',
			help: 'Report inertia and silhouette for k = 2 up to this (on a sample of at most 10,000 rows; silhouette on 5,000). 0: skip'
		}),
		seed: p.seed({ help: 'The same seed gives the same clusters' })
	},
	schema: ({ data }, params) => {
		if (!data) return {};
		const out = names(params);
		const added: ColumnSchema[] = [{ name: out.column, kind: 'category' }];
		if (params.distance === true) added.push({ name: out.distance, kind: 'number' });
		return dataWith(data, withColumnsSchema(data.columns, added));
	},
	step: {
		async fit(data, params, ctx): Promise<KMeansState> {
			const features = resolveFeatures(data, params.features);
			const rows = trainingRows(data);
			const raw = featureMatrix(data.frame, features, rows);
			const k = params.k;
			if (raw.rows < k) throw new Error(`k-means with k = ${k} needs at least ${k} training rows; there are ${raw.rows}`);
			const p = raw.cols;
			const mean = new Array<number>(p).fill(0);
			const scale = new Array<number>(p).fill(1);
			if (params.standardise === true)
				for (let j = 0; j < p; j++) {
					let s = 0;
					for (let i = 0; i < raw.rows; i++) s += raw.data[i * p + j];
					mean[j] = s / raw.rows;
					let v = 0;
					for (let i = 0; i < raw.rows; i++) v += (raw.data[i * p + j] - mean[j]) ** 2;
					// A constant column stays as it is (StandardScaler's rule) rather than dividing by 0.
					scale[j] = Math.sqrt(v / raw.rows) || 1;
				}
			const { x } = scaledMatrix(data, { features, mean, scale }, rows);
			const tick = yielder();
			const seed = seedOf(params.seed, ctx.seed);
			const sweepTo = params.sweep;
			const share = sweepTo >= 2 ? 0.5 : 1;
			const fit = await kmeans(x, {
				k,
				nInit: params.nInit,
				maxIter: params.maxIter,
				seed,
				signal: ctx.signal,
				tick,
				progress: (f) => ctx.progress(f * share, 'k-means')
			});
			let elbow: ElbowSweep | null = null;
			if (sweepTo >= 2 && x.rows >= 3) {
				const s = await elbowSweep(x, {
					kMax: sweepTo,
					nInit: params.nInit,
					maxIter: params.maxIter,
					seed,
					signal: ctx.signal,
					tick,
					progress: (f) => ctx.progress(share + f * (1 - share), 'elbow sweep')
				});
				// NaN is not JSON: a k without a silhouette is stored as null.
				elbow = {
					k: s.k,
					inertia: s.inertia,
					silhouette: s.silhouette.map((v) => (Number.isNaN(v) ? null : v)),
					chosen: k,
					rows: s.rows,
					silhouetteRows: s.silhouetteRows
				};
			}
			const sizes = new Array<number>(k).fill(0);
			for (const l of fit.labels) sizes[l]++;
			return {
				features,
				mean,
				scale,
				centres: Array.from({ length: k }, (_, c) => Array.from(fit.centres.subarray(c * p, c * p + p))),
				inertia: fit.inertia,
				iterations: fit.iterations,
				sizes,
				trainRows: x.rows,
				elbow
			};
		},
		apply(data, state, params) {
			const n = data.frame.rowCount;
			const all = Uint32Array.from({ length: n }, (_, i) => i);
			const { x, gap } = scaledMatrix(data, state, all);
			const k = state.centres.length;
			const labels = new Int32Array(n);
			const dist = new Float64Array(n);
			assignNearest(x, Float64Array.from(state.centres.flat()), k, labels, dist);
			const codes = new Int32Array(n);
			const distance = new Float64Array(n);
			// A row with a gap has no position, so no cluster (missing) rather than a guess.
			for (let i = 0; i < n; i++) {
				codes[i] = gap[i] ? -1 : labels[i];
				distance[i] = gap[i] ? NaN : Math.sqrt(dist[i]);
			}
			const out = names(params);
			const added: Column[] = [{ kind: 'category', name: out.column, codes, dictionary: Array.from({ length: k }, (_, c) => `c${c + 1}`) }];
			if (params.distance === true) added.push({ kind: 'number', name: out.distance, values: distance });
			return withFrame(data, withColumns(data.frame, added));
		},
		report(_before, _after, state) {
			const k = state.centres.length;
			// Centres back in the columns' own units, which is what the user reads.
			const rows = state.centres.map((c, i) => [`c${i + 1}`, state.sizes[i], ...c.map((v, j) => v * state.scale[j] + state.mean[j])]);
			const report: TableReport = {
				type: 'table',
				title: `${k} clusters on ${state.trainRows} training rows · inertia ${state.inertia.toPrecision(6)}`,
				columns: ['cluster', 'size', ...state.features],
				rows,
				...(state.elbow ? { elbow: state.elbow } : {})
			};
			return { kind: 'report', report };
		}
	}
});
