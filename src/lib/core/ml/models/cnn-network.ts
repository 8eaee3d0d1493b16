import * as tf from '@tensorflow/tfjs-core';

import { LAYERS, drawShift, layerSizes, shiftSource, type CnnShape, type CnnWeights, type LayerName } from './cnn-shape';

/**
 * The small CNN (cnn-shape.ts) on tfjs-core ops rather than tfjs-layers, so the trainer controls
 * every batch (augmentation, seeded dropout, a Cancel between batches) and the forward pass is
 * one function shared by training and prediction.
 */
export { LAYERS, initialWeights, layerSizes, type CnnShape, type CnnWeights, type LayerName } from './cnn-shape';

/** Device-side weights: [kernel as a matrix, bias] per layer. */
export type Params = Record<LayerName, [tf.Tensor2D, tf.Tensor1D]>;

export function toParams(s: CnnShape, w: CnnWeights, variables: boolean): Params {
	const sizes = layerSizes(s);
	const make = <T extends tf.Tensor>(t: T): T => (variables ? (tf.variable(t, true) as unknown as T) : t);
	const out = {} as Params;
	for (const name of LAYERS) {
		const k = tf.tensor2d(w[name].kernel, sizes[name]);
		const b = tf.tensor1d(w[name].bias);
		out[name] = [make(k), make(b)];
		if (variables) tf.dispose([k, b]);
	}
	return out;
}

export async function readParams(params: Params): Promise<CnnWeights> {
	const out = {} as CnnWeights;
	for (const name of LAYERS) {
		const [k, b] = params[name];
		out[name] = { kernel: Array.from(await k.data()), bias: Array.from(await b.data()) };
	}
	return out;
}

/**
 * A 3×3 'same' convolution. tf.conv2d where the backend can train it; tfjs's WASM backend
 * has no Conv2DBackpropFilter kernel, so there it is im2col + matMul (the nine shifted
 * views of the padded input side by side, times the kernel), which differentiates on every
 * backend. Both compute the same function of the same [3·3·in, out] kernel.
 */
function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor4D {
	const [n, h, w, c] = x.shape;
	const out = kernel.shape[1];
	if (tf.getKernel('Conv2DBackpropFilter', tf.getBackend()))
		return tf.add(tf.conv2d(x, tf.reshape(kernel, [3, 3, c, out]), 1, 'same'), bias);
	const padded = tf.pad(x, [
		[0, 0],
		[1, 1],
		[1, 1],
		[0, 0]
	]);
	const views: tf.Tensor4D[] = [];
	for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) views.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
	const cols = tf.reshape(tf.concat(views, 3), [n * h * w, 9 * c]);
	return tf.reshape(tf.add(tf.matMul(cols, kernel), bias), [n, h, w, out]);
}

export interface ForwardOptions {
	/** Share of units dropped; 0 (or not training) leaves them all. */
	dropout: number;
	/** Seed of this batch's dropout masks. */
	dropoutSeed: number;
}

/** Logits (rows × classes) for images [n, height, width, channels]. */
export function forward(p: Params, x: tf.Tensor4D, drop: ForwardOptions | null): tf.Tensor2D {
	const block = (h: tf.Tensor4D, [k, b]: [tf.Tensor2D, tf.Tensor1D]) => tf.maxPool(tf.relu(conv3x3(h, k, b)), 2, 2, 'same');
	const h = block(block(x, p.conv1), p.conv2);
	let flat: tf.Tensor2D = tf.reshape(h, [x.shape[0], -1]);
	const dropped = (t: tf.Tensor2D, i: number): tf.Tensor2D =>
		drop && drop.dropout > 0 ? (tf.dropout(t, drop.dropout, undefined, drop.dropoutSeed * 2 + i) as tf.Tensor2D) : t;
	flat = dropped(flat, 0);
	const dense = dropped(tf.relu(tf.add<tf.Tensor2D>(tf.matMul(flat, p.dense[0]), p.dense[1])), 1);
	return tf.add(tf.matMul(dense, p.output[0]), p.output[1]);
}

/**
 * Random shifts by up to `shift` pixels in each direction and, optionally, mirror images,
 * as one gather: every output value names its source value, or a zero appended after the
 * batch where the image moved away. (tf.image.transform would do it, but its CPU kernel
 * reads only the first image of a batch in tfjs 4.22.)
 */
export function augment(x: tf.Tensor4D, shift: number, flip: boolean, random: () => number): tf.Tensor4D {
	if (shift === 0 && !flip) return x;
	const [n, h, w, c] = x.shape;
	const size = h * w * c;
	const index = new Int32Array(n * size);
	const zero = n * size;
	for (let i = 0; i < n; i++) {
		const s = drawShift(random, shift, flip);
		for (let y = 0; y < h; y++)
			for (let xo = 0; xo < w; xo++) {
				const src = shiftSource(s, y, xo, h, w);
				for (let ch = 0; ch < c; ch++) index[i * size + (y * w + xo) * c + ch] = src >= 0 ? i * size + src * c + ch : zero;
			}
	}
	return tf.tidy(() => tf.reshape(tf.gather(tf.concat([tf.reshape(x, [-1]), tf.zeros([1])]), tf.tensor1d(index, 'int32')), [n, h, w, c]));
}
