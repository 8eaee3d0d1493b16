import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../readers/csv';
import { activateBackend } from '../backends';
import type { Matrix } from '../matrix';
import { encode, fitVocabulary, wordIndex, words } from '../text/vocabulary';
import { argmaxRows } from './argmax';
import { fitTextNn, predictTextNn, type TextNnOptions } from './text-nn';

/**
 * scikit-learn on the same texts and split (every 4th row of reviews.csv tests, as protocol.py):
 *   df = pd.read_csv('static/samples/reviews.csv'); te = np.arange(len(df)) % 4 == 3
 *   v = TfidfVectorizer().fit(df.text[~te]); LogisticRegression(max_iter=1000).fit(v.transform(df.text[~te]), df.sentiment[~te])
 *   .score(v.transform(df.text[te]), df.sentiment[te]) → 0.73 (scikit-learn 1.2.1, /usr/bin/python3)
 * The network's bar is that figure − 0.02.
 */
export const SKLEARN_TFIDF_LOGISTIC_ACCURACY = 0.73;

function reviews(maxLength = 40) {
	const frame = readCsv(readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'static', 'samples', 'reviews.csv'), 'utf8'));
	const [text, label] = frame.columns;
	const docs = Array.from({ length: frame.rowCount }, (_, r) => words(text.kind === 'text' ? (text.values[r] ?? '') : '', true));
	const y = Int32Array.from({ length: frame.rowCount }, (_, r) =>
		label.kind === 'category' && label.dictionary[label.codes[r]] === 'positive' ? 1 : 0
	);
	const rows = docs.map((_, r) => r);
	const train = rows.filter((r) => r % 4 !== 3);
	const index = wordIndex(
		fitVocabulary(
			train.map((r) => docs[r]),
			5000
		)
	);
	const take = (rs: number[]): { X: Matrix; y: Int32Array } => ({
		X: { rows: rs.length, cols: maxLength, data: Float64Array.from(rs.flatMap((r) => Array.from(encode(docs[r], index, maxLength)))) },
		y: Int32Array.from(rs, (r) => y[r])
	});
	return { vocabulary: index.size + 2, train: take(train), test: take(rows.filter((r) => r % 4 === 3)) };
}

const accuracy = (proba: Float64Array, y: Int32Array) => argmaxRows(proba, 2).filter((c, i) => c === y[i]).length / y.length;

/** Toy texts of 8 ids: class 1 exactly when word 5 follows word 4 ("not good"), so order matters. */
function toy(n = 96): { X: Matrix; y: Int32Array } {
	const L = 8;
	const data = new Float64Array(n * L);
	const y = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const len = 3 + (i % 6);
		for (let j = 0; j < len; j++) data[i * L + j] = 2 + ((i * 7 + j * 3) % 9);
		if (i % 2) data[i * L + (i % (len - 1))] = 4;
		if (i % 2) data[i * L + (i % (len - 1)) + 1] = 5;
		for (let j = 0; j + 1 < len; j++) if (data[i * L + j] === 4 && data[i * L + j + 1] === 5) y[i] = 1;
	}
	return { X: { rows: n, cols: L, data }, y };
}
const TOY: TextNnOptions = { vocabulary: 11, classes: 2, embedding: 8, units: 8, epochs: 2, batchSize: 16, learningRate: 0.02, seed: 3 };

describe('text network on the reviews sample (WASM backend)', () => {
	it(`conv1d reaches scikit-learn's TF-IDF + logistic regression (${SKLEARN_TFIDF_LOGISTIC_ACCURACY}) within 0.02, leaves no tensors, round-trips as JSON`, async () => {
		expect(await activateBackend('wasm')).toBe('wasm');
		const { vocabulary, train, test } = reviews();
		const before = tf.memory().numTensors;
		const state = await fitTextNn(train.X, train.y, { vocabulary, classes: 2, epochs: 10, seed: 0, validation: test });
		expect(tf.memory().numTensors).toBe(before);
		const proba = await predictTextNn(state, test.X);
		expect(tf.memory().numTensors).toBe(before);
		const acc = accuracy(proba, test.y);
		expect(acc).toBeGreaterThanOrEqual(SKLEARN_TFIDF_LOGISTIC_ACCURACY - 0.02);
		expect(state.history.valAccuracy[9]).toBeCloseTo(acc, 6);
		expect([state.stopped, state.backend, state.epochsRun]).toEqual([null, 'wasm', 10]);
		expect(Array.from(await predictTextNn(JSON.parse(JSON.stringify(state)), test.X))).toEqual(Array.from(proba));
	}, 60_000);

	it('the GRU trains on WASM too (no missing kernels) and learns word order', async () => {
		await activateBackend('wasm');
		const { X, y } = toy();
		const before = tf.memory().numTensors;
		const state = await fitTextNn(X, y, { ...TOY, architecture: 'gru', epochs: 25 });
		expect(tf.memory().numTensors).toBe(before);
		expect(state.history.loss.at(-1)!).toBeLessThan(state.history.loss[0]);
		expect(accuracy(await predictTextNn(state, X), y)).toBeGreaterThanOrEqual(0.9);
	}, 60_000);

	it('Cancel keeps the weights of the last whole epoch; in the first epoch it keeps nothing', async () => {
		await activateBackend('wasm');
		const { X, y } = toy();
		const before = tf.memory().numTensors;
		const controller = new AbortController();
		const cancelled = await fitTextNn(X, y, { ...TOY, epochs: 5, signal: controller.signal, onEpoch: () => controller.abort() });
		const one = await fitTextNn(X, y, { ...TOY, epochs: 1 });
		expect(cancelled.stopped).toEqual({ reason: 'cancelled', completed: 1, kept: 'weights after epoch 1' });
		expect(cancelled.weights).toEqual(one.weights);
		const early = new AbortController();
		early.abort();
		await expect(fitTextNn(X, y, { ...TOY, signal: early.signal })).rejects.toThrow('cancelled');
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('text network on the CPU backend', () => {
	it('is repeatable for a seed and differs for another, for both architectures', async () => {
		expect(await activateBackend('cpu')).toBe('cpu');
		const { X, y } = toy(48);
		const before = tf.memory().numTensors;
		for (const architecture of ['conv1d', 'gru'] as const) {
			const a = await fitTextNn(X, y, { ...TOY, architecture });
			const b = await fitTextNn(X, y, { ...TOY, architecture });
			const c = await fitTextNn(X, y, { ...TOY, architecture, seed: 4 });
			expect(b.weights).toEqual(a.weights);
			expect(c.weights).not.toEqual(a.weights);
		}
		expect(tf.memory().numTensors).toBe(before);
	}, 30_000);

	it('a non-finite loss in the first epoch stops with a message; bad inputs say what to use', async () => {
		await activateBackend('cpu');
		const { X, y } = toy(16);
		const before = tf.memory().numTensors;
		await expect(fitTextNn(X, y, { ...TOY, learningRate: 1e30, epochs: 1, batchSize: 4 })).rejects.toThrow(
			'text network: the loss became non-finite in the first epoch'
		);
		expect(tf.memory().numTensors).toBe(before);
		await expect(fitTextNn(X, y, { ...TOY, vocabulary: 5 })).rejects.toThrow(
			'text network: training row 0 holds token id 5; ids must be whole numbers from 0 to 4 (use a Text to sequence node before the model)'
		);
		await expect(fitTextNn(X, y, { ...TOY, window: 2 })).rejects.toThrow(
			'text network: window 2: use an odd number of words such as 3 or 5'
		);
		await expect(fitTextNn(X, y, { ...TOY, dropout: 1 })).rejects.toThrow(
			'text network: dropout 1: use a rate from 0 up to (not including) 1'
		);
		await expect(
			fitTextNn(
				X,
				Int32Array.from(y, (v) => v * 5),
				TOY
			)
		).rejects.toThrow('text network: training class code 5 at row 1 is outside 0..1');
	});
});
