import type { Matrix } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';
import { yielder } from '../../util/yield';
import { abortError } from '../../util/abort';
import { adamStep } from '../dense/adam';
import { createKernels, type KernelChoice } from '../dense/kernels';
import { argmaxRows } from '../models/argmax';
import {
	checkPixels,
	cnnSettings,
	drawShift,
	initialWeights,
	LAYERS,
	layerSizes,
	shiftSource,
	type CnnOptions,
	type CnnShape,
	type CnnState,
	type CnnStop,
	type CnnWeights
} from '../models/cnn-shape';
import { backwardCnn, forwardCnn, planCnn, singleMath, type CnnLayout, type CnnMath } from './cnn-net';

/** Images per pass when scoring validation rows or predicting, whatever the batch size. */
const CHUNK = 256;

/**
 * tf.train.adam's settings, so the two trainers take the same steps: tfjs's default epsilon is
 * 1e-7 (added to √v̂; dense/adam.ts adds it to √v with the corrections folded into the step,
 * which differs only for gradients near epsilon).
 */
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** What the kernels are called in a model's result (ui/primitives/backends.ts explains each). */
const BACKENDS = { 'wasm-simd': 'tessera-wasm-simd', js: 'tessera-js' } as const;

/** Writes weights into the parameter block (and reads them back out) in LAYERS order. */
export function writeWeights(h: Float32Array | Float64Array, net: CnnLayout, w: CnnWeights): void {
	for (const name of LAYERS) {
		h.set(w[name].kernel, net.params + net.kernel[name]);
		h.set(w[name].bias, net.params + net.bias[name]);
	}
}

export function readWeights(h: Float32Array | Float64Array, net: CnnLayout): CnnWeights {
	const sizes = layerSizes(net.shape);
	const out = {} as CnnWeights;
	for (const name of LAYERS) {
		const k = net.params + net.kernel[name];
		const b = net.params + net.bias[name];
		const [inputs, units] = sizes[name];
		out[name] = { kernel: Array.from(h.subarray(k, k + inputs * units)), bias: Array.from(h.subarray(b, b + units)) };
	}
	return out;
}

/** Copies the images at rows order[start..start+rows) into net.x, each moved by its drawn shift when augmenting. */
function loadBatch(
	h: Float32Array,
	net: CnnLayout,
	x32: Float32Array,
	order: Int32Array,
	start: number,
	rows: number,
	aug: Augment | null
): void {
	const { height: hh, width: w, channels: c } = net.shape;
	const size = hh * w * c;
	for (let r = 0; r < rows; r++) {
		const src = order[start + r] * size;
		const dst = net.x + r * size;
		if (!aug) {
			for (let i = 0; i < size; i++) h[dst + i] = x32[src + i];
			continue;
		}
		const s = drawShift(aug.random, aug.shift, aug.flip);
		for (let y = 0; y < hh; y++)
			for (let xo = 0; xo < w; xo++) {
				const from = shiftSource(s, y, xo, hh, w);
				const at = dst + (y * w + xo) * c;
				for (let ch = 0; ch < c; ch++) h[at + ch] = from >= 0 ? x32[src + from * c + ch] : 0;
			}
	}
}

interface Augment {
	random: () => number;
	shift: number;
	flip: boolean;
}

/** Fresh dropout masks for `rows` images: each unit kept with probability 1 − rate and then scaled by 1 / (1 − rate). */
function drawMasks(h: Float32Array, net: CnnLayout, rows: number, rate: number, random: () => number): void {
	const [flat, u] = layerSizes(net.shape).dense;
	const keep = 1 / (1 - rate);
	for (let i = 0; i < rows * flat; i++) h[net.mask0 + i] = random() < rate ? 0 : keep;
	for (let i = 0; i < rows * u; i++) h[net.mask1 + i] = random() < rate ? 0 : keep;
}

function hits(h: Float32Array, net: CnnLayout, rows: number, labels: Int32Array): number {
	const k = net.shape.classes;
	const pred = argmaxRows(h.subarray(net.probs, net.probs + rows * k), k);
	let n = 0;
	for (let r = 0; r < rows; r++) if (pred[r] === labels[r]) n++;
	return n;
}

interface Validation {
	X: Matrix;
	y: Int32Array;
	/** The images in single precision, once, and the identity order loadBatch reads them by. */
	x32: Float32Array;
	order: Int32Array;
}

/** Mean cross-entropy and accuracy on some rows, net.rows images a pass, no dropout. */
function score(m: CnnMath, h: Float32Array, net: CnnLayout, v: Validation): { loss: number; accuracy: number } {
	const { X, y, x32, order } = v;
	const k = net.shape.classes;
	let loss = 0;
	let correct = 0;
	for (let start = 0; start < X.rows; start += net.rows) {
		const rows = Math.min(net.rows, X.rows - start);
		const labels = y.subarray(start, start + rows);
		loadBatch(h, net, x32, order, start, rows, null);
		forwardCnn(m, net, rows, false);
		for (let r = 0; r < rows; r++) loss -= Math.log(Math.max(h[net.probs + r * k + labels[r]], 1e-7));
		correct += hits(h, net, rows, labels);
	}
	return { loss: loss / X.rows, accuracy: correct / X.rows };
}

/**
 * Trains the CNN on our own kernels (conv/cpu.ts's convolutions, the dense SIMD multiply) with
 * the tfjs trainer's options, defaults, initial weights and epoch loop (cnn.ts, tf-epochs.ts):
 * seeded shuffles and shifts from createRandom(seed + 1), Adam with tfjs's settings, dropout
 * masks from their own seeded stream. Cancel and a non-finite loss keep the weights of the last
 * whole epoch; either in the first epoch leaves nothing to keep and throws.
 */
export async function fitCnnKernels(X: Matrix, y: Int32Array, opts: CnnOptions, choice: KernelChoice = 'auto'): Promise<CnnState> {
	const { o, shape } = cnnSettings(X, y, opts);
	const n = X.rows;
	const batch = Math.min(o.batchSize, n);
	const net = planCnn(shape, passRows(shape, batch));
	checkMemory(net, batch);
	const kern = createKernels(net.floats, choice);
	const m = singleMath(kern, net);
	const h = kern.heap;
	writeWeights(h, net, initialWeights(shape, o.seed));
	const random = createRandom(o.seed + 1);
	const dropRandom = createRandom(o.seed + 2);
	const aug = o.shift > 0 || o.flip ? { random, shift: o.shift, flip: o.flip } : null;
	const dropout = o.dropout > 0;
	const x32 = Float32Array.from(X.data);
	const order = Int32Array.from({ length: n }, (_, i) => i);
	const labels = new Int32Array(batch);
	// Validation images in single precision once, not every epoch.
	const v = opts.validation;
	const validation: Validation | null = v
		? { ...v, x32: Float32Array.from(v.X.data), order: Int32Array.from({ length: v.X.rows }, (_, i) => i) }
		: null;
	const history: CnnState['history'] = { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
	const count = net.paramCount;
	let good = h.slice(net.params, net.params + count);
	let stopped: CnnStop | null = null;
	let warning: string | null = null;
	let step = 0;
	const began = performance.now();
	const breathe = yielder();
	for (let epoch = 0; epoch < o.epochs && !stopped; epoch++) {
		shuffleInPlace(order, random);
		let lossSum = 0;
		let correct = 0;
		for (let start = 0; start < n; start += batch) {
			const rows = Math.min(batch, n - start);
			for (let r = 0; r < rows; r++) labels[r] = y[order[start + r]];
			loadBatch(h, net, x32, order, start, rows, aug);
			if (dropout) drawMasks(h, net, rows, o.dropout, dropRandom);
			forwardCnn(m, net, rows, dropout);
			const loss = backwardCnn(m, net, rows, labels.subarray(0, rows), dropout) / rows;
			if (!Number.isFinite(loss)) {
				if (epoch === 0)
					throw new Error(
						`CNN: the loss became non-finite in the first epoch, so no weights are worth keeping. Lower the learning rate (now ${o.learningRate}).`
					);
				warning = `the loss became non-finite in epoch ${epoch + 1}; training stopped. Lower the learning rate (now ${o.learningRate}).`;
				stopped = { reason: 'non-finite-loss', completed: epoch, kept: `last finite weights (epoch ${epoch})` };
				break;
			}
			correct += hits(h, net, rows, labels);
			adamStep(kern, net.params, net.grads, net.adamM, net.adamV, count, ++step, {
				learningRate: o.learningRate,
				...ADAM
			});
			lossSum += loss * rows;
			await breathe();
			if (opts.signal?.aborted) {
				if (epoch === 0) throw abortError();
				stopped = { reason: 'cancelled', completed: epoch, kept: `weights after epoch ${epoch}` };
				break;
			}
		}
		if (stopped) {
			h.set(good, net.params);
			break;
		}
		const val = validation ? score(m, h, net, validation) : null;
		history.loss.push(lossSum / n);
		history.accuracy.push(correct / n);
		if (val) {
			history.valLoss.push(val.loss);
			history.valAccuracy.push(val.accuracy);
		}
		good = h.slice(net.params, net.params + count);
		const done = epoch + 1;
		opts.onEpoch?.(epoch, {
			loss: lossSum / n,
			accuracy: correct / n,
			...(val ? { valLoss: val.loss, valAccuracy: val.accuracy } : {}),
			etaMs: ((performance.now() - began) / done) * (o.epochs - done)
		});
	}
	return {
		...shape,
		weights: readWeights(h, net),
		epochsRun: history.loss.length,
		stopped,
		warning,
		history,
		backend: BACKENDS[kern.kind]
	};
}

/**
 * The working memory is one WebAssembly memory, which cannot pass 4 GiB and which a browser
 * may refuse well below that; 2 GiB is refused here with what to change, rather than as a
 * RangeError from deep inside. The im2col buffer of the second convolution is most of it.
 */
const MAX_HEAP_BYTES = 2 ** 31;

/**
 * Images a pass holds: the batch, or up to CHUNK when scoring, fewer where large images would
 * make the im2col buffer of CHUNK images big (kept under a quarter of the limit).
 */
function passRows(shape: CnnShape, batch: number): number {
	let rows = Math.max(batch, CHUNK);
	while (rows > batch && planCnn(shape, rows).floats * 4 > MAX_HEAP_BYTES / 4) rows = Math.max(batch, rows >> 1);
	return rows;
}

function checkMemory(net: CnnLayout, batch: number): void {
	const bytes = net.floats * 4;
	if (bytes > MAX_HEAP_BYTES) {
		const s = net.shape;
		throw new Error(
			`CNN: batches of ${batch} ${s.height}×${s.width}×${s.channels} images with ${s.filters} filters need ${Math.ceil(bytes / 2 ** 20)} MB of working memory, over ${MAX_HEAP_BYTES / 2 ** 20} MB; use a smaller batch size, fewer filters or fewer dense units`
		);
	}
}

/** Class probabilities, rows × classes row-major, on our kernels. */
export function predictCnnKernels(state: CnnState, X: Matrix, choice: KernelChoice = 'auto'): Float64Array {
	const shape: CnnShape = state;
	checkPixels(X, shape, 'prediction');
	const net = planCnn(shape, Math.min(passRows(shape, 1), Math.max(1, X.rows)));
	const kern = createKernels(net.floats, choice);
	const m = singleMath(kern, net);
	const h = kern.heap;
	writeWeights(h, net, state.weights);
	const x32 = Float32Array.from(X.data);
	const order = Int32Array.from({ length: X.rows }, (_, i) => i);
	const k = state.classes;
	const out = new Float64Array(X.rows * k);
	for (let start = 0; start < X.rows; start += net.rows) {
		const rows = Math.min(net.rows, X.rows - start);
		loadBatch(h, net, x32, order, start, rows, null);
		forwardCnn(m, net, rows, false);
		out.set(h.subarray(net.probs, net.probs + rows * k), start * k);
	}
	return out;
}
