import type { Matrix } from '../../../ml/matrix';
import { sampleIndices } from '../../../ml/evaluation/sample';
import { partialDependence } from '../../../ml/explain/partial-dependence';
import { kernelShap } from '../../../ml/explain/kernel-shap';
import { accuracy, permutationImportance, r2 } from '../../../ml/explain/permutation';
import { treeShap } from '../../../ml/explain/tree-shap';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode, type NodeContext } from '../../define';
import { modelFamily } from '../../families';
import type { ShapSupport } from '../../families/types';
import { classCodes, labelledRows, modelMatrix, targetValues } from '../../modeling';
import { p, seedOf } from '../../params';
import { port, Role, type DatasetValue, type ModelValue } from '../../ports';
import { predict } from '../../predictors';
import type { TableReport } from '../../reports';

/** Rows whose SHAP values are kept one by one (for a beeswarm or a single row's waterfall). */
export const SHAP_ROWS = 200;

export interface ShapExplanation {
	/** Exact TreeSHAP (tree models) or sampling KernelSHAP against a background sample (any other model). */
	readonly method: 'tree' | 'kernel';
	/** KernelSHAP only: the most coalitions a row was fitted on, whether all were enumerated, and the background rows. */
	readonly coalitions: number | null;
	readonly exact: boolean | null;
	readonly background: number | null;
	/** What each output explains: class probabilities (tree, forest), raw margins (gbdt) or the value. */
	readonly outputs: readonly string[];
	/** The model's features, in the order of each row's values. */
	readonly names: readonly string[];
	readonly expected: readonly number[];
	/** Per feature, mean |SHAP| over the explained rows and outputs (as in the table). */
	readonly meanAbs: readonly number[];
	/** Up to SHAP_ROWS rows: features × outputs each, as `values[row][feature][output]`. */
	readonly values: readonly (readonly (readonly number[])[])[];
	/** The same rows' model outputs (expected value + their SHAP values), for a waterfall's end. */
	readonly predictions: readonly (readonly number[])[];
	/** The same rows' feature values, for colouring a beeswarm. */
	readonly features: readonly (readonly number[])[];
}

/** Explain model's report: its importance table, with the charts' data drawn above it. */
export interface ExplainReport extends Omit<TableReport, 'type'> {
	readonly type: 'explain';
	readonly split: 'validation' | 'test';
	readonly explained: number;
	readonly repeats: number;
	readonly baseline: { readonly metric: 'accuracy' | 'r2'; readonly score: number };
	readonly shap: ShapExplanation | null;
	/** Why SHAP is missing, when it is. */
	readonly note: string | null;
	readonly partialDependence: {
		readonly feature: string;
		readonly outputs: readonly string[];
		readonly grid: readonly number[];
		/** grid × outputs */
		readonly average: readonly (readonly number[])[];
		/** Up to SHAP_ROWS rows: grid × outputs each. */
		readonly ice: readonly (readonly (readonly number[])[])[];
	} | null;
}

type TreeShapSupport = Extract<ShapSupport, { method: 'tree' }>;

/** Per feature, mean |value| over rows and outputs of a rows × features × outputs array. */
function meanAbsolute(values: Float64Array, rows: number, p: number, K: number): number[] {
	return Array.from({ length: p }, (_, j) => {
		let s = 0;
		for (let i = 0; i < rows; i++) for (let k = 0; k < K; k++) s += Math.abs(values[(i * p + j) * K + k]);
		return s / (rows * K);
	});
}

/** A seeded sample of at most `max` of these rows, in row order. */
function pick(rows: Uint32Array, max: number, seed: number): Uint32Array {
	return Uint32Array.from(sampleIndices(rows.length, max, seed), (i) => rows[i]);
}

async function treeExplanation(
	model: ModelValue,
	support: TreeShapSupport,
	data: DatasetValue,
	X: Matrix,
	signal: AbortSignal | undefined
): Promise<ShapExplanation> {
	const isClass = model.task === 'classification';
	// The tree model TreeSHAP walks; CART covers come from passing the training rows down.
	const m = support.model(model.estimator, () => modelMatrix(model, data.frame, rowsWithRole(data, Role.train, true)));
	const res = await treeShap(m, X, signal);
	const p = m.features;
	const K = m.outputs;
	const kept = Math.min(SHAP_ROWS, X.rows);
	const names = !isClass ? ['prediction'] : support.margins ? support.margins.names(model.classes!, K) : [...model.classes!];
	const head: Matrix = { rows: kept, cols: p, data: X.data.slice(0, kept * p) };
	return {
		method: 'tree',
		coalitions: null,
		exact: null,
		background: null,
		names: [...model.features],
		outputs: names,
		predictions: nested(await explainedOutputs(model, support, head, K), 1, kept, K)[0],
		expected: Array.from(res.expected),
		meanAbs: meanAbsolute(res.values, X.rows, p, K),
		values: nested(res.values, kept, p, K),
		features: Array.from({ length: kept }, (_, i) => Array.from(X.data.subarray(i * p, (i + 1) * p)))
	};
}

/** KernelSHAP on the model's outputs (class probabilities or the value) for the rows of X. */
async function kernelExplanation(
	model: ModelValue,
	X: Matrix,
	background: Matrix,
	seed: number,
	ctx: Pick<NodeContext, 'progress' | 'signal'>
): Promise<ShapExplanation> {
	const res = await kernelShap((Xp) => outputs(model, Xp), X, {
		background,
		seed,
		signal: ctx.signal,
		onRow: (done, total) => ctx.progress(0.4 + (0.4 * done) / total, `KernelSHAP: row ${done} of ${total}`)
	});
	const p = X.cols;
	const K = res.outputs;
	return {
		method: 'kernel',
		coalitions: res.coalitions,
		exact: res.exact,
		background: background.rows,
		names: [...model.features],
		outputs: model.task === 'classification' ? [...model.classes!] : ['prediction'],
		predictions: nested(res.predictions, 1, X.rows, K)[0],
		expected: Array.from(res.expected),
		meanAbs: meanAbsolute(res.values, X.rows, p, K),
		values: nested(res.values, X.rows, p, K),
		features: Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * p, (i + 1) * p)))
	};
}

function nested(flat: Float64Array, rows: number, a: number, b: number): number[][][] {
	return Array.from({ length: rows }, (_, i) =>
		Array.from({ length: a }, (_, j) => Array.from(flat.subarray((i * a + j) * b, (i * a + j + 1) * b)))
	);
}

/** What TreeSHAP explains, rows × outputs: the family's raw margins where it has them (GBDT), else outputs(). */
async function explainedOutputs(model: ModelValue, support: TreeShapSupport, X: Matrix, K: number): Promise<Float64Array> {
	return support.margins ? support.margins.values(model.estimator, X, K) : outputs(model, X);
}

/** Model outputs, rows × outputs: class probabilities or values. */
async function outputs(model: ModelValue, X: Matrix): Promise<Float64Array> {
	const out = await predict(model, X);
	return model.task === 'classification' ? out.proba! : out.values!;
}

export default defineNode({
	type: 'evaluate.explain',
	version: 1,
	category: 'evaluate',
	title: 'Explain model',
	description:
		'Which features a trained model relies on: permutation importance (score drop when a feature is shuffled, with a 95% interval) for any model, exact TreeSHAP values for tree, forest and gradient-boosting models, sampling KernelSHAP for the others (not image or text models), and a partial dependence / ICE curve for one feature.',
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('explanation') },
	params: {
		rows: p.choice(['validation', 'test'], {
			default: 'validation',
			label: 'Rows',
			help: 'Which held-out rows to explain the model on. Importances on the training rows would reward what the model memorised.'
		}),
		repeats: p.int({
			default: 5,
			min: 1,
			max: 100,
			label: 'Repeats',
			help: 'Shuffles per feature for permutation importance; more repeats give a narrower interval'
		}),
		feature: p.column({
			kinds: ['number', 'boolean', 'category'],
			label: 'Partial dependence feature',
			help: 'A model feature to draw partial dependence and ICE curves for (the model output as this feature sweeps its 5th–95th percentiles); none: no curve'
		}),
		maxRows: p.int({
			default: 1000,
			min: 10,
			max: 100_000,
			label: 'Max rows explained',
			help: `A seeded sample of at most this many rows is explained. Tree, forest and gradient-boosting models get exact TreeSHAP values for all of them (per-row values are kept for the first ${SHAP_ROWS}); other models get sampling KernelSHAP on a smaller sample (SHAP rows). Image and text models get permutation importance and partial dependence only.`
		}),
		shapRows: p.int({
			default: 100,
			min: 1,
			max: SHAP_ROWS,
			label: 'SHAP rows (KernelSHAP)',
			help: 'For models other than trees: how many of the explained rows get KernelSHAP values. Each row costs one prediction per coalition (up to 2 × features + 2048) per background row, so keep it modest for slow models.'
		}),
		background: p.int({
			default: 50,
			min: 1,
			max: 500,
			label: 'Background rows (KernelSHAP)',
			help: 'For models other than trees: a seeded sample of this many training rows stands for "a feature left out"; the SHAP values explain each prediction relative to the mean prediction over them. More rows: steadier values, proportionally slower.'
		}),
		seed: p.seed({ help: 'Row sample and shuffles; the same seed gives the same importances' })
	},
	run: async (inputs, params, ctx) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		const split = params.rows === 'test' ? 'test' : 'validation';
		const seed = seedOf(params.seed, ctx.seed);
		const all = labelledRows(data.frame, model.target, rowsWithRole(data, split === 'test' ? Role.test : Role.validation));
		if (all.length < 2) throw new Error(`there are fewer than two labelled ${split} rows to explain the model on`);
		const rows = Uint32Array.from(sampleIndices(all.length, params.maxRows, seed), (i) => all[i]).sort();
		const X = modelMatrix(model, data.frame, rows);
		const isClass = model.task === 'classification';
		const truth = isClass ? classCodes(data.frame, model.target, rows, model.classes!) : targetValues(data.frame, model.target, rows);
		const score = async (Xp: Matrix) => {
			const out = await predict(model, Xp);
			return isClass ? accuracy(truth, out.codes!) : r2(truth, out.values!);
		};
		ctx.progress(0, 'permutation importance');
		const perm = await permutationImportance(score, X, { repeats: params.repeats, seed, signal: ctx.signal });

		let shap: ShapExplanation | null = null;
		let note: string | null = null;
		const support: ShapSupport = modelFamily(model.family)?.shap ?? { method: 'kernel' };
		if (support.method === 'tree') {
			ctx.progress(0.5, 'TreeSHAP');
			shap = await treeExplanation(model, support, data, X, ctx.signal);
		} else if (support.method === 'none')
			note = `SHAP values are not computed for ${support.kind} models (their features are ${model.features.length} ${support.features}); the report shows permutation importance alone.`;
		else {
			const background = modelMatrix(model, data.frame, pick(rowsWithRole(data, Role.train, true), params.background, seed));
			const explained = pick(
				Uint32Array.from({ length: X.rows }, (_, i) => i),
				params.shapRows,
				seed
			);
			const Xs: Matrix = { rows: explained.length, cols: X.cols, data: new Float64Array(explained.length * X.cols) };
			explained.forEach((r, i) => Xs.data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols));
			ctx.progress(0.4, 'KernelSHAP');
			shap = await kernelExplanation(model, Xs, background, seed, ctx);
		}

		let pd: ExplainReport['partialDependence'] = null;
		const feature = typeof params.feature === 'string' ? params.feature : '';
		if (feature) {
			const j = model.features.indexOf(feature);
			if (j < 0) throw new Error(`"${feature}" is not one of the model's features (${model.features.join(', ')})`);
			ctx.progress(0.8, 'partial dependence');
			const res = await partialDependence((Xp) => outputs(model, Xp), X, j, { signal: ctx.signal });
			const G = res.grid.length;
			pd = {
				feature,
				outputs: isClass ? [...model.classes!] : ['prediction'],
				grid: res.grid,
				average: nested(res.average, 1, G, res.outputs)[0],
				ice: nested(res.ice, Math.min(SHAP_ROWS, X.rows), G, res.outputs)
			};
		}

		const r = (v: number) => Number(v.toPrecision(6));
		const columns = ['feature', 'importance (mean drop)', 'std', '95% low', '95% high', ...(shap ? ['mean |SHAP|'] : [])];
		const table = model.features.map((name, j) => {
			const f = perm.features[j];
			return [name, r(f.mean), r(f.std), r(f.low), r(f.high), ...(shap ? [r(shap.meanAbs[j])] : [])];
		});
		table.sort((a, b) => (b[1] as number) - (a[1] as number));
		const report: ExplainReport = {
			type: 'explain',
			title: `Explain model (${split} rows)`,
			columns,
			rows: table,
			split,
			explained: X.rows,
			repeats: params.repeats,
			baseline: { metric: isClass ? 'accuracy' : 'r2', score: perm.baseline },
			shap,
			note,
			partialDependence: pd
		};
		return { report: { kind: 'report', report } };
	}
});
