import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients itself; tfjs-layers does on import, in every bundle format
// (a deep import of core's register_all_gradients fails under Node's ESM resolution).
import '@tensorflow/tfjs-layers';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { runEpochs } from './tf-epochs';
import { augment, forward, LAYERS, readParams, toParams, type Params } from './cnn-network';
import { checkPixels, cnnSettings, initialWeights, type CnnOptions, type CnnShape, type CnnState } from './cnn-shape';

export type { CnnEpochLogs, CnnOptions, CnnShape, CnnState, CnnStop, CnnWeights } from './cnn-shape';

const CHUNK = 512;

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
	checkPixels(X, s, what);
	return tf.tensor4d(Float32Array.from(X.data), [X.rows, s.height, s.width, s.channels]);
}

/**
 * Trains the CNN with Adam on cross-entropy, one batch at a time.
 * - Determinism: weights, batch order, shifts, flips and dropout masks all follow `seed`.
 * - Cancel (checked after every batch) and a non-finite loss keep the weights of the last
 *   whole epoch; `stopped` says so. Either in the first epoch leaves nothing to keep.
 * - Every tensor made here is released: the result is plain JSON.
 */
export async function fitCnn(X: Matrix, y: Int32Array, opts: CnnOptions): Promise<CnnState> {
	const { o, shape } = cnnSettings(X, y, opts);
	const n = X.rows;

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
