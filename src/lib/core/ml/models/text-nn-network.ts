import * as tf from '@tensorflow/tfjs-core';
import { createRandom } from '../../util/random';

/**
 * The text network: an embedding of token ids, then either a 1-D convolution (ReLU,
 * max over the words) or a GRU (its last state), dropout and a softmax output. Written on
 * tfjs-core ops, as the CNN is, so the trainer controls every batch and the forward pass
 * is shared by training and prediction. Id 0 is padding: it never wins the max and leaves
 * the GRU's state unchanged, so padded and unpadded texts score alike.
 */
export type TextArchitecture = 'conv1d' | 'gru';

export interface TextNnShape {
	architecture: TextArchitecture;
	/** Rows of the embedding: vocabulary words + padding + unknown. */
	vocabulary: number;
	/** Token ids per text. */
	length: number;
	embedding: number;
	/** Convolution filters or GRU units. */
	units: number;
	/** Words the convolution sees at once (odd); unused by the GRU. */
	window: number;
	classes: number;
}

/** Weights as plain arrays, row-major matrices, by layer name. */
export type TextNnWeights = Record<string, number[]>;

/** Names and [rows, cols] (cols 0: a vector) of each weight. */
export function weightShapes(s: TextNnShape): [string, number, number][] {
	const out: [string, number, number][] = [['embedding', s.vocabulary, s.embedding]];
	if (s.architecture === 'conv1d') out.push(['convKernel', s.window * s.embedding, s.units], ['convBias', s.units, 0]);
	else out.push(['gruKernel', s.embedding, 3 * s.units], ['gruRecurrent', s.units, 3 * s.units], ['gruBias', 3 * s.units, 0]);
	out.push(['outKernel', s.units, s.classes], ['outBias', s.classes, 0]);
	return out;
}

/**
 * Keras's defaults, drawn from our seeded generator so a seed starts every backend alike:
 * embeddings uniform in ±0.05, Glorot-uniform kernels (a convolution's fan counts its
 * window), zero biases.
 */
export function initialWeights(s: TextNnShape, seed: number): TextNnWeights {
	const random = createRandom(seed);
	const out: TextNnWeights = {};
	for (const [name, rows, cols] of weightShapes(s)) {
		if (cols === 0) {
			out[name] = new Array<number>(rows).fill(0);
			continue;
		}
		const limit =
			name === 'embedding' ? 0.05 : name === 'convKernel' ? Math.sqrt(6 / (rows + s.window * cols)) : Math.sqrt(6 / (rows + cols));
		out[name] = Array.from({ length: rows * cols }, () => (random() * 2 - 1) * limit);
	}
	return out;
}

export type Params = Record<string, tf.Tensor>;

export function toParams(s: TextNnShape, w: TextNnWeights, variables: boolean): Params {
	const out: Params = {};
	for (const [name, rows, cols] of weightShapes(s)) {
		const values = w[name];
		if (!values || values.length !== rows * Math.max(cols, 1))
			throw new Error(`text network: weight "${name}" should hold ${rows * Math.max(cols, 1)} numbers; retrain the model`);
		const t = cols === 0 ? tf.tensor1d(values) : tf.tensor2d(values, [rows, cols]);
		out[name] = variables ? tf.variable(t, true) : t;
		if (variables) t.dispose();
	}
	return out;
}

export async function readParams(p: Params): Promise<TextNnWeights> {
	const out: TextNnWeights = {};
	for (const [name, t] of Object.entries(p)) out[name] = Array.from(await t.data());
	return out;
}

/**
 * Embedding rows for ids [n, L] → [n, L, E], with the gradient written as one scatter-add
 * into the table. tf.gather's own gradient is UnsortedSegmentSum, which tfjs's CPU backend
 * runs as one pass over all ids per vocabulary word (minutes per epoch) and WASM lacks.
 */
const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
	const [table, ids, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
	save([ids]);
	return {
		value: tf.gather(table, ids),
		// scatterND sums the rows of repeated ids, as a gradient must.
		gradFunc: (dy: tf.Tensor, [idx]: tf.Tensor[]) => [tf.scatterND(tf.expandDims(idx, 1), dy, table.shape), tf.zerosLike(idx)]
	};
});

function embed(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
	const [n, L] = ids.shape;
	return tf.reshape(lookup(table, tf.reshape(ids, [-1])), [n, L, table.shape[1]]);
}

/** 'same' convolution over words as im2col + matMul (WASM has no Conv2DBackpropFilter), ReLU, max over real words. */
function convPool(p: Params, x: tf.Tensor3D, mask: tf.Tensor2D, window: number): tf.Tensor2D {
	const [n, L, E] = x.shape;
	const half = (window - 1) >> 1;
	const padded = tf.pad(x, [
		[0, 0],
		[half, half],
		[0, 0]
	]);
	const views: tf.Tensor3D[] = [];
	for (let k = 0; k < window; k++) views.push(tf.slice(padded, [0, k, 0], [n, L, E]));
	const cols = tf.reshape(tf.concat(views, 2), [n * L, window * E]);
	const units = p.convBias.shape[0];
	const act = tf.reshape(tf.relu(tf.add(tf.matMul(cols, p.convKernel as tf.Tensor2D), p.convBias)), [n, L, units]);
	// ReLU outputs are ≥ 0, so zeroing padded positions keeps them from winning the max.
	return tf.max(tf.mul(act, tf.expandDims(mask, 2)), 1) as tf.Tensor2D;
}

/** GRU (update gate z, reset gate r applied after the recurrent matMul, as Keras's reset_after) over `steps` words; its last state. */
function gruLast(p: Params, x: tf.Tensor3D, mask: tf.Tensor2D, steps: number): tf.Tensor2D {
	const [n, L, E] = x.shape;
	const U = p.gruRecurrent.shape[0];
	// Input projections of every word at once: one large matMul instead of L small ones.
	const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [n * L, E]), p.gruKernel as tf.Tensor2D), p.gruBias), [n, L, 3 * U]);
	let h: tf.Tensor2D = tf.zeros([n, U]);
	for (let t = 0; t < steps; t++) {
		const xt = tf.reshape(tf.slice(xw, [0, t, 0], [n, 1, 3 * U]), [n, 3 * U]);
		const hu = tf.matMul(h, p.gruRecurrent as tf.Tensor2D);
		const [xz, xr, xn] = tf.split(xt, 3, 1);
		const [hz, hr, hn] = tf.split(hu, 3, 1);
		const z = tf.sigmoid(tf.add(xz, hz));
		const r = tf.sigmoid(tf.add(xr, hr));
		const cand = tf.tanh(tf.add(xn, tf.mul(r, hn)));
		const next = tf.add(cand, tf.mul(z, tf.sub(h, cand)));
		// Padding leaves the state as it was.
		const m = tf.slice(mask, [0, t], [n, 1]);
		h = tf.add(h, tf.mul(m, tf.sub(next, h)));
	}
	return h;
}

export interface ForwardOptions {
	dropout: number;
	dropoutSeed: number;
}

/**
 * Logits (rows × classes) for token ids [n, L]. `steps`: words the GRU reads (the longest
 * text of the batch, so trailing padding costs nothing). `drop` null: not training.
 */
export function forward(p: Params, s: TextNnShape, ids: tf.Tensor2D, steps: number, drop: ForwardOptions | null): tf.Tensor2D {
	const mask = tf.cast(tf.notEqual(ids, 0), 'float32') as tf.Tensor2D;
	const x = embed(p.embedding as tf.Tensor2D, ids);
	let h = s.architecture === 'conv1d' ? convPool(p, x, mask, s.window) : gruLast(p, x, mask, steps);
	if (drop && drop.dropout > 0) h = tf.dropout(h, drop.dropout, undefined, drop.dropoutSeed) as tf.Tensor2D;
	return tf.add(tf.matMul(h, p.outKernel as tf.Tensor2D), p.outBias);
}
