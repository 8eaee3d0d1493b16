import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../nodes/ports';
import { maxDiff, parity, train, type Steps } from './test-kit';

/** Penguins has missing numbers and categories: filled, one-hot encoded, scaled. */
const penguinSteps: Steps = [
	['clean.missing', { strategy: 'median' }],
	['features.one-hot', { columns: ['Island', 'Sex'] }],
	['clean.scale', { method: 'standard' }]
];

async function classifierParity(model: ModelValue, sample: string, target: string): Promise<number> {
	const { ours, theirs } = await parity(model, sample, target);
	expect(theirs.labels).toEqual(ours.labels);
	return maxDiff(ours.proba!, theirs.proba!).abs;
}

async function regressorParity(model: ModelValue, sample: string, target: string): Promise<number> {
	const { ours, theirs } = await parity(model, sample, target);
	return maxDiff(ours.values!, theirs.values!).rel;
}

describe('ONNX export of the linear families and the MLP matches Tessera on real rows', () => {
	it('logistic regression, 3 classes (softmax), on penguins', async () => {
		const model = await train('penguins', 'Species', penguinSteps, ['model.logistic', { C: 1 }]);
		expect(await classifierParity(model, 'penguins', 'Species')).toBeLessThan(1e-5);
	});

	it('logistic regression, 2 classes (sigmoid, l1), on diabetes: the sex column (1 or 2) from the rest', async () => {
		const model = await train('diabetes', 'sex', [['clean.scale', { method: 'robust' }]], ['model.logistic', { penalty: 'l1', C: 0.5 }]);
		expect(model.classes).toEqual(['1', '2']);
		expect(await classifierParity(model, 'diabetes', 'sex')).toBeLessThan(1e-5);
	});

	it('logistic regression on wine, unscaled (large raw values)', async () => {
		const model = await train('wine', 'cultivar', [], ['model.logistic', { C: 1, maxIter: 500 }]);
		expect(await classifierParity(model, 'wine', 'cultivar')).toBeLessThan(1e-5);
	});

	it.each([
		['plain', { penalty: 'none' }],
		['ridge', { penalty: 'l2', alpha: 10 }],
		['lasso', { penalty: 'l1', alpha: 1 }]
	])('linear regression (%s) on diabetes', async (_, params) => {
		const model = await train('diabetes', 'progression', [], ['model.linear', params]);
		expect(await regressorParity(model, 'diabetes', 'progression')).toBeLessThan(1e-5);
	});

	it('MLP classifier (dense kernels, relu) on penguins', async () => {
		const model = await train('penguins', 'Species', penguinSteps, [
			'model.mlp',
			{ layers: 2, units: 16, activation: 'relu', epochs: 30, seed: 1 }
		]);
		expect(await classifierParity(model, 'penguins', 'Species')).toBeLessThan(1e-5);
	});

	it('MLP regressor (dense kernels, tanh) on diabetes', async () => {
		const model = await train(
			'diabetes',
			'progression',
			[['clean.scale', { method: 'standard' }]],
			['model.mlp', { layers: 1, units: 16, activation: 'tanh', epochs: 30, seed: 1 }]
		);
		expect(model.task).toBe('regression');
		expect(await regressorParity(model, 'diabetes', 'progression')).toBeLessThan(1e-5);
	});

	it('MLP regressor trained by TensorFlow.js with batch norm (folded) and dropout, two layers, on diabetes', async () => {
		const model = await train(
			'diabetes',
			'progression',
			[['clean.scale', { method: 'standard' }]],
			['model.mlp', { layerSizes: '12, 6', activation: 'relu', batchNorm: true, dropout: 0.2, epochs: 8, seed: 1, engine: 'tensorflow.js' }]
		);
		expect(model.backend).not.toMatch(/dense/);
		expect(await regressorParity(model, 'diabetes', 'progression')).toBeLessThan(1e-5);
	});

	it.each(['gelu', 'elu', 'sigmoid'])('MLP classifier trained by TensorFlow.js (%s) on iris', async (activation) => {
		const model = await train(
			'iris',
			'species',
			[['clean.scale', { method: 'standard' }]],
			['model.mlp', { layers: 1, units: 8, activation, epochs: 10, seed: 1, engine: 'tensorflow.js' }]
		);
		expect(await classifierParity(model, 'iris', 'species')).toBeLessThan(1e-5);
	});
});
