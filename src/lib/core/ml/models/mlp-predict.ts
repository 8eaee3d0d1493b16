import * as tf from '@tensorflow/tfjs-core';
import type { Matrix } from '../matrix';
import type { MlpLayerState, MlpState } from './mlp-types';

const PREDICT_CHUNK = 8192;

function activate(h: tf.Tensor2D, activation: MlpLayerState['activation']): tf.Tensor2D {
	switch (activation) {
		case 'relu':
			return tf.relu(h);
		case 'tanh':
			return tf.tanh(h);
		case 'sigmoid':
			return tf.sigmoid(h);
		case 'elu':
			return tf.elu(h);
		case 'gelu':
			// The exact form tfjs-layers trains with: x · Φ(x).
			return tf.mul(h, tf.mul(0.5, tf.add(1, tf.erf(tf.div(h, Math.SQRT2)))));
		case 'softmax':
			return tf.softmax(h);
		case 'linear':
			return h;
	}
}

/**
 * Class probabilities (rows × classes, row-major) or regression values (rows), computed with
 * plain tensor ops on the active backend; every tensor made here is released before returning.
 */
export async function predictMlp(state: MlpState, X: Matrix): Promise<Float64Array> {
	const p = state.layers[0].inputs;
	if (X.cols !== p) throw new Error(`MLP expects ${p} features, got ${X.cols}`);
	const width = state.layers[state.layers.length - 1].units;
	const out = new Float64Array(X.rows * width);
	const weights = state.layers.map((l) => [tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)] as const);
	try {
		// Chunks bound device memory on large inputs.
		for (let start = 0; start < X.rows; start += PREDICT_CHUNK) {
			const rows = Math.min(PREDICT_CHUNK, X.rows - start);
			const y = tf.tidy(() => {
				let h: tf.Tensor2D = tf.tensor2d(Float32Array.from(X.data.subarray(start * p, (start + rows) * p)), [rows, p]);
				state.layers.forEach((l, i) => {
					const [k, b] = weights[i];
					h = activate(tf.add(tf.matMul(h, k), b), l.activation);
				});
				return h;
			});
			const values = await y.data();
			y.dispose();
			out.set(values, start * width);
		}
	} finally {
		weights.forEach(([k, b]) => (k.dispose(), b.dispose()));
	}
	if (state.target) {
		const { mean, std } = state.target;
		for (let i = 0; i < out.length; i++) out[i] = out[i] * std + mean;
	}
	return out;
}
