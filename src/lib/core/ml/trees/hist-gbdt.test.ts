import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from '../matrix';
import { accuracyOf, r2Of, referenceSplit, type ReferenceSet } from '../reference/reference-data';
import { fitGbdt, shouldStop, type GbdtOptions } from './hist-gbdt';
import { predictGbdt } from './hist-predict';

/** scikit-learn's HistGradientBoosting defaults (early stopping off: these sets have < 10,000 rows). */
const defaults: Omit<GbdtOptions, 'loss' | 'nClasses' | 'categorical'> = {
	learningRate: 0.1,
	maxIter: 100,
	maxLeafNodes: 31,
	maxDepth: 0,
	minSamplesLeaf: 20,
	l2: 0,
	maxBins: 255,
	earlyStopping: false,
	nIterNoChange: 10,
	tol: 1e-7,
	validationFraction: 0.1,
	subsample: 1,
	colsample: 1,
	seed: 0
};

function options(loss: GbdtOptions['loss'], nClasses: number, p: number, extra: Partial<GbdtOptions> = {}): GbdtOptions {
	return { ...defaults, loss, nClasses, categorical: new Array(p).fill(false), ...extra };
}

/*
 * scikit-learn 1.2.1 on the shared split protocol, default hyper-parameters:
 * /usr/bin/python3 -c "import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); from protocol import load
 * from sklearn.ensemble import HistGradientBoostingClassifier as C, HistGradientBoostingRegressor as R
 * from sklearn.metrics import r2_score
 * for n in ['iris','penguins','wine']: Xtr,ytr,Xte,yte = load(n); print(n, C(random_state=0).fit(Xtr,ytr).score(Xte,yte))
 * Xtr,ytr,Xte,yte = load('diabetes'); print(r2_score(yte, R(random_state=0).fit(Xtr,ytr).predict(Xte)))"
 * and with R(max_iter=50, learning_rate=0.05, max_depth=3) for the second diabetes figure.
 */
const SKLEARN: Record<ReferenceSet, number> = {
	iris: 0.9459459459459459,
	penguins: 0.9647058823529412,
	wine: 0.9545454545454546,
	diabetes: 0.33464156405244305
};

describe('histogram gradient boosting against scikit-learn', () => {
	for (const name of ['iris', 'penguins', 'wine'] as const)
		it(`${name}: test accuracy within 0.02`, async () => {
			const s = referenceSplit(name);
			const K = s.classes.length;
			const fit = await fitGbdt(s.train, s.yTrain, options(K > 2 ? 'multiclass' : 'binary', K, s.features.length));
			const acc = accuracyOf(predictGbdt(fit.state, s.test).codes!, s.yTest);
			expect(Math.abs(acc - SKLEARN[name])).toBeLessThanOrEqual(0.02);
			expect(fit.state.trees).toHaveLength(100 * K);
		});

	it('diabetes: test R² within 0.02, with defaults and with a depth limit', async () => {
		const s = referenceSplit('diabetes');
		const fit = await fitGbdt(s.train, s.yTrain, options('squared', 1, s.features.length));
		expect(Math.abs(r2Of(predictGbdt(fit.state, s.test).values!, s.yTest) - SKLEARN.diabetes)).toBeLessThanOrEqual(0.02);
		const shallow = await fitGbdt(
			s.train,
			s.yTrain,
			options('squared', 1, s.features.length, { maxIter: 50, learningRate: 0.05, maxDepth: 3 })
		);
		expect(Math.abs(r2Of(predictGbdt(shallow.state, s.test).values!, s.yTest) - 0.37518587455372887)).toBeLessThanOrEqual(0.02);
	});
});

describe('histogram gradient boosting: the algorithm', () => {
	it('one round on a hand-computed case: a stump at the gap, leaves −lr·G/H', async () => {
		// y = 0,0,0,10,10,10 on x = 1..6; baseline 5, gradients raw − y = +5 (left) and −5 (right),
		// so the leaves are −0.5 · 15/3 = −2.5 and +2.5.
		const X = fromRows([[1], [2], [3], [4], [5], [6]]);
		const fit = await fitGbdt(X, [0, 0, 0, 10, 10, 10], options('squared', 1, 1, { maxIter: 1, minSamplesLeaf: 1, learningRate: 0.5 }));
		const [tree] = fit.state.trees;
		expect(fit.state.baseline).toEqual([5]);
		expect(tree.threshold[0]).toBe(3.5);
		expect(tree.value[tree.left[0]]).toBeCloseTo(-2.5, 10);
		expect(tree.value[tree.right[0]]).toBeCloseTo(2.5, 10);
		const values = predictGbdt(fit.state, fromRows([[0], [3.5], [3.6]])).values!;
		[2.5, 2.5, 7.5].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 10));
	});

	it('sends missing values the way the training rows taught it', async () => {
		// Missing x behaves like large x: y = 1. The learnt split must send NaN right, with the large values.
		const rows: number[][] = [];
		const y: number[] = [];
		for (let i = 0; i < 60; i++) {
			const kind = i % 3;
			rows.push([kind === 0 ? i / 60 : kind === 1 ? 2 + i / 60 : NaN]);
			y.push(kind === 0 ? 0 : 1);
		}
		const fit = await fitGbdt(fromRows(rows), y, options('binary', 2, 1, { maxIter: 5, minSamplesLeaf: 5 }));
		expect(fit.state.trees[0].missingLeft[0]).toBe(0);
		expect(Array.from(predictGbdt(fit.state, fromRows([[NaN], [0.1], [3]])).codes!)).toEqual([1, 0, 1]);
		// The mirror image: missing behaves like small x and goes left.
		const flipped = await fitGbdt(
			fromRows(rows),
			y.map((v, i) => (i % 3 === 2 ? 0 : v)),
			options('binary', 2, 1, { maxIter: 5, minSamplesLeaf: 5 })
		);
		expect(flipped.state.trees[0].missingLeft[0]).toBe(1);
		expect(Array.from(predictGbdt(flipped.state, fromRows([[NaN], [0.1], [3]])).codes!)).toEqual([0, 0, 1]);
	});

	it('solves a categorical-only XOR-ish problem by category splits', async () => {
		// y = (a ∈ {0, 3, 4}) xor (b ∈ {1, 2}): the codes in each set are not contiguous, so thresholds
		// on the codes cannot find them; a few extra rows in one cell break the XOR's perfect balance so
		// the first split has a gain at all.
		const rows: number[][] = [];
		const y: number[] = [];
		const label = (a: number, b: number) => Number([0, 3, 4].includes(a)) ^ Number([1, 2].includes(b));
		for (let i = 0; i < 600; i++) {
			const a = i % 6;
			const b = Math.floor(i / 6) % 4;
			const copies = [0, 3, 4].includes(a) && ![1, 2].includes(b) ? 2 : 1;
			for (let c = 0; c < copies; c++) {
				rows.push([a, b]);
				y.push(label(a, b));
			}
		}
		const opts = options('binary', 2, 2, { categorical: [true, true], maxIter: 20, minSamplesLeaf: 5, maxLeafNodes: 4 });
		const fit = await fitGbdt(fromRows(rows), y, opts);
		expect(fit.state.trees[0].categories[0]).not.toBeNull();
		expect(accuracyOf(predictGbdt(fit.state, fromRows(rows)).codes!, y)).toBe(1);
		// An unseen category and a missing one go the same way.
		const unseen = predictGbdt(
			fit.state,
			fromRows([
				[9, 1],
				[NaN, 1]
			])
		).proba!;
		expect(unseen[1]).toBeCloseTo(unseen[3], 12);
	});

	it('early stopping stops and keeps the best round', async () => {
		const s = referenceSplit('diabetes');
		const validation = { X: s.test, y: s.yTest };
		const fit = await fitGbdt(
			s.train,
			s.yTrain,
			options('squared', 1, s.features.length, { earlyStopping: true, validation, learningRate: 0.3 })
		);
		expect(fit.stop).toBe('early-stopping');
		const val = fit.curves.val_loss!;
		expect(val).toHaveLength(fit.completed);
		expect(fit.completed).toBeLessThan(100);
		const best = val.indexOf(Math.min(...val)) + 1;
		expect(fit.kept).toBe(best);
		expect(fit.state.trees).toHaveLength(best);
		expect(fit.completed - best).toBe(10);
	});

	it('holds out 10% itself when early stopping has no validation rows', async () => {
		const s = referenceSplit('wine');
		const fit = await fitGbdt(s.train, s.yTrain, options('multiclass', 3, s.features.length, { earlyStopping: true, learningRate: 0.5 }));
		expect(fit.curves.val_loss!.length).toBe(fit.completed);
		expect(fit.stop).toBe('early-stopping');
	});

	it("scikit-learn's stopping rule", () => {
		expect(shouldStop([5, 4, 3], 2, 0)).toBe(false);
		expect(shouldStop([5, 4, 4, 4], 2, 0)).toBe(true);
		expect(shouldStop([5, 4, 4, 3.9], 2, 0)).toBe(false);
		expect(shouldStop([5, 4, 4, 3.9], 2, 0.5)).toBe(true);
	});

	it('Cancel keeps the whole rounds done; with none done it throws AbortError', async () => {
		const s = referenceSplit('iris');
		const controller = new AbortController();
		const fit = await fitGbdt(
			s.train,
			s.yTrain,
			options('multiclass', 3, 4, { signal: controller.signal, onRound: (r) => r === 3 && controller.abort() })
		);
		expect(fit.stop).toBe('cancelled');
		expect(fit.completed).toBe(3);
		expect(fit.state.trees).toHaveLength(9);
		await expect(fitGbdt(s.train, s.yTrain, options('multiclass', 3, 4, { signal: AbortSignal.abort() }))).rejects.toMatchObject({
			name: 'AbortError'
		});
	});

	it('is repeatable with row and column subsampling, and the state survives JSON', async () => {
		const s = referenceSplit('penguins');
		const opts = options('multiclass', 3, 4, { subsample: 0.5, colsample: 0.5, seed: 7, maxIter: 20 });
		const a = await fitGbdt(s.train, s.yTrain, opts);
		const b = await fitGbdt(s.train, s.yTrain, opts);
		expect(a.state).toEqual(b.state);
		const revived = JSON.parse(JSON.stringify(a.state));
		expect(predictGbdt(revived, s.test).proba).toEqual(predictGbdt(a.state, s.test).proba);
		expect(accuracyOf(predictGbdt(a.state, s.test).codes!, s.yTest)).toBeGreaterThan(0.9);
	});

	it('edge cases: a constant feature never splits, empty input and one class are refused', async () => {
		const X: Matrix = fromRows(Array.from({ length: 50 }, () => [3]));
		const fit = await fitGbdt(
			X,
			Array.from({ length: 50 }, (_, i) => i),
			options('squared', 1, 1, { maxIter: 3 })
		);
		expect(fit.state.trees.every((t) => t.feature.length === 1)).toBe(true);
		expect(Array.from(predictGbdt(fit.state, fromRows([[3], [100]])).values!)).toEqual([24.5, 24.5]);
		await expect(fitGbdt({ rows: 0, cols: 1, data: new Float64Array(0) }, [], options('squared', 1, 1))).rejects.toThrow(
			/no training rows/
		);
		await expect(fitGbdt(X, new Array(50).fill(0), options('binary', 1, 1))).rejects.toThrow(/two classes/);
	});

	it('respects max depth, max leaves and min samples per leaf', async () => {
		const s = referenceSplit('diabetes');
		const fit = await fitGbdt(s.train, s.yTrain, options('squared', 1, s.features.length, { maxIter: 5, maxDepth: 2, minSamplesLeaf: 30 }));
		for (const t of fit.state.trees) {
			const leaves = t.feature.filter((f) => f < 0).length;
			expect(leaves).toBeLessThanOrEqual(4);
			t.feature.forEach((f, node) => f < 0 && expect(t.count[node]).toBeGreaterThanOrEqual(30));
		}
		const few = await fitGbdt(s.train, s.yTrain, options('squared', 1, s.features.length, { maxIter: 3, maxLeafNodes: 5 }));
		for (const t of few.state.trees) expect(t.feature.filter((f) => f < 0).length).toBe(5);
	});
});
