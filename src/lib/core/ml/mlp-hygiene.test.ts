import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backends';
import { fitMlp, predictMlp, type MlpOptions } from './models/mlp';
import { scheduledRate } from './models/mlp-schedule';
import { referenceSplit } from './reference/reference-data';

// Training hygiene of the tfjs MLP (issue 5): best-weight restore, non-finite loss, schedules,
// repeatability and tensor disposal, on the cpu backend.
describe('MLP training hygiene (tfjs cpu backend)', () => {
	beforeAll(async () => {
		expect(await activateBackend('cpu')).toBe('cpu');
	});

	const iris = referenceSplit('iris', { standardise: true });
	const diabetes = referenceSplit('diabetes', { standardise: true });
	const base: MlpOptions = { task: 'classification', classes: 3, hidden: [32, 32], learningRate: 0.1, batchSize: 8, epochs: 40, seed: 2 };
	const validation = { X: iris.test, y: iris.yTest };

	it('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
		const before = tf.memory().numTensors;
		const state = await fitMlp(iris.train, iris.yTrain, { ...base, validation, earlyStopping: { patience: 3, minDelta: 0 } });
		expect(tf.memory().numTensors).toBe(before);
		// Recorded: validation loss 0.249 0.152 0.477 0.240 0.157 — best at epoch 2, three worse epochs after.
		expect(state.stopped).toEqual({ reason: 'early-stopping', completed: 5, kept: 'best validation loss at epoch 2' });
		expect(state.keptEpoch).toBe(2);
		expect(state.history.valLoss).toHaveLength(5);
		expect(Math.min(...state.history.valLoss)).toBe(state.history.valLoss[1]);
		// The kept weights are exactly those of a 2-epoch run with the same seed.
		const two = await fitMlp(iris.train, iris.yTrain, { ...base, validation, epochs: 2 });
		expect(state.layers).toEqual(two.layers);
	});

	it('Cancel with early stopping on keeps the best epoch so far', async () => {
		const ctl = new AbortController();
		const state = await fitMlp(iris.train, iris.yTrain, {
			...base,
			validation,
			earlyStopping: { patience: 10, minDelta: 0 },
			signal: ctl.signal,
			onEpoch: (e) => (e === 3 ? ctl.abort() : undefined)
		});
		expect(state.stopped).toEqual({ reason: 'cancelled', completed: 4, kept: 'best validation loss at epoch 2' });
	});

	it('a non-finite loss stops training with a message and keeps the last finite weights', async () => {
		const before = tf.memory().numTensors;
		// Plain SGD at 0.5 diverges on diabetes: epoch 1 ends finite (loss ~3e32), epoch 2 overflows.
		const opts: MlpOptions = { task: 'regression', hidden: [16], optimizer: 'sgd', learningRate: 0.5, batchSize: 32, epochs: 20, seed: 1 };
		const state = await fitMlp(diabetes.train, diabetes.yTrain, opts);
		expect(tf.memory().numTensors).toBe(before);
		expect(state.stopped).toEqual({ reason: 'non-finite-loss', completed: 1, kept: 'last finite weights (epoch 1)' });
		expect(state.warning).toMatch(/non-finite in epoch 2.*Lower the learning rate \(now 0\.5\)/);
		expect(state.history.loss).toHaveLength(1);
		const one = await fitMlp(diabetes.train, diabetes.yTrain, { ...opts, epochs: 1 });
		expect(state.layers).toEqual(one.layers);
		expect(state.layers.every((l) => [...l.kernel, ...l.bias].every(Number.isFinite))).toBe(true);
	});

	it('the schedule sets the optimiser rate per epoch (adam and sgd)', async () => {
		expect([0, 1, 2, 3].map((e) => scheduledRate({ kind: 'step', every: 2, factor: 0.5 }, 1, e, 4))).toEqual([1, 1, 0.5, 0.5]);
		expect(scheduledRate({ kind: 'exponential', factor: 0.9 }, 1, 2, 4)).toBeCloseTo(0.81, 12);
		expect([0, 2].map((e) => scheduledRate({ kind: 'cosine' }, 1, e, 4))).toEqual([1, 0.5]);
		for (const optimizer of ['adam', 'sgd'] as const) {
			// After two epochs the rate drops to ~0, so later epochs leave the weights (almost) as they are.
			const o: MlpOptions = { ...base, optimizer, epochs: 2, schedule: { kind: 'step', every: 2, factor: 1e-9 } };
			const two = await fitMlp(iris.train, iris.yTrain, o);
			const five = await fitMlp(iris.train, iris.yTrain, { ...o, epochs: 5 });
			const constant = await fitMlp(iris.train, iris.yTrain, { ...o, epochs: 5, schedule: { kind: 'constant' } });
			const gap = (a: typeof two, b: typeof two) => Math.max(...a.layers[0].kernel.map((v, i) => Math.abs(v - b.layers[0].kernel[i])));
			expect(gap(two, five), optimizer).toBeLessThan(1e-5);
			expect(gap(two, constant), optimizer).toBeGreaterThan(1e-3);
		}
	});

	it('is repeatable with dropout and batch norm, leaves no tensors, and folds batch norm into the saved layers', async () => {
		const before = tf.memory().numTensors;
		const o: MlpOptions = {
			...base,
			learningRate: 0.01,
			epochs: 5,
			dropout: 0.3,
			batchNorm: true,
			l2: 1e-4,
			activation: 'elu',
			optimizer: 'momentum',
			validation
		};
		const a = await fitMlp(iris.train, iris.yTrain, o);
		const b = await fitMlp(iris.train, iris.yTrain, o);
		const c = await fitMlp(iris.train, iris.yTrain, { ...o, dropout: 0 });
		expect(tf.memory().numTensors).toBe(before);
		expect(b.layers).toEqual(a.layers);
		expect(c.layers).not.toEqual(a.layers);
		// Inference uses the folded dense layers only; the loss there matches the validation loss fit reported.
		const proba = await predictMlp(a, iris.test);
		let ce = 0;
		for (let i = 0; i < iris.test.rows; i++) ce -= Math.log(Math.max(proba[i * 3 + iris.yTest[i]], 1e-7));
		ce /= iris.test.rows;
		// fit's validation loss includes the L2 term; that term is small here.
		expect(ce).toBeCloseTo(a.history.valLoss[4], 1);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('names the option in its errors', async () => {
		await expect(fitMlp(iris.train, iris.yTrain, { ...base, dropout: 1 })).rejects.toThrow(/dropout 1: use a rate/);
		await expect(fitMlp(iris.train, iris.yTrain, { ...base, earlyStopping: { patience: 3, minDelta: 0 } })).rejects.toThrow(
			/early stopping.*no validation rows/
		);
		await expect(fitMlp(iris.train, iris.yTrain, { ...base, schedule: { kind: 'step', every: 0, factor: 0.5 } })).rejects.toThrow(
			/decay every 0/
		);
	});
});
