import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backends';
import { takeRows, type Matrix } from './matrix';
import { argmaxRows } from './models/argmax';
import { fitMlp, predictMlp, type MlpOptions } from './models/mlp';
import { regressionMetrics } from './metrics';
import { createRandom, shuffleInPlace } from '../util/random';
import { irisStandardised, penguins } from './testutil';

function split(n: number, seed: number, trainShare: number): [number[], number[]] {
	const order = shuffleInPlace(
		Array.from({ length: n }, (_, i) => i),
		createRandom(seed)
	);
	const cut = Math.round(n * trainShare);
	return [order.slice(0, cut), order.slice(cut)];
}

describe('MLP on tfjs (cpu backend)', () => {
	beforeAll(async () => {
		expect(await activateBackend('cpu')).toBe('cpu');
	});

	const { X, y } = irisStandardised();
	const [train, test] = split(X.rows, 3, 0.7);
	const Xtr = takeRows(X, train);
	const ytr = Int32Array.from(train, (i) => y[i]);
	const Xte = takeRows(X, test);
	const opts: MlpOptions = {
		task: 'classification',
		classes: 3,
		hidden: [16, 16],
		epochs: 40,
		batchSize: 16,
		learningRate: 0.01,
		seed: 11
	};

	it('learns iris and leaves no tensors behind', async () => {
		const before = tf.memory().numTensors;
		const losses: number[] = [];
		const state = await fitMlp(Xtr, ytr, {
			...opts,
			validation: { X: Xte, y: Int32Array.from(test, (i) => y[i]) },
			onEpoch: (_, logs) => losses.push(logs.loss)
		});
		const proba = await predictMlp(state, Xte);
		expect(tf.memory().numTensors).toBe(before);
		const pred = argmaxRows(proba, 3);
		const acc = test.filter((i, t) => pred[t] === y[i]).length / test.length;
		expect(acc).toBeGreaterThanOrEqual(0.9);
		expect(losses).toHaveLength(40);
		expect(losses[39]).toBeLessThan(losses[0]);
		expect(state.history.valLoss).toHaveLength(40);
		expect(state.stopped).toBeNull();
		expect(state.history.accuracy).toHaveLength(40);
		expect(state.history.valAccuracy).toHaveLength(40);
		expect(state.backend).toBe('cpu');
		// The state is plain JSON and predicts the same after a round trip.
		const again = await predictMlp(JSON.parse(JSON.stringify(state)), Xte);
		expect(Array.from(again)).toEqual(Array.from(proba));
	});

	it('is deterministic for a seed', async () => {
		const short = { ...opts, epochs: 5 };
		const a = await fitMlp(Xtr, ytr, short);
		const b = await fitMlp(Xtr, ytr, short);
		const c = await fitMlp(Xtr, ytr, { ...short, seed: 12 });
		expect(b.layers).toEqual(a.layers);
		expect(c.layers).not.toEqual(a.layers);
	});

	it('stops on an aborted signal and keeps the weights so far', async () => {
		const before = tf.memory().numTensors;
		const ctl = new AbortController();
		const state = await fitMlp(Xtr, ytr, { ...opts, signal: ctl.signal, onEpoch: (e) => (e === 2 ? ctl.abort() : undefined) });
		expect(state.stopped).toEqual({ reason: 'cancelled', completed: 3, kept: 'last weights (epoch 3 done, the next one in part)' });
		expect(state.epochsRun).toBe(3);
		const pre = await fitMlp(Xtr, ytr, { ...opts, signal: AbortSignal.abort() });
		expect(pre.epochsRun).toBe(0);
		expect(pre.layers[0].kernel).toHaveLength(4 * 16);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('stops within a batch when aborted mid-epoch', async () => {
		const n = 60_000;
		const rnd = createRandom(5);
		const big: Matrix = { rows: n, cols: 4, data: Float64Array.from({ length: n * 4 }, () => rnd()) };
		const labels = Int32Array.from({ length: n }, (_, i) => (big.data[i * 4] > 0.5 ? 1 : 0));
		const ctl = new AbortController();
		setTimeout(() => ctl.abort(), 100);
		// One epoch is 3750 batches of 16 (seconds on the cpu backend); the abort lands inside the first,
		// so training ends there rather than after 100 epochs.
		const state = await fitMlp(big, labels, { ...opts, classes: 2, epochs: 100, signal: ctl.signal });
		expect(state.stopped?.reason).toBe('cancelled');
		expect(state.epochsRun).toBeLessThanOrEqual(1);
	});

	it('reports a non-finite loss in the first epoch as an error', async () => {
		const before = tf.memory().numTensors;
		const huge: Matrix = { ...Xtr, data: Xtr.data.map((v) => v * 1e30) };
		const target = Float64Array.from(ytr);
		await expect(fitMlp(huge, target, { ...opts, task: 'regression', learningRate: 1e10 })).rejects.toThrow(/non-finite/);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('regresses penguin body mass', async () => {
		const { X: P, y: mass } = penguins();
		// Standardise features here; the model standardises the target itself.
		const Z: Matrix = { ...P, data: P.data.slice() };
		for (let j = 0; j < 3; j++) {
			let m = 0;
			let v = 0;
			for (let i = 0; i < Z.rows; i++) m += Z.data[i * 3 + j] / Z.rows;
			for (let i = 0; i < Z.rows; i++) v += (Z.data[i * 3 + j] - m) ** 2 / Z.rows;
			for (let i = 0; i < Z.rows; i++) Z.data[i * 3 + j] = (Z.data[i * 3 + j] - m) / Math.sqrt(v);
		}
		const state = await fitMlp(Z, mass, { task: 'regression', hidden: [16], epochs: 30, batchSize: 32, learningRate: 0.01, seed: 1 });
		const pred = await predictMlp(state, Z);
		expect(pred).toHaveLength(Z.rows);
		expect(regressionMetrics(mass, pred).r2).toBeGreaterThan(0.7);
	});
});
