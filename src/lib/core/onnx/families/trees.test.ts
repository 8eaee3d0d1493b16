import { describe, expect, it } from 'vitest';
import type { TreeState } from '../../ml/trees/cart';
import type { ForestState } from '../../ml/trees/forest';
import type { GbdtState } from '../../ml/trees/hist-gbdt';
import forest from '../../nodes/catalog/model/forest';
import gbdt from '../../nodes/catalog/model/gbdt';
import tree from '../../nodes/catalog/model/tree';
import type { ModelValue } from '../../nodes/ports';
import { attr, GraphBuilder, type OnnxAttr } from '../ir';
import { allRows, parity, sample, stack, stepFloat32, thresholdRows, trainOn, type ParityResult } from './parity-kit';
import { forestConverter, gbdtConverter, treeConverter } from './trees';
import { ensembleAttributes, type EnsembleTree } from './tree-ensemble';
import { serialiseModel } from '../proto';
import * as ort from 'onnxruntime-node';

/** The double next to v towards +Infinity (up) or -Infinity. */
function stepFloat64(v: number, up: boolean): number {
	const d = new Float64Array([v]);
	const u = new BigInt64Array(d.buffer);
	if (d[0] === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
	u[0] += d[0] > 0 === up ? 1n : -1n;
	return d[0];
}

/**
 * CART rounds features to float32 before comparing (tree-predict.ts): the threshold itself, the
 * doubles next to it, and the float32 values around it, must all go Tessera's way.
 */
const cartEdges = (t: number) => {
	const r = Math.fround(t);
	return [t, stepFloat64(t, false), stepFloat64(t, true), r, stepFloat32(r, false), stepFloat32(r, true)];
};
/**
 * Gradient boosting compares float64 values: the threshold itself (left, 93.4 ≤ 93.4), the
 * doubles next to it, and its float32 rounding (which a float graph would have confused with it).
 */
const histEdges = (t: number) => [t, stepFloat64(t, false), stepFloat64(t, true), Math.fround(t)];

const PENGUIN_MEASURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
// Every 7th/11th value blanked, so missing values reach many splits (penguins has only two such rows).
const HOLES = { 'Beak Length (mm)': 7, 'Flipper Length (mm)': 11 };

function cartSplits(trees: readonly TreeState[]) {
	return trees.flatMap((t) => t.feature.flatMap((feature, n) => (feature >= 0 ? [{ feature, threshold: t.threshold[n] }] : [])));
}

function histSplits(s: GbdtState) {
	return s.trees.flatMap((t) =>
		t.feature.flatMap((feature, n) => (feature >= 0 && !t.categories[n] ? [{ feature, threshold: t.threshold[n] }] : []))
	);
}

function expectClassParity(r: ParityResult): void {
	expect(r.labelMismatches).toBe(0);
	expect(r.maxProbDiff).toBeLessThan(1e-5);
}

/** A graph of one ensemble on a double input X [N, 1], scored by onnxruntime-node. */
async function runEnsemble(opType: string, attrs: Record<string, OnnxAttr>, x: readonly number[]): Promise<Record<string, ort.Tensor>> {
	const g = new GraphBuilder();
	const X = g.input('X', 'double', [null, 1]);
	const outputs = g.node(opType, [X], opType === 'TreeEnsembleClassifier' ? ['label', 'scores'] : ['value'], attrs, 'ai.onnx.ml');
	if (outputs.length === 2) {
		g.output(outputs[0], 'int64', [null]);
		g.output(outputs[1], 'float', [null, null]);
	} else g.output(outputs[0], 'float', [null, 1]);
	const session = await ort.InferenceSession.create(serialiseModel(g, { name: 'as-tensor' }));
	const out = await session.run({ X: new ort.Tensor('float64', Float64Array.from(x), [x.length, 1]) });
	await session.release();
	return out;
}

/** The *_as_tensor attributes as the float lists ONNX also allows (the control of the test below). */
function floatAttributes(attrs: Record<string, OnnxAttr>): Record<string, OnnxAttr> {
	const out: Record<string, OnnxAttr> = {};
	for (const [name, a] of Object.entries(attrs))
		if (name.endsWith('_as_tensor') && a.kind === 'tensor')
			out[name.slice(0, -'_as_tensor'.length)] = attr.floats(Array.from(a.value.data as Float64Array));
		else out[name] = a;
	return out;
}

describe('onnxruntime-node honours the double (*_as_tensor) attributes on a double input', () => {
	// 0.1 and the next double above it are one float32; 1e10 + (−1e10 + 0.25) is 0 in float32 sums.
	const t = 0.1;
	const above = stepFloat64(t, true);
	const tree = (left: number, right: number): EnsembleTree => [
		{ feature: 0, threshold: t, left: 1, right: 2, missingLeft: false },
		{ votes: [{ target: 0, weight: left }] },
		{ votes: [{ target: 0, weight: right }] }
	];

	it('TreeEnsembleRegressor: thresholds, weights and base values in double', async () => {
		expect(Math.fround(above)).toBe(Math.fround(t));
		const out = await runEnsemble(
			'TreeEnsembleRegressor',
			{
				...ensembleAttributes([tree(1e10, 2e10), tree(-1e10 + 0.25, -2e10 + 0.5)], 'target', true),
				n_targets: attr.int(1),
				aggregate_function: attr.string('SUM'),
				base_values_as_tensor: attr.tensor({ type: 'double', dims: [1], data: Float64Array.of(0.125) })
			},
			[t, above]
		);
		// Left at x = t, right at the next double: float thresholds would send both left; float
		// weights would sum to 0 (or 0.125) and the output would not see the 0.25 / 0.5.
		expect(Array.from(out.value.data as Float32Array)).toEqual([0.375, 0.625]);
		// The control: the same ensemble with float attributes loses both.
		const float = await runEnsemble(
			'TreeEnsembleRegressor',
			{
				...floatAttributes(ensembleAttributes([tree(1e10, 2e10), tree(-1e10 + 0.25, -2e10 + 0.5)], 'target', true)),
				n_targets: attr.int(1),
				aggregate_function: attr.string('SUM'),
				base_values: attr.floats([0.125])
			},
			[t, above]
		);
		expect(Array.from(float.value.data as Float32Array)).toEqual([0.125, 0.125]);
	});

	it('TreeEnsembleClassifier: the same, and the label from the double sums', async () => {
		const votes = (a: number, b: number): EnsembleTree => [
			{ feature: 0, threshold: t, left: 1, right: 2, missingLeft: false },
			{
				votes: [
					{ target: 0, weight: a },
					{ target: 1, weight: 1e10 },
					{ target: 2, weight: 0 }
				]
			},
			{
				votes: [
					{ target: 0, weight: b },
					{ target: 1, weight: 1e10 },
					{ target: 2, weight: 0 }
				]
			}
		];
		const out = await runEnsemble(
			'TreeEnsembleClassifier',
			{
				// Class 0 scores 1e10 + 2⁻¹⁹ on the left (above class 1's 1e10 only in double: one ulp), 1e10 − 2⁻¹⁹ on the right.
				...ensembleAttributes([votes(1e10 + 2 ** -19, 1e10 - 2 ** -19)], 'class', true),
				classlabels_int64s: attr.ints([0, 1, 2]),
				post_transform: attr.string('NONE')
			},
			[t, above]
		);
		expect(Array.from(out.label.data as BigInt64Array, Number)).toEqual([0, 1]);
	});
});

describe('tree and forest to ONNX (TreeEnsembleClassifier / Regressor) against onnxruntime-node', () => {
	it('decision tree, iris (3 classes)', async () => {
		const data = sample('iris', 'species');
		const model = await trainOn(tree, data);
		const X = allRows(model, data);
		const r = await parity(treeConverter, model, stack(X, thresholdRows(X, cartSplits([model.estimator as TreeState]), cartEdges)));
		expectClassParity(r);
	});

	it('decision tree, penguins sex (binary) with missing measurements', async () => {
		const data = sample('penguins', 'Sex', HOLES, ['.']);
		const model = await trainOn(tree, data, { features: PENGUIN_MEASURES });
		const s = model.estimator as TreeState;
		expect(s.missingLeft.some((m) => m === 1)).toBe(true);
		const X = allRows(model, data);
		expectClassParity(await parity(treeConverter, model, stack(X, thresholdRows(X, cartSplits([s]), cartEdges))));
	});

	it('decision tree regression, diabetes', async () => {
		const data = sample('diabetes', 'progression');
		const model = await trainOn(tree, data, { maxDepth: 8 });
		const X = allRows(model, data);
		const r = await parity(treeConverter, model, stack(X, thresholdRows(X, cartSplits([model.estimator as TreeState]), cartEdges)));
		expect(r.maxValueDiff).toBeLessThan(1e-6);
	});

	it('random forest, wine (3 classes)', async () => {
		const data = sample('wine', 'cultivar');
		const model = await trainOn(forest, data, { trees: 40 });
		const X = allRows(model, data);
		const r = await parity(
			forestConverter,
			model,
			stack(X, thresholdRows(X, cartSplits((model.estimator as ForestState).trees), cartEdges))
		);
		expectClassParity(r);
	});

	it('random forest, penguins sex (binary) with missing measurements', async () => {
		const data = sample('penguins', 'Sex', HOLES, ['.']);
		const model = await trainOn(forest, data, { trees: 30, features: PENGUIN_MEASURES });
		const X = allRows(model, data);
		const r = await parity(
			forestConverter,
			model,
			stack(X, thresholdRows(X, cartSplits((model.estimator as ForestState).trees), cartEdges))
		);
		expectClassParity(r);
	});

	it('a forest holding a single-leaf tree (a root that could not split)', async () => {
		const data = sample('iris', 'species');
		const model = await trainOn(forest, data, { trees: 5 });
		const s = model.estimator as ForestState;
		const stump: TreeState = {
			...s.trees[0],
			feature: [-1],
			threshold: [0],
			left: [-1],
			right: [-1],
			missingLeft: [0],
			value: [0.2, 0.5, 0.3]
		};
		const withStump = { ...model, estimator: { ...s, trees: [...s.trees, stump] } };
		expectClassParity(await parity(forestConverter, withStump, allRows(model, data)));
	});

	it('random forest regression, diabetes', async () => {
		const data = sample('diabetes', 'progression');
		const model = await trainOn(forest, data, { trees: 30 });
		const X = allRows(model, data);
		const r = await parity(
			forestConverter,
			model,
			stack(X, thresholdRows(X, cartSplits((model.estimator as ForestState).trees), cartEdges))
		);
		expect(r.maxValueDiff).toBeLessThan(1e-5);
	});
});

/** Rows of X with each category feature set to NaN (missing) and to a code past the fitted ones (unseen). */
function categoryEdgeRows(model: ModelValue, X: ReturnType<typeof allRows>): number[][] {
	const s = model.estimator as GbdtState;
	const rows: number[][] = [];
	s.categorical.forEach((cat, f) => {
		if (!cat) return;
		for (const v of [NaN, s.nBins[f], 200])
			for (let r = 0; r < X.rows; r += 9) {
				const row = Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols));
				row[f] = v;
				rows.push(row);
			}
	});
	return rows;
}

/**
 * The baseline goes in as one single-leaf tree per score ahead of the boosted trees (so sums start
 * from it, as Tessera's), and base_values are 0.
 */
function expectBaselineTrees(attrs: Readonly<Record<string, OnnxAttr>>, baseline: readonly number[]): void {
	const base = attrs.base_values_as_tensor;
	expect(base.kind === 'tensor' && Array.from(base.value.data as Float64Array)).toEqual(baseline.map(() => 0));
	const weights = attrs.class_weights_as_tensor;
	if (weights.kind !== 'tensor') throw new Error('expected a tensor');
	const trees = ints(attrs.class_treeids);
	baseline.forEach((b, k) => {
		const at = trees.indexOf(k);
		expect(trees.filter((t) => t === k)).toHaveLength(1);
		expect(weights.value.data[at]).toBe(b);
	});
	expect(attrs.base_values).toBeUndefined();
	expect(attrs.nodes_values).toBeUndefined();
}

function ints(a: OnnxAttr): readonly number[] {
	if (a.kind !== 'ints') throw new Error(`expected ints, got ${a.kind}`);
	return a.value;
}

function strings(a: OnnxAttr): readonly string[] {
	if (a.kind !== 'strings') throw new Error(`expected strings, got ${a.kind}`);
	return a.value;
}

describe('gradient boosting graph, as scikit-learn-onnx writes HistGradientBoosting', () => {
	it('binary: one score per leaf (class 0), the baseline as base value, LOGISTIC; categorical splits on membership columns', async () => {
		const model = await trainOn(gbdt, sample('penguins', 'Sex', HOLES, ['.']), { maxIter: 30 });
		const s = model.estimator as GbdtState;
		const g = new GraphBuilder();
		gbdtConverter(g, model, g.input('X', 'double', [null, model.features.length]));
		const ensemble = g.nodes.find((n) => n.op === 'TreeEnsembleClassifier')!;
		expect(ensemble.domain).toBe('ai.onnx.ml');
		expect(ensemble.attrs.post_transform).toEqual(attr.string('LOGISTIC'));
		expectBaselineTrees(ensemble.attrs, s.baseline);
		expect(new Set(ints(ensemble.attrs.class_ids))).toEqual(new Set([0]));
		expect(new Set(strings(ensemble.attrs.nodes_modes))).toEqual(new Set(['BRANCH_LEQ', 'LEAF']));
		// One extra column per distinct (feature, left-going set), appended after the model's features.
		const distinct = new Set(s.trees.flatMap((t) => t.categories.flatMap((c, n) => (c ? [`${t.feature[n]}:${[...c].sort()}`] : []))));
		expect(distinct.size).toBeGreaterThan(0);
		const used = ints(ensemble.attrs.nodes_featureids);
		expect(Math.max(...used)).toBe(model.features.length + distinct.size - 1);
	});

	it('multiclass: one tree per class per round (class_ids cycle), base values per class, SOFTMAX', async () => {
		const model = await trainOn(gbdt, sample('iris', 'species'), { maxIter: 4 });
		const s = model.estimator as GbdtState;
		const g = new GraphBuilder();
		gbdtConverter(g, model, g.input('X', 'double', [null, 4]));
		const ensemble = g.nodes.find((n) => n.op === 'TreeEnsembleClassifier')!;
		expect(ensemble.attrs.post_transform).toEqual(attr.string('SOFTMAX'));
		expectBaselineTrees(ensemble.attrs, s.baseline);
		// After the 3 baseline trees, tree 3 + i is boosted tree i, of class i % 3.
		const trees = ints(ensemble.attrs.class_treeids);
		const ids = ints(ensemble.attrs.class_ids);
		trees.forEach((t, i) => expect(ids[i]).toBe(t < 3 ? t : (t - 3) % 3));
		// No categorical split: the ensemble reads X itself.
		expect(ensemble.inputs).toEqual(['X']);
	});
});

describe('gradient boosting to ONNX against onnxruntime-node', () => {
	it('penguins species (3 classes, SOFTMAX) with Island and Sex as categories and missing values', async () => {
		const data = sample('penguins', 'Species', HOLES);
		const model = await trainOn(gbdt, data, { maxIter: 40 });
		const s = model.estimator as GbdtState;
		expect(s.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
		const X = allRows(model, data);
		const r = await parity(gbdtConverter, model, stack(X, [...thresholdRows(X, histSplits(s), histEdges), ...categoryEdgeRows(model, X)]));
		expectClassParity(r);
	});

	it('penguins sex (binary, LOGISTIC) with Species and Island as categories and missing values', async () => {
		const data = sample('penguins', 'Sex', HOLES, ['.']);
		const model = await trainOn(gbdt, data, { maxIter: 60 });
		const s = model.estimator as GbdtState;
		expect(s.loss).toBe('binary');
		expect(s.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
		const X = allRows(model, data);
		const r = await parity(gbdtConverter, model, stack(X, [...thresholdRows(X, histSplits(s), histEdges), ...categoryEdgeRows(model, X)]));
		expectClassParity(r);
	});

	it('binary with every leaf ≥ 0 (ONNX Runtime would read such scores as probabilities): a −1 leaf no row reaches', async () => {
		const data = sample('penguins', 'Sex', HOLES, ['.']);
		const model = await trainOn(gbdt, data, { maxIter: 20 });
		const s = model.estimator as GbdtState;
		// The same predictions with every tree lifted above 0 and the baseline lowered to match.
		let lift = 0;
		const trees = s.trees.map((t) => {
			const c = 0.01 - Math.min(...t.value.filter((_, n) => t.feature[n] < 0));
			lift += c;
			return { ...t, value: t.value.map((v, n) => (t.feature[n] < 0 ? v + c : v)) };
		});
		const lifted = { ...model, estimator: { ...s, trees, baseline: [Math.abs(s.baseline[0] - lift)] } };
		expect(trees.every((t) => t.value.every((v, n) => t.feature[n] >= 0 || v > 0))).toBe(true);
		expectClassParity(await parity(gbdtConverter, lifted, allRows(model, data)));
	});

	it('seattle weather (5 classes), numbers only', async () => {
		const data = sample('seattle-weather', 'weather');
		const model = await trainOn(gbdt, data, { maxIter: 30, features: ['precipitation', 'temp_max', 'temp_min', 'wind'] });
		const X = allRows(model, data);
		const r = await parity(gbdtConverter, model, stack(X, thresholdRows(X, histSplits(model.estimator as GbdtState), histEdges)));
		expectClassParity(r);
	});

	it('regression: penguins body mass with categories and missing values', async () => {
		const data = sample('penguins', 'Body Mass (g)', HOLES);
		const model = await trainOn(gbdt, data, { maxIter: 50 });
		const X = allRows(model, data);
		const s = model.estimator as GbdtState;
		const r = await parity(gbdtConverter, model, stack(X, [...thresholdRows(X, histSplits(s), histEdges), ...categoryEdgeRows(model, X)]));
		expect(r.maxValueDiff).toBeLessThan(1e-6);
	});

	it('regression sums in double: seattle temp_max over 100 rounds, weather as a category (float32 sums drift 5e-6)', async () => {
		const data = sample('seattle-weather', 'temp_max');
		const model = await trainOn(gbdt, data, { features: ['precipitation', 'temp_min', 'wind', 'weather'] });
		expect((model.estimator as GbdtState).trees).toHaveLength(100);
		const r = await parity(gbdtConverter, model, allRows(model, data));
		// Only the float32 output's rounding (2⁻²⁴ ≈ 6e-8 of the value) is left.
		expect(r.maxValueDiff).toBeLessThan(1e-7);
	});

	it('regression: diabetes', async () => {
		const data = sample('diabetes', 'progression');
		const model = await trainOn(gbdt, data, { maxIter: 80 });
		const X = allRows(model, data);
		const r = await parity(gbdtConverter, model, stack(X, thresholdRows(X, histSplits(model.estimator as GbdtState), histEdges)));
		expect(r.maxValueDiff).toBeLessThan(1e-6);
	});
});
