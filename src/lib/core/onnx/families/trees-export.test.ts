import { describe, expect, it } from 'vitest';
import type { GbdtState } from '../../ml/trees/hist-gbdt';
import { maxDiff, parity, train } from '../test-kit';

/**
 * The tree families through the whole export (exportOnnx: one input per raw column, the recipe,
 * the ensemble, labels as strings), scored on the sample's raw rows: Tessera on the file as read,
 * ONNX Runtime on double/string inputs.
 */
describe('tree families through exportOnnx on raw rows', () => {
	it('gradient boosting on penguins: Island and Sex as native categories (strings in), missing measurements', async () => {
		const model = await train('penguins', 'Species', [], ['model.gbdt', { maxIter: 40 }]);
		expect(model.levels?.Island).toHaveLength(3);
		const s = model.estimator as GbdtState;
		expect(s.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
		const { ours, theirs } = await parity(model, 'penguins', 'Species');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});

	it('gradient boosting regression on penguins body mass with categories and missing values', async () => {
		const model = await train('penguins', 'Body Mass (g)', [], ['model.gbdt', { maxIter: 60 }]);
		const { ours, theirs } = await parity(model, 'penguins', 'Body Mass (g)');
		expect(maxDiff(ours.values!, theirs.values!).rel).toBeLessThan(1e-6);
	});

	it('random forest on penguins after missing-value fill and one-hot encoding', async () => {
		const model = await train(
			'penguins',
			'Species',
			[
				['clean.missing', { strategy: 'median' }],
				['features.one-hot', { columns: ['Island', 'Sex'] }]
			],
			['model.forest', { trees: 25 }]
		);
		const { ours, theirs } = await parity(model, 'penguins', 'Species');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});

	it('decision tree on diabetes sex (binary, classes "1" and "2") after standard scaling', async () => {
		const model = await train(
			'diabetes',
			'sex',
			[['clean.scale', { method: 'standard' }]],
			['model.tree', { task: 'classification', maxDepth: 6 }]
		);
		const { ours, theirs } = await parity(model, 'diabetes', 'sex');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});
});
