import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients itself; tfjs-layers does on import (as models/cnn.ts).
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { activateBackend } from '../backends';
import { forward, initialWeights, LAYERS, toParams } from '../models/cnn-network';
import { runOp } from './cpu';
import { convCounts, poolCounts, type ConvGeometry, type PoolGeometry } from './geometry';

/**
 * The reference kernels against TensorFlow.js's CPU backend (an independent implementation:
 * tf.conv2d, tf.maxPool and their gradients through tf.grads) and against central differences
 * of a loss through conv → relu → pool, in double precision.
 */

const SHAPES: ConvGeometry[] = [
	// The digits CNN's two layers (8×8 images, 16 filters), one image batch of 3.
	{ batch: 3, height: 8, width: 8, inChannels: 1, outChannels: 16, kernelHeight: 3, kernelWidth: 3, padding: 'same' },
	{ batch: 3, height: 4, width: 4, inChannels: 16, outChannels: 32, kernelHeight: 3, kernelWidth: 3, padding: 'same' },
	// Odd sizes, rectangular images and filters, both paddings.
	{ batch: 2, height: 7, width: 5, inChannels: 3, outChannels: 5, kernelHeight: 3, kernelWidth: 3, padding: 'same' },
	{ batch: 2, height: 9, width: 6, inChannels: 2, outChannels: 3, kernelHeight: 3, kernelWidth: 2, padding: 'same' },
	{ batch: 2, height: 7, width: 11, inChannels: 4, outChannels: 7, kernelHeight: 3, kernelWidth: 3, padding: 'valid' },
	{ batch: 1, height: 5, width: 5, inChannels: 2, outChannels: 3, kernelHeight: 5, kernelWidth: 4, padding: 'valid' }
];

const POOLS: PoolGeometry[] = [
	{ batch: 2, height: 8, width: 8, channels: 3, padding: 'same' },
	{ batch: 2, height: 7, width: 5, channels: 4, padding: 'same' },
	{ batch: 3, height: 7, width: 9, channels: 2, padding: 'valid' },
	{ batch: 1, height: 1, width: 3, channels: 2, padding: 'same' }
];

const tag = (g: ConvGeometry) =>
	`${g.batch}×${g.height}×${g.width}×${g.inChannels} ⊛ ${g.kernelHeight}×${g.kernelWidth}→${g.outChannels} ${g.padding}`;

function randoms(n: number, random: () => number): Float64Array {
	return Float64Array.from({ length: n }, () => Math.fround(random() * 2 - 1));
}

/** tfjs takes single-precision arrays (the values are single-precision already). */
const f32 = (h: Float64Array, at: number, n: number) => Float32Array.from(h.subarray(at, at + n));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
	expect(a.length).toBe(b.length);
	let w = 0;
	for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
	return w;
}

/** A double-precision heap holding each named block one after the other. */
function heapOf(blocks: Record<string, number>): { h: Float64Array; at: Record<string, number> } {
	const at: Record<string, number> = {};
	let n = 0;
	for (const [k, size] of Object.entries(blocks)) {
		at[k] = n;
		n += size;
	}
	return { h: new Float64Array(n), at };
}

beforeAll(async () => {
	await activateBackend('cpu');
});

describe('conv kernels against TensorFlow.js (CPU backend)', () => {
	for (const g of SHAPES)
		it(`conv, input and filter gradients: ${tag(g)}`, () => {
			const random = createRandom(g.height * 31 + g.outChannels);
			const n = convCounts(g);
			const { h, at } = heapOf({ x: n.input, w: n.filter, b: n.bias, y: n.output, dy: n.output, dx: n.input, dw: n.filter, db: n.bias });
			h.set(randoms(n.input, random), at.x);
			h.set(randoms(n.filter, random), at.w);
			h.set(randoms(n.bias, random), at.b);
			h.set(randoms(n.output, random), at.dy);
			runOp(h, { op: 'conv', geometry: g, x: at.x, w: at.w, bias: at.b, y: at.y, relu: false });
			runOp(h, { op: 'convInputGrad', geometry: g, dy: at.dy, w: at.w, dx: at.dx });
			runOp(h, { op: 'convFilterGrad', geometry: g, x: at.x, dy: at.dy, dw: at.dw, db: at.db });

			const x = tf.tensor4d(f32(h, at.x, n.input), [g.batch, g.height, g.width, g.inChannels]);
			const w = tf.tensor4d(f32(h, at.w, n.filter), [g.kernelHeight, g.kernelWidth, g.inChannels, g.outChannels]);
			const b = tf.tensor1d(f32(h, at.b, n.bias));
			const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, g.padding), bb);
			const y = f(x, w, b);
			const dyT = tf.tensor(f32(h, at.dy, n.output), y.shape);
			const [gx, gw, gb] = tf.grads(f)([x, w, b], dyT);
			expect(maxDiff(h.subarray(at.y, at.y + n.output), y.dataSync())).toBeLessThan(1e-5);
			expect(maxDiff(h.subarray(at.dx, at.dx + n.input), gx.dataSync())).toBeLessThan(1e-5);
			expect(maxDiff(h.subarray(at.dw, at.dw + n.filter), gw.dataSync())).toBeLessThan(1e-5);
			expect(maxDiff(h.subarray(at.db, at.db + n.bias), gb.dataSync())).toBeLessThan(1e-5);
			tf.dispose([x, w, b, y, dyT, gx, gw, gb]);
		});

	it('conv with the fused ReLU is tf.relu of the conv', () => {
		const g = SHAPES[2];
		const random = createRandom(3);
		const n = convCounts(g);
		const { h, at } = heapOf({ x: n.input, w: n.filter, b: n.bias, y: n.output });
		h.set(randoms(n.input + n.filter + n.bias, random));
		runOp(h, { op: 'conv', geometry: g, x: at.x, w: at.w, bias: at.b, y: at.y, relu: true });
		const y = tf.relu(
			tf.add(
				tf.conv2d(
					tf.tensor4d(f32(h, at.x, n.input), [g.batch, g.height, g.width, g.inChannels]),
					tf.tensor4d(f32(h, at.w, n.filter), [3, 3, g.inChannels, g.outChannels]),
					1,
					'same'
				),
				tf.tensor1d(f32(h, at.b, n.bias))
			)
		);
		const ours = h.subarray(at.y, at.y + n.output);
		expect(maxDiff(ours, y.dataSync())).toBeLessThan(1e-5);
		// Not vacuous: about half the outputs are clipped and half are not.
		const zeros = ours.filter((v) => v === 0).length;
		expect(zeros).toBeGreaterThan(n.output / 4);
		expect(zeros).toBeLessThan((3 * n.output) / 4);
	});

	for (const g of POOLS)
		it(`max-pool and its gradient: ${g.batch}×${g.height}×${g.width}×${g.channels} ${g.padding}`, () => {
			const random = createRandom(g.height * 7 + g.width);
			const n = poolCounts(g);
			const { h, at } = heapOf({ x: n.input, y: n.output, dy: n.output, dx: n.input });
			h.set(randoms(n.input, random), at.x);
			h.set(randoms(n.output, random), at.dy);
			runOp(h, { op: 'maxPool', geometry: g, x: at.x, y: at.y });
			runOp(h, { op: 'maxPoolGrad', geometry: g, x: at.x, dy: at.dy, dx: at.dx, reluMask: false });
			const x = tf.tensor4d(f32(h, at.x, n.input), [g.batch, g.height, g.width, g.channels]);
			const f = (xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, 2, 2, g.padding);
			const y = f(x);
			const dyT = tf.tensor(f32(h, at.dy, n.output), y.shape);
			const gx = tf.grad(f)(x, dyT);
			expect(maxDiff(h.subarray(at.y, at.y + n.output), y.dataSync())).toBeLessThan(1e-5);
			expect(maxDiff(h.subarray(at.dx, at.dx + n.input), gx.dataSync())).toBeLessThan(1e-5);
			tf.dispose([x, y, dyT, gx]);
		});
});

describe('conv → relu → max-pool gradients against central differences', () => {
	/** L = Σ r ⊙ pool(relu(x ⊛ w + b)) for fixed weights r: its gradients by the backward kernels and by differences. */
	for (const g of [SHAPES[2], SHAPES[4], SHAPES[3]])
		it(tag(g), () => {
			const random = createRandom(17 + g.width);
			const n = convCounts(g);
			const pool: PoolGeometry = { batch: g.batch, height: 0, width: 0, channels: g.outChannels, padding: 'same' };
			const convOut = n.output / g.batch / g.outChannels;
			pool.height = g.padding === 'same' ? g.height : g.height - g.kernelHeight + 1;
			pool.width = convOut / pool.height;
			const pn = poolCounts(pool);
			const { h, at } = heapOf({
				x: n.input,
				w: n.filter,
				b: n.bias,
				a: n.output,
				p: pn.output,
				r: pn.output,
				da: n.output,
				dx: n.input,
				dw: n.filter,
				db: n.bias
			});
			h.set(randoms(n.input + n.filter + n.bias, random));
			h.set(randoms(pn.output, random), at.r);
			const loss = () => {
				runOp(h, { op: 'conv', geometry: g, x: at.x, w: at.w, bias: at.b, y: at.a, relu: true });
				runOp(h, { op: 'maxPool', geometry: pool, x: at.a, y: at.p });
				let s = 0;
				for (let i = 0; i < pn.output; i++) s += h[at.r + i] * h[at.p + i];
				return s;
			};
			loss();
			runOp(h, { op: 'maxPoolGrad', geometry: pool, x: at.a, dy: at.r, dx: at.da, reluMask: true });
			runOp(h, { op: 'convInputGrad', geometry: g, dy: at.da, w: at.w, dx: at.dx });
			runOp(h, { op: 'convFilterGrad', geometry: g, x: at.x, dy: at.da, dw: at.dw, db: at.db });
			const analytic = Float64Array.from(h.subarray(at.dx, at.dx + n.input + n.filter + n.bias));
			// dx, dw, db lie in the heap in the order x, w, b do.
			const params = [...Array.from({ length: n.input + n.filter + n.bias }, (_, i) => i)];
			const eps = 1e-6;
			let worst = 0;
			let nonzero = 0;
			for (const i of params) {
				const keep = h[i];
				h[i] = keep + eps;
				const up = loss();
				h[i] = keep - eps;
				const down = loss();
				h[i] = keep;
				const numeric = (up - down) / (2 * eps);
				const a = analytic[i];
				if (Math.abs(a) > 1e-3) nonzero++;
				worst = Math.max(worst, Math.abs(numeric - a) / Math.max(1, Math.abs(numeric)));
			}
			expect(worst).toBeLessThan(1e-6);
			expect(nonzero).toBeGreaterThan(params.length / 3);
		});
});

describe("the CNN's network on the reference kernels", () => {
	it("reproduces cnn-network.ts's logits from the same weights (its filter layout, 'same' pools on odd sizes)", () => {
		// 7×9 images: both pools see odd sizes (7×9 → 4×5 → 2×3).
		const shape = { height: 7, width: 9, channels: 2, classes: 4, filters: 5, denseUnits: 6 };
		const weights = initialWeights(shape, 3);
		// Non-zero biases, so a misplaced bias shows.
		for (const name of LAYERS) weights[name].bias = weights[name].bias.map((_, i) => 0.05 * (i - 2));
		const batch = 3;
		const random = createRandom(8);
		const images = Float32Array.from({ length: batch * 7 * 9 * 2 }, () => random());
		const logits = tf.tidy(() => forward(toParams(shape, weights, false), tf.tensor4d(images, [batch, 7, 9, 2]), null).dataSync());

		const c1: ConvGeometry = {
			batch,
			height: 7,
			width: 9,
			inChannels: 2,
			outChannels: 5,
			kernelHeight: 3,
			kernelWidth: 3,
			padding: 'same'
		};
		const p1: PoolGeometry = { batch, height: 7, width: 9, channels: 5, padding: 'same' };
		const c2: ConvGeometry = { ...c1, height: 4, width: 5, inChannels: 5, outChannels: 10 };
		const p2: PoolGeometry = { batch, height: 4, width: 5, channels: 10, padding: 'same' };
		const { h, at } = heapOf({
			x: images.length,
			w1: weights.conv1.kernel.length,
			b1: 5,
			a1: batch * 7 * 9 * 5,
			h1: batch * 4 * 5 * 5,
			w2: weights.conv2.kernel.length,
			b2: 10,
			a2: batch * 4 * 5 * 10,
			h2: batch * 2 * 3 * 10
		});
		h.set(images, at.x);
		h.set(weights.conv1.kernel, at.w1);
		h.set(weights.conv1.bias, at.b1);
		h.set(weights.conv2.kernel, at.w2);
		h.set(weights.conv2.bias, at.b2);
		runOp(h, { op: 'conv', geometry: c1, x: at.x, w: at.w1, bias: at.b1, y: at.a1, relu: true });
		runOp(h, { op: 'maxPool', geometry: p1, x: at.a1, y: at.h1 });
		runOp(h, { op: 'conv', geometry: c2, x: at.h1, w: at.w2, bias: at.b2, y: at.a2, relu: true });
		runOp(h, { op: 'maxPool', geometry: p2, x: at.a2, y: at.h2 });
		// The dense layers by their definition: NHWC flattened row by row, as tf.reshape.
		const dense = (x: ArrayLike<number>, rows: number, { kernel, bias }: { kernel: number[]; bias: number[] }, relu: boolean) => {
			const units = bias.length;
			const inputs = kernel.length / units;
			return Float64Array.from({ length: rows * units }, (_, k) => {
				const [r, j] = [Math.floor(k / units), k % units];
				let s = bias[j];
				for (let i = 0; i < inputs; i++) s += x[r * inputs + i] * kernel[i * units + j];
				return relu ? Math.max(s, 0) : s;
			});
		};
		const hidden = dense(h.subarray(at.h2, at.h2 + batch * 60), batch, weights.dense, true);
		const ours = dense(hidden, batch, weights.output, false);
		expect(maxDiff(ours, logits)).toBeLessThan(1e-5);
		expect(Math.max(...Array.from(logits, Math.abs))).toBeGreaterThan(1e-2);
	});
});
