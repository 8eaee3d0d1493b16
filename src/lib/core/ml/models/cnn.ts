import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients itself; tfjs-layers does on import, in every bundle format
// (a deep import of core's register_all_gradients fails under Node's ESM resolution).
import '@tensorflow/tfjs-layers';
import type { Matrix } from '../matrix';
import { assertFinite } from '../matrix';
import { createRandom } from '../../util/random';
import { runEpochs, type EpochStop } from './tf-epochs';
import { augment, forward, initialWeights, LAYERS, readParams, toParams, type CnnShape, type CnnWeights, type Params } from './cnn-network';

export type { CnnShape, CnnWeights } from './cnn-network';

export interface CnnEpochLogs {
	loss: number;
	accuracy: number;
	valLoss?: number;
	valAccuracy?: number;
	/** Remaining epochs × mean epoch time so far. */
	etaMs: number;
}

export interface CnnOptions {
	/** Image size and classes; rows of X are images, row-major height × width × channels. */
	height: number;
	width: number;
	channels: number;
	classes: number;
	/** Filters of the first convolution; the second has twice as many. */
	filters?: number;
	denseUnits?: number;
	/** Share of units dropped before and after the dense layer, in [0, 1). */
	dropout?: number;
	/** Training images move by up to this many pixels (0: no shifts). */
	shift?: number;
	/** Mirror half the training images left to right (not for digits or text). */
	flip?: boolean;
	epochs?: number;
	batchSize?: number;
	learningRate?: number;
	seed?: number;
	/** Checked after every batch; the weights of the last whole epoch are kept. */
	signal?: AbortSignal;
	/** After each epoch; `epoch` counts from 0. */
	onEpoch?: (epoch: number, logs: CnnEpochLogs) => void;
	validation?: { X: Matrix; y: Int32Array };
}

/** Same shape as nodes' TrainingStop (core/ml does not import core/nodes). */
export type CnnStop = EpochStop;

/** Plain JSON: enough to predict on any backend. */
export interface CnnState extends CnnShape {
	weights: CnnWeights;
	epochsRun: number;
	stopped: CnnStop | null;
	warning: string | null;
	history: { loss: number[]; accuracy: number[]; valLoss: number[]; valAccuracy: number[] };
	backend: string;
}

const CHUNK = 512;

function check(o: Required<Omit<CnnOptions, 'signal' | 'onEpoch' | 'validation'>>): void {
	const bad = (what: string) => {
		throw new Error(`CNN: ${what}`);
	};
	const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;
	if (!whole(o.height, 1) || !whole(o.width, 1) || !(o.channels === 1 || o.channels === 3))
		bad(`image shape ${o.height}×${o.width}×${o.channels}: use whole sizes and 1 or 3 channels`);
	if (!whole(o.classes, 2)) bad(`classes ${o.classes}: classification needs at least 2`);
	if (!whole(o.filters, 1) || !whole(o.denseUnits, 1))
		bad(`filters ${o.filters} and dense units ${o.denseUnits}: use whole numbers of at least 1`);
	if (!(o.dropout >= 0 && o.dropout < 1)) bad(`dropout ${o.dropout}: use a rate from 0 up to (not including) 1`);
	if (!whole(o.shift, 0)) bad(`shift ${o.shift}: use a whole number of pixels, 0 for none`);
	if (!whole(o.epochs, 1) || !whole(o.batchSize, 1))
		bad(`epochs ${o.epochs} and batch size ${o.batchSize}: use whole numbers of at least 1`);
	if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) bad(`learning rate ${o.learningRate}: use a positive number such as 0.001`);
}

/** Mean cross-entropy and accuracy of the current weights on some rows, in chunks. */
async function score(p: Params, x: tf.Tensor4D, y: Int32Array, classes: number): Promise<{ loss: number; accuracy: number }> {
	let loss = 0;
	let correct = 0;
	for (let start = 0; start < y.length; start += CHUNK) {
		const size = Math.min(CHUNK, y.length - start);
		const [l, c] = tf.tidy(() => {
			const logits = forward(p, tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]), null);
			const labels = tf.tensor1d(y.subarray(start, start + size), 'int32');
			const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits, undefined, undefined, tf.Reduction.SUM);
			return [ce, tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'))];
		});
		loss += (await l.data())[0];
		correct += (await c.data())[0];
		tf.dispose([l, c]);
	}
	return { loss: loss / y.length, accuracy: correct / y.length };
}

function images(X: Matrix, s: CnnShape, what: string): tf.Tensor4D {
	const p = s.height * s.width * s.channels;
	if (X.cols !== p) throw new Error(`CNN: ${what} rows have ${X.cols} values; ${s.height}×${s.width}×${s.channels} images need ${p}`);
	return tf.tensor4d(Float32Array.from(X.data), [X.rows, s.height, s.width, s.channels]);
}

function labels(y: Int32Array, k: number, what: string): Int32Array {
	y.forEach((c, i) => {
		if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`CNN: ${what} class code ${c} at row ${i} is outside 0..${k - 1}`);
	});
	return y;
}

/**
 * Trains the CNN with Adam on cross-entropy, one batch at a time.
 * - Determinism: weights, batch order, shifts, flips and dropout masks all follow `seed`.
 * - Cancel (checked after every batch) and a non-finite loss keep the weights of the last
 *   whole epoch; `stopped` says so. Either in the first epoch leaves nothing to keep.
 * - Every tensor made here is released: the result is plain JSON.
 */
export async function fitCnn(X: Matrix, y: Int32Array, opts: CnnOptions): Promise<CnnState> {
	const o = {
		filters: 16,
		denseUnits: 64,
		dropout: 0.25,
		shift: 1,
		flip: false,
		epochs: 15,
		batchSize: 32,
		learningRate: 0.005,
		seed: 0,
		...opts
	};
	check(o);
	const shape: CnnShape = {
		height: o.height,
		width: o.width,
		channels: o.channels,
		classes: o.classes,
		filters: o.filters,
		denseUnits: o.denseUnits
	};
	const n = X.rows;
	if (n === 0) throw new Error('CNN: no training rows');
	if (y.length !== n) throw new Error(`CNN: ${y.length} labels for ${n} rows`);
	assertFinite(X, 'X');
	labels(y, o.classes, 'training');
	if (opts.validation) labels(opts.validation.y, o.classes, 'validation');

	const random = createRandom(o.seed + 1);
	const xAll = images(X, shape, 'training');
	const yAll = tf.tensor1d(y, 'int32');
	const xVal = opts.validation ? images(opts.validation.X, shape, 'validation') : null;
	const params = toParams(shape, initialWeights(shape, o.seed), true);
	const variables = LAYERS.flatMap((name) => params[name]) as unknown as tf.Variable[];
	try {
		const { history, stopped, warning } = await runEpochs({
			name: 'CNN',
			rows: n,
			epochs: o.epochs,
			batchSize: o.batchSize,
			learningRate: o.learningRate,
			random,
			variables,
			signal: opts.signal,
			step: async (idx, optimizer, batchNo) => {
				const batch = tf.tidy(() => {
					const at = tf.tensor1d(idx, 'int32');
					return [augment(tf.gather(xAll, at), o.shift, o.flip, random), tf.gather(yAll, at)] as const;
				});
				const kept: { hits?: tf.Scalar } = {};
				const seed = o.seed * 100_003 + batchNo;
				const cost = optimizer.minimize(
					() => {
						const logits = forward(params, batch[0], { dropout: o.dropout, dropoutSeed: seed });
						// Batch accuracy from the same forward pass; kept past minimize's tidy.
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
			validate: () => (xVal ? score(params, xVal, opts.validation!.y, o.classes) : Promise.resolve(null)),
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
		tf.dispose([xAll, yAll, ...(xVal ? [xVal] : []), ...variables]);
	}
}

/** Class probabilities, rows × classes row-major, on the active backend. */
export async function predictCnn(state: CnnState, X: Matrix): Promise<Float64Array> {
	const out = new Float64Array(X.rows * state.classes);
	const params = toParams(state, state.weights, false);
	const p = state.height * state.width * state.channels;
	if (X.cols !== p)
		throw new Error(`CNN expects ${p} pixel values per row (${state.height}×${state.width}×${state.channels}), got ${X.cols}`);
	try {
		for (let start = 0; start < X.rows; start += CHUNK) {
			const rows = Math.min(CHUNK, X.rows - start);
			const proba = tf.tidy(() => {
				const x = tf.tensor4d(Float32Array.from(X.data.subarray(start * p, (start + rows) * p)), [
					rows,
					state.height,
					state.width,
					state.channels
				]);
				return tf.softmax(forward(params, x, null));
			});
			out.set(await proba.data(), start * state.classes);
			proba.dispose();
		}
	} finally {
		tf.dispose(LAYERS.flatMap((name) => params[name]));
	}
	return out;
}
