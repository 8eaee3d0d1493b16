import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { fitTree, type TreeOptions } from '../trees/cart';
import { fitForest, predictForestOutput } from '../trees/forest';
import { fitGbdt, type GbdtOptions } from '../trees/hist-gbdt';
import { predictRaw } from '../trees/hist-predict';
import { addTreeOutput } from '../trees/tree-predict';
import { bruteShapley } from './brute-shapley';
import { forestShapModel, gbdtShapModel, treeShap, treeShapModel, type ShapModel } from './tree-shap';

/**
 * Synthetic rows: 5 features with interactions, some missing values (x3) and a categorical
 * x4 (codes 0..5) for the GBDT. Targets: regression, 2 and 3 classes.
 */
function synthetic(n: number, seed: number, missing = true): { X: Matrix; reg: Float64Array; bin: Int32Array; multi: Int32Array } {
	const random = createRandom(seed);
	const p = 5;
	const data = new Float64Array(n * p);
	const reg = new Float64Array(n);
	const bin = new Int32Array(n);
	const multi = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const x = [random() * 4 - 2, random() * 2, random(), random() * 3, Math.floor(random() * 6)];
		if (missing && random() < 0.15) x[3] = NaN;
		data.set(x, i * p);
		const x3 = Number.isNaN(x[3]) ? 2 : x[3];
		const cat = x[4] % 2 === 0 ? 1.5 : -1.5;
		reg[i] = x[0] * x[1] + 2 * (x[2] > 0.5 ? 1 : 0) + x3 + cat + 0.3 * (random() - 0.5);
		bin[i] = reg[i] + 0.5 * (random() - 0.5) > 1.5 ? 1 : 0;
		multi[i] = reg[i] < 0.5 ? 0 : reg[i] < 2.5 ? 1 : 2;
	}
	return { X: { rows: n, cols: p, data }, reg, bin, multi };
}

const cart = (classes: number, maxDepth: number): TreeOptions => ({
	classes,
	criterion: classes ? 'gini' : 'squared_error',
	maxDepth,
	minSamplesSplit: 2,
	minSamplesLeaf: 3,
	maxFeatures: 5,
	seed: 1
});

const gbdt = (loss: GbdtOptions['loss'], nClasses: number): GbdtOptions => ({
	loss,
	nClasses,
	categorical: [false, false, false, false, true],
	learningRate: 0.2,
	maxIter: 15,
	maxLeafNodes: 8,
	maxDepth: 0,
	minSamplesLeaf: 10,
	l2: 0,
	maxBins: 255,
	earlyStopping: false,
	nIterNoChange: 10,
	tol: 1e-7,
	validationFraction: 0.1,
	subsample: 1,
	colsample: 1,
	seed: 0
});

/** Rows × outputs, row-major. */
function rowOutputs(raw: Float64Array, rows: number, K: number, classMajor: boolean): Float64Array {
	if (!classMajor) return raw;
	const out = new Float64Array(rows * K);
	for (let i = 0; i < rows; i++) for (let k = 0; k < K; k++) out[i * K + k] = raw[k * rows + i];
	return out;
}

/** SHAP values of each row and output sum to the prediction minus the expected value. */
async function expectAdditive(m: ShapModel, X: Matrix, prediction: Float64Array): Promise<number> {
	const { values, expected } = await treeShap(m, X);
	const K = m.outputs;
	const p = m.features;
	let worst = 0;
	for (let i = 0; i < X.rows; i++)
		for (let k = 0; k < K; k++) {
			let sum = expected[k];
			for (let j = 0; j < p; j++) sum += values[(i * p + j) * K + k];
			worst = Math.max(worst, Math.abs(sum - prediction[i * K + k]));
		}
	expect(worst).toBeLessThan(1e-6);
	return worst;
}

/** TreeSHAP equals the Shapley values of the same game computed over all 2^p subsets. */
async function expectBrute(m: ShapModel, X: Matrix, rows: number): Promise<void> {
	const sub: Matrix = { rows, cols: X.cols, data: X.data.slice(0, rows * X.cols) };
	const { values } = await treeShap(m, sub);
	const width = m.features * m.outputs;
	for (let i = 0; i < rows; i++) {
		const brute = bruteShapley(m, sub, i);
		const fast = values.subarray(i * width, (i + 1) * width);
		for (let j = 0; j < width; j++) expect(fast[j]).toBeCloseTo(brute[j], 9);
	}
}

describe('TreeSHAP (exact, path-dependent)', () => {
	const train = synthetic(400, 7);
	const test = synthetic(60, 8);

	it('CART regression: values sum to prediction − expected value and match brute force', async () => {
		const tree = await fitTree(train.X, train.reg, cart(0, 6));
		const m = treeShapModel(tree, train.X);
		const pred = new Float64Array(test.X.rows);
		addTreeOutput(tree, test.X, pred);
		await expectAdditive(m, test.X, pred);
		await expectBrute(m, test.X, 12);
	});

	it('CART classification (3 classes, per-class probabilities)', async () => {
		const tree = await fitTree(train.X, train.multi, cart(3, 0));
		const m = treeShapModel(tree, train.X);
		const pred = new Float64Array(test.X.rows * 3);
		addTreeOutput(tree, test.X, pred);
		await expectAdditive(m, test.X, pred);
		await expectBrute(m, test.X, 8);
	});

	it('the expected value of a CART tree is the mean training prediction', async () => {
		const tree = await fitTree(train.X, train.reg, cart(0, 5));
		const { expected } = await treeShap(treeShapModel(tree, train.X), { rows: 0, cols: 5, data: new Float64Array(0) });
		expect(expected[0]).toBeCloseTo(train.reg.reduce((a, b) => a + b, 0) / train.X.rows, 6);
	});

	it('forests: classification and regression, mean over trees', async () => {
		for (const [classes, y] of [
			[0, train.reg],
			[2, train.bin]
		] as const) {
			const { state } = await fitForest(train.X, y, { ...cart(classes, 6), trees: 12, bootstrap: true, maxFeatures: 2 });
			const m = forestShapModel(state, train.X);
			await expectAdditive(m, test.X, predictForestOutput(state, test.X));
			await expectBrute(m, test.X, 5);
		}
	});

	it('GBDT: raw margins with missing values and a categorical feature (regression, binary, 3 classes)', async () => {
		const categorical: number[] = [];
		for (const [loss, C, y] of [
			['squared', 1, train.reg],
			['binary', 2, train.bin],
			['multiclass', 3, train.multi]
		] as const) {
			const { state } = await fitGbdt(train.X, y, gbdt(loss, C));
			categorical.push(state.trees.filter((t) => t.categories.some((c) => c !== null)).length);
			const m = gbdtShapModel(state);
			const raw = rowOutputs(predictRaw(state, test.X), test.X.rows, state.outputs, true);
			await expectAdditive(m, test.X, raw);
			await expectBrute(m, test.X, 4);
		}
		// Regression and binary trees do split on the categorical feature (the 3-class ones need not).
		expect(categorical[0]).toBeGreaterThan(0);
		expect(categorical[1]).toBeGreaterThan(0);
	});

	it('a single split: the split feature gets the whole difference', async () => {
		const X: Matrix = { rows: 4, cols: 2, data: Float64Array.from([0, 5, 0, 6, 1, 5, 1, 6]) };
		const tree = await fitTree(X, Float64Array.from([0, 0, 10, 10]), { ...cart(0, 1), minSamplesLeaf: 1 });
		const { values, expected } = await treeShap(treeShapModel(tree, X), X);
		expect(expected[0]).toBeCloseTo(5, 9);
		expect(Array.from(values)).toEqual([-5, 0, -5, 0, 5, 0, 5, 0].map((v) => expect.closeTo(v, 6) as unknown as number));
	});
});
