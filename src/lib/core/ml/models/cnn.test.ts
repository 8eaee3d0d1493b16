import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activateBackend } from '../backends';
import { barImages, digitsSample as digits, SMALL_CNN } from '../testutil';
import { argmaxRows } from './argmax';
import { fitCnn, predictCnn, type CnnOptions } from './cnn';

/**
 * scikit-learn on the same pixels and split (every 4th row of load_digits' order tests):
 *   X = np.rint(load_digits().images.reshape(1797, -1) * 255 / 16) / 255; te = np.arange(1797) % 4 == 3
 *   MLPClassifier(hidden_layer_sizes=(64,), max_iter=200, random_state=0) → 0.9644 test accuracy
 *   SVC() → 0.9866 (scikit-learn 1.2.1, /usr/bin/python3)
 * No scikit-learn model is a CNN; the bar is the MLP's figure − 0.02.
 */
const SKLEARN_MLP_ACCURACY = 0.9644;

const accuracy = (proba: Float64Array, y: Int32Array, k: number) => argmaxRows(proba, k).filter((c, i) => c === y[i]).length / y.length;

describe('CNN on the digits sample (WASM backend)', () => {
	// WASM, as a browser without WebGPU trains: tfjs's CPU backend runs convolutions about 20× slower.
	it(`reaches scikit-learn's MLP accuracy (${SKLEARN_MLP_ACCURACY}) within 0.02, leaves no tensors, and round-trips as JSON`, async () => {
		expect(await activateBackend('wasm')).toBe('wasm');
		const { shape, train, test } = await digits();
		expect(shape).toMatchObject({ height: 8, width: 8, channels: 1 });
		expect(train.X.rows).toBe(1348);
		const before = tf.memory().numTensors;
		const epochs: number[] = [];
		const state = await fitCnn(train.X, train.y, {
			...shape,
			classes: 10,
			epochs: 15,
			seed: 0,
			validation: test,
			onEpoch: (e) => epochs.push(e)
		});
		expect(tf.memory().numTensors).toBe(before);
		const proba = await predictCnn(state, test.X);
		expect(tf.memory().numTensors).toBe(before);
		const acc = accuracy(proba, test.y, 10);
		expect(acc).toBeGreaterThanOrEqual(SKLEARN_MLP_ACCURACY - 0.02);
		expect(acc).toBeGreaterThanOrEqual(0.9);
		expect(epochs).toEqual(Array.from({ length: 15 }, (_, i) => i));
		expect(state.history.valAccuracy[14]).toBeCloseTo(acc, 6);
		expect(state.history.loss[14]).toBeLessThan(state.history.loss[0]);
		expect([state.stopped, state.backend]).toEqual([null, 'wasm']);
		expect(Array.from(await predictCnn(JSON.parse(JSON.stringify(state)), test.X))).toEqual(Array.from(proba));
	}, 120_000);
});

describe('CNN on the CPU backend (tf.conv2d path)', () => {
	const opts: CnnOptions = SMALL_CNN;
	const { X, y } = barImages(48);

	it('learns, is repeatable for a seed, and differs for another', async () => {
		expect(await activateBackend('cpu')).toBe('cpu');
		const before = tf.memory().numTensors;
		const a = await fitCnn(X, y, { ...opts, epochs: 8 });
		const b = await fitCnn(X, y, { ...opts, epochs: 8 });
		const c = await fitCnn(X, y, { ...opts, epochs: 8, seed: 6 });
		expect(tf.memory().numTensors).toBe(before);
		expect(b.weights).toEqual(a.weights);
		expect(c.weights).not.toEqual(a.weights);
		expect(accuracy(await predictCnn(a, X), y, 2)).toBeGreaterThanOrEqual(0.9);
	});

	it('Cancel keeps the weights of the last whole epoch; in the first epoch it keeps nothing', async () => {
		await activateBackend('cpu');
		const before = tf.memory().numTensors;
		const controller = new AbortController();
		const cancelled = await fitCnn(X, y, { ...opts, signal: controller.signal, onEpoch: () => controller.abort() });
		const one = await fitCnn(X, y, { ...opts, epochs: 1 });
		expect(cancelled.stopped).toEqual({ reason: 'cancelled', completed: 1, kept: 'weights after epoch 1' });
		expect(cancelled.weights).toEqual(one.weights);
		expect(cancelled.history.loss).toHaveLength(1);
		const early = new AbortController();
		early.abort();
		await expect(fitCnn(X, y, { ...opts, signal: early.signal })).rejects.toThrow('cancelled');
		expect(tf.memory().numTensors).toBe(before);
	});

	it('a non-finite loss in the first epoch stops with a message; bad options say what to use', async () => {
		await activateBackend('cpu');
		const before = tf.memory().numTensors;
		const huge = { ...X, data: X.data.map((v) => v * 1e30) };
		await expect(fitCnn(huge, y, { ...opts, learningRate: 1e6 })).rejects.toThrow('CNN: the loss became non-finite in the first epoch');
		expect(tf.memory().numTensors).toBe(before);
		await expect(fitCnn(X, y, { ...opts, height: 5 })).rejects.toThrow('CNN: training rows have 36 values; 5×6×1 images need 30');
		await expect(fitCnn(X, y, { ...opts, dropout: 1 })).rejects.toThrow('CNN: dropout 1: use a rate from 0 up to (not including) 1');
		await expect(
			fitCnn(
				X,
				Int32Array.from(y, (v) => v * 5),
				opts
			)
		).rejects.toThrow('CNN: training class code 5 at row 1 is outside 0..1');
	});
});
