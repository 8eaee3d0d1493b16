import type { Matrix } from '../../../ml/matrix';
import { sampleIndices } from '../../../ml/evaluation/sample';
import { partialDependence } from '../../../ml/explain/partial-dependence';
import { accuracy, permutationImportance, r2 } from '../../../ml/explain/permutation';
import { forestShapModel, gbdtShapModel, treeShap, treeShapModel, type ShapModel } from '../../../ml/explain/tree-shap';
import type { TreeState } from '../../../ml/trees/cart';
import type { ForestState } from '../../../ml/trees/forest';
import type { GbdtState } from '../../../ml/trees/hist-gbdt';
import { predictRaw } from '../../../ml/trees/hist-predict';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, labelledRows, modelMatrix, targetValues } from '../../modeling';
import { p } from '../../params';
import { port, Role, type DatasetValue, type ModelValue } from '../../ports';
import { predict } from '../../predictors';
import type { TableReport } from '../../reports';

/** Rows whose SHAP values are kept one by one (for a beeswarm or a single row's waterfall). */
export const SHAP_ROWS = 200;

export interface ShapExplanation {
	/** What each output explains: class probabilities (tree, forest), raw margins (gbdt) or the value. */
	readonly outputs: readonly string[];
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

export interface ExplainReport extends TableReport {
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

const TREE_FAMILIES = ['tree', 'forest', 'gbdt'];

/** The tree model TreeSHAP walks; CART covers come from passing the training rows down. */
function shapModel(model: ModelValue, data: DatasetValue): ShapModel {
	if (model.family === 'gbdt') return gbdtShapModel(model.estimator as GbdtState);
	const train = modelMatrix(model, data.frame, rowsWithRole(data, Role.train, true));
	return model.family === 'tree' ? treeShapModel(model.estimator as TreeState, train) : forestShapModel(model.estimator as ForestState, train);
}

function nested(flat: Float64Array, rows: number, a: number, b: number): number[][][] {
	return Array.from({ length: rows }, (_, i) => Array.from({ length: a }, (_, j) => Array.from(flat.subarray((i * a + j) * b, (i * a + j + 1) * b))));
}

/** What TreeSHAP explains, rows × outputs: GBDT's raw margins (stored class-major), else outputs(). */
async function explainedOutputs(model: ModelValue, X: Matrix, K: number): Promise<Float64Array> {
	if (model.family !== 'gbdt') return outputs(model, X);
	const raw = predictRaw(model.estimator as GbdtState, X);
	return Float64Array.from({ length: X.rows * K }, (_, at) => raw[(at % K) * X.rows + Math.floor(at / K)]);
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
		'Which features a trained model relies on: permutation importance (score drop when a feature is shuffled, with a 95% interval) for any model, exact TreeSHAP values for tree, forest and gradient-boosting models, and a partial dependence / ICE curve for one feature.',
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('explanation') },
	params: {
		rows: p.choice(['validation', 'test'], {
			default: 'validation',
			label: 'Rows',
			help: 'Which held-out rows to explain the model on. Importances on the training rows would reward what the model memorised.'
		}),
		repeats: p.int({ default: 5, min: 1, max: 100, label: 'Repeats', help: 'Shuffles per feature for permutation importance; more repeats give a narrower interval' }),
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
			help: `A seeded sample of at most this many rows is explained. SHAP values are computed only for tree, forest and gradient-boosting models (exact TreeSHAP); other models get permutation importance and partial dependence, and the report says SHAP was left out. Per-row SHAP values are kept for the first ${SHAP_ROWS} rows.`
		}),
		seed: p.int({ default: 0, min: 0, max: 2 ** 31 - 1, label: 'Seed', help: 'Row sample and shuffles; the same seed gives the same importances' })
	},
	run: async (inputs, params, ctx) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		const split = params.rows === 'test' ? 'test' : 'validation';
		const seed = Number(params.seed);
		const all = labelledRows(data.frame, model.target, rowsWithRole(data, split === 'test' ? Role.test : Role.validation));
		if (all.length < 2) throw new Error(`there are fewer than two labelled ${split} rows to explain the model on`);
		const rows = Uint32Array.from(sampleIndices(all.length, Number(params.maxRows), seed), (i) => all[i]).sort();
		const X = modelMatrix(model, data.frame, rows);
		const isClass = model.task === 'classification';
		const truth = isClass ? classCodes(data.frame, model.target, rows, model.classes!) : targetValues(data.frame, model.target, rows);
		const score = async (Xp: Matrix) => {
			const out = await predict(model, Xp);
			return isClass ? accuracy(truth, out.codes!) : r2(truth, out.values!);
		};
		ctx.progress(0, 'permutation importance');
		const perm = await permutationImportance(score, X, { repeats: Number(params.repeats), seed, signal: ctx.signal });

		let shap: ShapExplanation | null = null;
		let note: string | null = null;
		if (TREE_FAMILIES.includes(model.family)) {
			ctx.progress(0.5, 'TreeSHAP');
			const m = shapModel(model, data);
			const res = await treeShap(m, X, ctx.signal);
			const p = m.features;
			const K = m.outputs;
			const meanAbs = Array.from({ length: p }, (_, j) => {
				let s = 0;
				for (let i = 0; i < X.rows; i++) for (let k = 0; k < K; k++) s += Math.abs(res.values[(i * p + j) * K + k]);
				return s / (X.rows * K);
			});
			const kept = Math.min(SHAP_ROWS, X.rows);
			const names = !isClass ? ['prediction'] : model.family === 'gbdt' ? (K === 1 ? [`log-odds of ${model.classes![1]}`] : model.classes!.map((c) => `margin of ${c}`)) : [...model.classes!];
			const head: Matrix = { rows: kept, cols: p, data: X.data.slice(0, kept * p) };
			shap = {
				outputs: names,
				predictions: nested(await explainedOutputs(model, head, K), 1, kept, K)[0],
				expected: Array.from(res.expected),
				meanAbs,
				values: nested(res.values, kept, p, K),
				features: Array.from({ length: kept }, (_, i) => Array.from(X.data.subarray(i * p, (i + 1) * p)))
			};
		} else note = `SHAP values are computed for tree, forest and gradient-boosting models only; this is a ${model.family} model, so the report shows permutation importance alone.`;

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
			type: 'table',
			title: `Explain model (${split} rows)`,
			columns,
			rows: table,
			split,
			explained: X.rows,
			repeats: Number(params.repeats),
			baseline: { metric: isClass ? 'accuracy' : 'r2', score: perm.baseline },
			shap,
			note,
			partialDependence: pd
		};
		return { report: { kind: 'report', report } };
	}
});
