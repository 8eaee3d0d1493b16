import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients itself; tfjs-layers does on import (see cnn.ts).
import '@tensorflow/tfjs-layers';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { runEpochs, type EpochStop } from './tf-epochs';
import {
	forward,
	initialWeights,
	readParams,
	toParams,
	type Params,
	type TextArchitecture,
	type TextNnShape,
	type TextNnWeights
} from './text-nn-network';

export type { TextArchitecture, TextNnShape, TextNnWeights } from './text-nn-network';

export interface TextNnEpochLogs {
	loss: number;
	accuracy: number;
	valLoss?: number;
	valAccuracy?: number;
	etaMs: number;
}

export interface TextNnOptions {
	/** Rows of the embedding (largest id + 1); rows of X are token ids, 0 = padding. */
	vocabulary: number;
	classes: number;
	architecture?: TextArchitecture;
	embedding?: number;
	units?: number;
	window?: number;
	dropout?: number;
	epochs?: number;
	batchSize?: number;
	learningRate?: number;
	seed?: number;
	/** Checked after every batch; the weights of the last whole epoch are kept. */
	signal?: AbortSignal;
	onEpoch?: (epoch: number, logs: TextNnEpochLogs) => void;
	validation?: { X: Matrix; y: Int32Array };
}

/** Same shape as nodes' TrainingStop (core/ml does not import core/nodes). */
export type TextNnStop = EpochStop;

/** Plain JSON: enough to predict on any backend. */
export interface TextNnState extends TextNnShape {
	weights: TextNnWeights;
	epochsRun: number;
	stopped: TextNnStop | null;
	warning: string | null;
	history: { loss: number[]; accuracy: number[]; valLoss: number[]; valAccuracy: number[] };
	backend: string;
}

const CHUNK = 512;

type Checked = Required<Omit<TextNnOptions, 'signal' | 'onEpoch' | 'validation'>>;

function check(o: Checked): void {
	const bad = (what: string) => {
		throw new Error(`text network: ${what}`);
	};
	const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;
	if (o.architecture !== 'conv1d' && o.architecture !== 'gru') bad(`architecture "${o.architecture}": use conv1d or gru`);
	if (!whole(o.vocabulary, 2)) bad(`vocabulary ${o.vocabulary}: the embedding needs at least 2 rows (padding and unknown)`);
	if (!whole(o.classes, 2)) bad(`classes ${o.classes}: classification needs at least 2`);
	if (!whole(o.embedding, 1) || !whole(o.units, 1))
		bad(`embedding size ${o.embedding} and units ${o.units}: use whole numbers of at least 1`);
	if (!whole(o.window, 1) || o.window % 2 === 0) bad(`window ${o.window}: use an odd number of words such as 3 or 5`);
	if (!(o.dropout >= 0 && o.dropout < 1)) bad(`dropout ${o.dropout}: use a rate from 0 up to (not including) 1`);
	if (!whole(o.epochs, 1) || !whole(o.batchSize, 1))
		bad(`epochs ${o.epochs} and batch size ${o.batchSize}: use whole numbers of at least 1`);
	if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) bad(`learning rate ${o.learningRate}: use a positive number such as 0.005`);
}

/**
 * Token ids as int32 and each row's length up to its last non-padding id. Ids at or past
 * the vocabulary are an error while training and unknown words (1) when predicting, so an
 * edited table cannot index past the embedding.
 */
function tokenIds(X: Matrix, vocabulary: number, what: string, strict: boolean): { ids: Int32Array; lengths: Int32Array } {
	const ids = new Int32Array(X.data.length);
	const lengths = new Int32Array(X.rows);
	for (let i = 0; i < X.data.length; i++) {
		let v = X.data[i];
		if (!Number.isInteger(v) || v < 0 || v >= vocabulary) {
			if (strict)
				throw new Error(
					`text network: ${what} row ${Math.floor(i / X.cols)} holds token id ${v}; ids must be whole numbers from 0 to ${vocabulary - 1} (use a Text to sequence node before the model)`
				);
			v = 1;
		}
		ids[i] = v;
		if (v !== 0) lengths[Math.floor(i / X.cols)] = (i % X.cols) + 1;
	}
	return { ids, lengths };
}

const longest = (lengths: Int32Array, rows: ArrayLike<number>) => {
	let m = 1;
	for (let i = 0; i < rows.length; i++) m = Math.max(m, lengths[rows[i]]);
	return m;
};

async function score(p: Params, s: TextNnShape, X: Matrix, y: Int32Array): Promise<{ loss: number; accuracy: number }> {
	const { ids, lengths } = tokenIds(X, s.vocabulary, 'validation', false);
	let loss = 0;
	let correct = 0;
	for (let start = 0; start < y.length; start += CHUNK) {
		const size = Math.min(CHUNK, y.length - start);
		const steps = longest(
			lengths.subarray(start, start + size),
			Array.from({ length: size }, (_, i) => i)
		);
		const [l, c] = tf.tidy(() => {
			const logits = forward(
				p,
				s,
				tf.tensor2d(ids.subarray(start * X.cols, (start + size) * X.cols), [size, X.cols], 'int32'),
				steps,
				null
			);
			const labels = tf.tensor1d(y.subarray(start, start + size), 'int32');
			const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, s.classes), logits, undefined, undefined, tf.Reduction.SUM);
			return [ce, tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'))];
		});
		loss += (await l.data())[0];
		correct += (await c.data())[0];
		tf.dispose([l, c]);
	}
	return { loss: loss / y.length, accuracy: correct / y.length };
}

/**
 * Trains with Adam on cross-entropy, one batch at a time, as fitCnn does:
 * - the seed fixes initial weights, batch order and dropout masks;
 * - Cancel (checked after every batch) and a non-finite loss keep the weights of the last
 *   whole epoch, and `stopped` says so; either in the first epoch leaves nothing to keep;
 * - every tensor made here is released: the result is plain JSON.
 */
export async function fitTextNn(X: Matrix, y: Int32Array, opts: TextNnOptions): Promise<TextNnState> {
	const o: Checked = {
		architecture: 'conv1d',
		embedding: 32,
		units: 32,
		window: 3,
		dropout: 0.3,
		epochs: 10,
		batchSize: 32,
		learningRate: 0.005,
		seed: 0,
		...opts
	};
	check(o);
	const shape: TextNnShape = {
		architecture: o.architecture,
		vocabulary: o.vocabulary,
		length: X.cols,
		embedding: o.embedding,
		units: o.units,
		window: o.window,
		classes: o.classes
	};
	const n = X.rows;
	if (n === 0) throw new Error('text network: no training rows');
	if (X.cols < 1) throw new Error('text network: rows hold no token ids');
	if (y.length !== n) throw new Error(`text network: ${y.length} labels for ${n} rows`);
	y.forEach((c, i) => {
		if (!Number.isInteger(c) || c < 0 || c >= o.classes)
			throw new Error(`text network: training class code ${c} at row ${i} is outside 0..${o.classes - 1}`);
	});
	const { ids, lengths } = tokenIds(X, o.vocabulary, 'training', true);
	const random = createRandom(o.seed + 1);
	const xAll = tf.tensor2d(ids, [n, X.cols], 'int32');
	const yAll = tf.tensor1d(y, 'int32');
	const params = toParams(shape, initialWeights(shape, o.seed), true);
	const variables = Object.values(params) as tf.Variable[];
	try {
		const { history, stopped, warning } = await runEpochs({
			name: 'text network',
			rows: n,
			epochs: o.epochs,
			batchSize: o.batchSize,
			learningRate: o.learningRate,
			random,
			variables,
			signal: opts.signal,
			step: async (idx, optimizer, batchNo) => {
				const steps = longest(lengths, idx);
				const batch = tf.tidy(() => {
					const at = tf.tensor1d(idx, 'int32');
					return [tf.gather(xAll, at) as tf.Tensor2D, tf.gather(yAll, at)] as const;
				});
				const kept: { hits?: tf.Scalar } = {};
				const seed = o.seed * 100_003 + batchNo;
				const cost = optimizer.minimize(
					() => {
						const logits = forward(params, shape, batch[0], steps, { dropout: o.dropout, dropoutSeed: seed });
						kept.hits = tf.keep(tf.sum<tf.Scalar>(tf.cast(tf.equal(tf.argMax(logits, 1), batch[1]), 'float32')));
						return tf.losses.softmaxCrossEntropy(tf.oneHot(batch[1], o.classes), logits);
					},
					true,
					variables
				)!;
				const [loss] = await cost.data();
				const [hits] = await kept.hits!.data();
				tf.dispose([cost, kept.hits!, ...batch]);
				return { loss, hits };
			},
			validate: () =>
				opts.validation && opts.validation.y.length ? score(params, shape, opts.validation.X, opts.validation.y) : Promise.resolve(null),
			onEpoch: opts.onEpoch
		});
		return {
			...shape,
			weights: await readParams(params),
			epochsRun: history.loss.length,
			stopped,
			warning,
			history,
			backend: tf.getBackend()
		};
	} finally {
		tf.dispose([xAll, yAll, ...variables]);
	}
}

/** Class probabilities, rows × classes row-major, on the active backend. */
export async function predictTextNn(state: TextNnState, X: Matrix): Promise<Float64Array> {
	if (X.cols !== state.length)
		throw new Error(`the text network reads ${state.length} token ids per row, got ${X.cols}: replay the same Text to sequence step`);
	const out = new Float64Array(X.rows * state.classes);
	const { ids, lengths } = tokenIds(X, state.vocabulary, 'scored', false);
	const params = toParams(state, state.weights, false);
	try {
		for (let start = 0; start < X.rows; start += CHUNK) {
			const rows = Math.min(CHUNK, X.rows - start);
			const steps = longest(
				lengths.subarray(start, start + rows),
				Array.from({ length: rows }, (_, i) => i)
			);
			const proba = tf.tidy(() =>
				tf.softmax(
					forward(params, state, tf.tensor2d(ids.subarray(start * X.cols, (start + rows) * X.cols), [rows, X.cols], 'int32'), steps, null)
				)
			);
			out.set(await proba.data(), start * state.classes);
			proba.dispose();
		}
	} finally {
		tf.dispose(Object.values(params));
	}
	return out;
}
