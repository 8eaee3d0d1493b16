import { describe, expect, it } from 'vitest';
import { referenceSplit } from '../reference/reference-data';
import { fitForest, predictForestClasses, type ForestOptions } from './forest';

const iris = referenceSplit('iris');
const options = (o: Partial<ForestOptions> = {}): ForestOptions => ({
	classes: 3,
	criterion: 'gini',
	trees: 10,
	bootstrap: true,
	maxDepth: 0,
	minSamplesSplit: 2,
	minSamplesLeaf: 1,
	maxFeatures: 2,
	seed: 1,
	...o
});

describe('random forest', () => {
	it('is repeatable for a seed, records a per-tree out-of-bag and validation curve, and averages importances', async () => {
		const validation = { X: iris.test, y: iris.yTest };
		const a = await fitForest(iris.train, iris.yTrain, options({ validation }));
		const b = await fitForest(iris.train, iris.yTrain, options({ validation }));
		expect(JSON.parse(JSON.stringify(a.state))).toEqual(b.state);
		expect(a.curves.val_accuracy).toHaveLength(10);
		expect(a.curves.oob_accuracy.length).toBeGreaterThanOrEqual(9);
		expect(a.curves.oob_accuracy.at(-1)).toBe(a.state.oobScore);
		expect(a.state.importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
		// Petal measurements carry the signal in iris.
		expect(a.state.importances[2] + a.state.importances[3]).toBeGreaterThan(0.6);
		const { proba } = predictForestClasses(a.state, iris.test);
		for (let i = 0; i < iris.test.rows; i++) expect(proba[i * 3] + proba[i * 3 + 1] + proba[i * 3 + 2]).toBeCloseTo(1, 12);
	});

	it('without bootstrap has no out-of-bag score', async () => {
		const f = await fitForest(iris.train, iris.yTrain, options({ bootstrap: false, trees: 3 }));
		expect(f.state.oobScore).toBeNull();
		expect(f.curves.oob_accuracy).toBeUndefined();
	});

	it('Cancel keeps the trees trained so far; before the first tree it throws AbortError', async () => {
		const controller = new AbortController();
		const f = await fitForest(
			iris.train,
			iris.yTrain,
			options({ signal: controller.signal, onTree: (done) => done === 3 && controller.abort() })
		);
		expect(f).toMatchObject({ cancelled: true, completed: 3 });
		expect(f.state.trees).toHaveLength(3);
		const early = new AbortController();
		early.abort();
		await expect(fitForest(iris.train, iris.yTrain, options({ signal: early.signal }))).rejects.toMatchObject({ name: 'AbortError' });
	});
});
