import { describe, expect, it } from 'vitest';
import { accuracyOf, r2Of, referenceSplit, type ReferenceSet } from '../reference/reference-data';
import { fitTree, type CriterionName } from './cart';
import { fitForest, predictForestClasses, predictForestOutput } from './forest';
import { argmaxRows } from '../models/argmax';
import { predictTreeProba, predictTreeValues } from './tree-predict';

/*
 * scikit-learn 1.2.1 figures on the shared split protocol (unscaled features), as the mean
 * test accuracy (R² for diabetes) over random_state 0..9 for trees and 0..4 for forests —
 * a single tree's ties between equally good features are broken by its random feature
 * order, so one seed alone says little. Obtained with:
 *   /usr/bin/python3 -c "import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); import numpy as np; from protocol import load
 *   from sklearn.tree import DecisionTreeClassifier as T
 *   Xtr, ytr, Xte, yte = load('iris')
 *   print(np.mean([T(criterion='gini', max_depth=None, random_state=s).fit(Xtr, ytr).score(Xte, yte) for s in range(10)]))"
 * and likewise DecisionTreeRegressor, RandomForestClassifier(n_estimators=100, random_state=s)
 * and RandomForestRegressor(n_estimators=100, random_state=s) (all other params default).
 */
const SKLEARN_TREE: Record<string, number> = {
	'iris gini 0': 0.9541,
	'iris gini 3': 0.9649,
	'iris entropy 0': 0.9459,
	'iris entropy 3': 0.9459,
	'penguins gini 0': 0.9788,
	'penguins gini 3': 0.9529,
	'penguins entropy 0': 0.9588,
	'penguins entropy 3': 0.9529,
	'wine gini 0': 0.9023,
	'wine gini 3': 0.8955,
	'wine entropy 0': 0.9227,
	'wine entropy 3': 0.9227,
	'diabetes squared_error 3': 0.121
};
const SKLEARN_FOREST: Record<ReferenceSet, number> = { iris: 0.9459, penguins: 0.9647, wine: 0.9682, diabetes: 0.3717 };

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function treeScore(name: ReferenceSet, criterion: CriterionName, maxDepth: number, seed: number): Promise<number> {
	const s = referenceSplit(name);
	const K = s.classes.length;
	const tree = await fitTree(s.train, s.yTrain, {
		classes: K,
		criterion,
		maxDepth,
		minSamplesSplit: 2,
		minSamplesLeaf: 1,
		maxFeatures: s.features.length,
		seed
	});
	return K ? accuracyOf(argmaxRows(predictTreeProba(tree, s.test), K), s.yTest) : r2Of(predictTreeValues(tree, s.test), s.yTest);
}

describe('decision tree against scikit-learn', () => {
	for (const [key, expected] of Object.entries(SKLEARN_TREE)) {
		const [name, criterion, depth] = key.split(' ');
		it(`${name}, ${criterion}, max depth ${depth === '0' ? 'none' : depth}: within 0.02 of ${expected}`, async () => {
			const scores = await Promise.all(
				Array.from({ length: 10 }, (_, seed) => treeScore(name as ReferenceSet, criterion as CriterionName, Number(depth), seed))
			);
			expect(Math.abs(mean(scores) - expected)).toBeLessThanOrEqual(0.02);
		});
	}

	it("the depth-2 trees on penguins and wine have scikit-learn's exact importances", async () => {
		// DecisionTreeClassifier(max_depth=2, random_state=0).fit(Xtr, ytr).feature_importances_
		const cases: [ReferenceSet, number[]][] = [
			['penguins', [0.375581, 0.048786, 0.575633, 0]],
			['wine', [0, 0, 0, 0, 0, 0, 0.1283, 0, 0, 0, 0, 0.397845, 0.473854]]
		];
		for (const [name, expected] of cases) {
			const s = referenceSplit(name);
			const tree = await fitTree(s.train, s.yTrain, {
				classes: s.classes.length,
				criterion: 'gini',
				maxDepth: 2,
				minSamplesSplit: 2,
				minSamplesLeaf: 1,
				maxFeatures: s.features.length,
				seed: 0
			});
			expect(tree.importances.length).toBe(expected.length);
			tree.importances.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
		}
	});
});

describe('random forest against scikit-learn', () => {
	for (const [name, expected] of Object.entries(SKLEARN_FOREST) as [ReferenceSet, number][]) {
		it(`${name}: 100 trees, defaults, within 0.02 of ${expected}`, async () => {
			const s = referenceSplit(name);
			const K = s.classes.length;
			const scores: number[] = [];
			for (let seed = 0; seed < 5; seed++) {
				const { state } = await fitForest(s.train, s.yTrain, {
					classes: K,
					criterion: K ? 'gini' : 'squared_error',
					trees: 100,
					bootstrap: true,
					maxDepth: 0,
					minSamplesSplit: 2,
					minSamplesLeaf: 1,
					maxFeatures: K ? Math.floor(Math.sqrt(s.features.length)) : s.features.length,
					seed
				});
				scores.push(K ? accuracyOf(predictForestClasses(state, s.test).codes, s.yTest) : r2Of(predictForestOutput(state, s.test), s.yTest));
			}
			expect(Math.abs(mean(scores) - expected)).toBeLessThanOrEqual(0.02);
		});
	}
});
