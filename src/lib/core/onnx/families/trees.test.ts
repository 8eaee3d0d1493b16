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
import { float32AtOrBelow, float32Nearest } from './tree-ensemble';

/**
 * CART reads features as float32: the threshold itself, the float32 at or below it (left) and
 * the next float32 (right) must all agree.
 */
const cartEdges = (t: number) => [t, float32AtOrBelow(t), stepFloat32(float32AtOrBelow(t), true)];
/**
 * Gradient boosting reads float64 values: the threshold itself (left, 93.4 ≤ 93.4), the float32
 * values next to its float32 rounding, and that rounding when it is not above the threshold.
 */
const histEdges = (t: number) => {
	const r = float32Nearest(t);
	return [t, stepFloat32(r, false), stepFloat32(r, true), ...(r <= t ? [r] : [])];
};

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

describe('float32AtOrBelow', () => {
	it('gives the largest float32 not above the threshold', () => {
		// 0.1 rounds up in float32: the threshold must step down one float32.
		expect(Math.fround(0.1)).toBeGreaterThan(0.1);
		expect(float32AtOrBelow(0.1)).toBe(0.09999999403953552);
		expect(float32AtOrBelow(-0.1)).toBe(-0.10000000149011612);
		expect(float32AtOrBelow(1.5)).toBe(1.5);
		expect(float32AtOrBelow(1e300)).toBe(3.4028234663852886e38);
		expect(float32AtOrBelow(Infinity)).toBe(Infinity);
		expect(float32AtOrBelow(Number.MAX_VALUE)).toBe(3.4028234663852886e38);
		// Between two adjacent float32 values: the midpoint rounds (ties to even) onto either.
		const a = Math.fround(1.1);
		const b = new Float32Array([a]);
		new Int32Array(b.buffer)[0]++;
		expect(float32AtOrBelow(a / 2 + b[0] / 2)).toBe(a);
	});

	it('float32Nearest rounds, but keeps a finite threshold finite', () => {
		expect(float32Nearest(93.4)).toBe(Math.fround(93.4));
		expect(float32Nearest(93.4)).toBeGreaterThan(93.4);
		expect(float32Nearest(1e300)).toBe(3.4028234663852886e38);
		expect(float32Nearest(-1e300)).toBe(-3.4028234663852886e38);
		expect(float32Nearest(Infinity)).toBe(Infinity);
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
		gbdtConverter(g, model, g.input('X', 'float', [null, model.features.length]));
		const ensemble = g.nodes.find((n) => n.op === 'TreeEnsembleClassifier')!;
		expect(ensemble.domain).toBe('ai.onnx.ml');
		expect(ensemble.attrs.post_transform).toEqual(attr.string('LOGISTIC'));
		expect(ensemble.attrs.base_values).toEqual(attr.floats(s.baseline));
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
		gbdtConverter(g, model, g.input('X', 'float', [null, 4]));
		const ensemble = g.nodes.find((n) => n.op === 'TreeEnsembleClassifier')!;
		expect(ensemble.attrs.post_transform).toEqual(attr.string('SOFTMAX'));
		expect(ensemble.attrs.base_values).toEqual(attr.floats(s.baseline));
		const trees = ints(ensemble.attrs.class_treeids);
		const ids = ints(ensemble.attrs.class_ids);
		trees.forEach((t, i) => expect(ids[i]).toBe(t % 3));
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

	it('binary with every leaf ≥ 0 (ONNX Runtime would read such scores as probabilities): moved to the base value', async () => {
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
		const lifted = { ...model, estimator: { ...s, trees, baseline: [s.baseline[0] - lift] } };
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
