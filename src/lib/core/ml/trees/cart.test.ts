import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { fitTree, resolveMaxFeatures, type TreeOptions } from './cart';
import { presort, toColumns } from './presort';
import { argmaxRows } from '../models/argmax';
import { predictTreeProba, predictTreeValues } from './tree-predict';

const col = (...xs: number[][]): Matrix => {
	const cols = xs[0].length;
	return { rows: xs.length, cols, data: Float64Array.from(xs.flat()) };
};
const column = (xs: number[]): Matrix => ({ rows: xs.length, cols: 1, data: Float64Array.from(xs) });
const cls = (classes: number, o: Partial<TreeOptions> = {}): TreeOptions => ({
	classes,
	criterion: 'gini',
	maxDepth: 0,
	minSamplesSplit: 2,
	minSamplesLeaf: 1,
	maxFeatures: 100,
	seed: 0,
	...o
});
const reg = (o: Partial<TreeOptions> = {}): TreeOptions => cls(0, { criterion: 'squared_error', ...o });
const classesOf = (t: Awaited<ReturnType<typeof fitTree>>, X: Matrix) => Array.from(argmaxRows(predictTreeProba(t, X), t.classes));

describe('presort', () => {
	it('orders each column ascending, negatives and -0 included, equal values in row order, missing last', () => {
		const X = col([3, 0], [NaN, 0], [-2, 0], [-0, 0], [1e30, 0], [-Infinity, 0], [0.5, 0]);
		const order = presort(toColumns(X));
		expect(Array.from(order.subarray(0, 7))).toEqual([5, 2, 3, 6, 0, 4, 1]);
		expect(Array.from(order.subarray(7))).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});
});

describe('CART by hand', () => {
	it('splits two classes at the midpoint, with pure leaves and all importance on the one feature', async () => {
		const t = await fitTree(column([1, 2, 3, 4]), Int32Array.from([0, 0, 1, 1]), cls(2));
		expect(t.feature).toEqual([0, -1, -1]);
		expect(t.threshold[0]).toBe(2.5);
		expect(t.value).toEqual([0.5, 0.5, 1, 0, 0, 1]);
		expect(t.importances).toEqual([1]);
		expect(classesOf(t, column([2.5, 2.6, -10, 99]))).toEqual([0, 1, 0, 1]);
	});

	it('regression: the split that zeroes the squared error, leaf means as predictions', async () => {
		const t = await fitTree(column([1, 2, 3, 10]), Float64Array.from([1, 1, 1, 5]), reg());
		expect(t.threshold[0]).toBe(6.5);
		expect(t.value).toEqual([2, 1, 5]);
		expect(Array.from(predictTreeValues(t, column([0, 7])))).toEqual([1, 5]);
	});

	it('gini picks the purest split: 3 of 4 on one side beats 2 of 4 (hand-computed)', async () => {
		// y = 0 0 0 1 1 0 on x = 1..6: the cut at 3.5 leaves (3,0 | 1,2): weighted gini 1/3;
		// the cut at 5.5 leaves (3,2 | 1,0): 0.4. Gini keeps 3.5.
		const t = await fitTree(column([1, 2, 3, 4, 5, 6]), Int32Array.from([0, 0, 0, 1, 1, 0]), cls(2, { maxDepth: 1 }));
		expect(t.threshold[0]).toBe(3.5);
		const e = await fitTree(column([1, 2, 3, 4, 5, 6]), Int32Array.from([0, 0, 0, 1, 1, 0]), cls(2, { maxDepth: 1, criterion: 'entropy' }));
		expect(e.threshold[0]).toBe(3.5);
	});

	it('a constant feature is never split on and gets no importance', async () => {
		const t = await fitTree(col([7, 1], [7, 2], [7, 3], [7, 4]), Int32Array.from([0, 0, 1, 1]), cls(2));
		expect(t.feature[0]).toBe(1);
		expect(t.importances).toEqual([0, 1]);
	});

	it('with only constant features or one class, the tree is one leaf', async () => {
		const flat = await fitTree(col([7, 1], [7, 1], [7, 1]), Int32Array.from([0, 1, 1]), cls(2));
		expect(flat.feature).toEqual([-1]);
		expect(flat.value[0]).toBeCloseTo(1 / 3, 12);
		expect(flat.importances).toEqual([0, 0]);
		const one = await fitTree(column([1, 2, 3]), Int32Array.from([0, 0, 0]), cls(1));
		expect(one.feature).toEqual([-1]);
		expect(classesOf(one, column([5]))).toEqual([0]);
	});

	it('honours min rows per leaf, min rows to split and max depth', async () => {
		const x = column([1, 2, 3, 4, 5, 6]);
		const y = Int32Array.from([0, 1, 1, 1, 1, 1]);
		const leaf2 = await fitTree(x, y, cls(2, { minSamplesLeaf: 2 }));
		expect(leaf2.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(3);
		for (let i = 0; i < leaf2.feature.length; i++) if (leaf2.feature[i] >= 0) expect(leaf2.threshold[i]).toBeGreaterThanOrEqual(2.5);
		expect((await fitTree(x, y, cls(2, { minSamplesSplit: 7 }))).feature).toEqual([-1]);
		const deep = await fitTree(column([1, 2, 3, 4, 5, 6, 7, 8]), Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]), cls(2, { maxDepth: 2 }));
		expect(deep.feature.length).toBeLessThanOrEqual(7);
	});

	it('refuses empty input and out-of-range targets, naming what is wrong', async () => {
		await expect(fitTree({ rows: 0, cols: 2, data: new Float64Array(0) }, new Int32Array(0), cls(2))).rejects.toThrow(/no training rows/);
		await expect(fitTree(column([1, 2]), Int32Array.from([0, 2]), cls(2))).rejects.toThrow(/row 1 has class code 2/);
		await expect(fitTree(column([1, 2]), Float64Array.from([0, NaN]), reg())).rejects.toThrow(/row 1 has a non-finite target/);
	});

	it('is repeatable for a seed, and its JSON round trip predicts the same', async () => {
		const X = col([1, 5], [2, 5], [3, 1], [4, 1], [5, 3], [6, 3]);
		const y = Int32Array.from([0, 0, 1, 1, 0, 1]);
		const a = await fitTree(X, y, cls(2, { maxFeatures: 1, seed: 3 }));
		const b = await fitTree(X, y, cls(2, { maxFeatures: 1, seed: 3 }));
		expect(b).toEqual(a);
		const saved = JSON.parse(JSON.stringify(a));
		expect(saved).toEqual(a);
		expect(Array.from(predictTreeProba(saved, X))).toEqual(Array.from(predictTreeProba(a, X)));
	});

	it('max features as scikit-learn resolves it', () => {
		expect([
			resolveMaxFeatures('sqrt', 20),
			resolveMaxFeatures('log2', 20),
			resolveMaxFeatures('all', 20),
			resolveMaxFeatures(0.33, 20),
			resolveMaxFeatures(0.01, 20)
		]).toEqual([4, 4, 20, 6, 1]);
	});
});

describe('missing values', () => {
	it('can split values from missing ones', async () => {
		const t = await fitTree(column([1, 2, NaN, NaN]), Int32Array.from([0, 0, 1, 1]), cls(2));
		expect(t.feature[0]).toBe(0);
		expect(t.missingLeft[0]).toBe(0);
		expect(classesOf(t, column([NaN, 1.5, 100]))).toEqual([1, 0, 0]);
	});

	it('learns which side missing values go to', async () => {
		const t = await fitTree(column([1, 2, 3, 4, NaN, NaN]), Int32Array.from([0, 0, 1, 1, 0, 0]), cls(2));
		expect(t.threshold[0]).toBe(2.5);
		expect(t.missingLeft[0]).toBe(1);
		expect(t.feature.length).toBe(3);
		expect(classesOf(t, column([NaN, 5, 0]))).toEqual([0, 1, 0]);
	});

	it('sends values missing only at prediction time to the larger child', async () => {
		const t = await fitTree(column([1, 2, 3, 4, 5]), Float64Array.from([0, 0, 0, 1, 1]), reg());
		expect(t.threshold[0]).toBe(3.5);
		expect(Array.from(predictTreeValues(t, column([NaN])))).toEqual([0]);
	});
});
