import { runOp } from './cpu';
import type { ConvGeometry, PoolGeometry } from './geometry';
import type { ConvOp } from './kernel-api';
import { gemmScalar } from '../dense/gemm';
import { softmaxCrossEntropy } from '../dense/loss';
import { biasActivate, columnSums, transpose } from '../dense/network';
import { biasReluJs } from '../dense/relu';
import type { DenseKernels } from '../dense/kernel-api';
import { im2colFloats, runIm2col } from './im2col';
import { LAYERS, layerSizes, pooled, type CnnShape, type LayerName } from '../models/cnn-shape';

/**
 * The small CNN (models/cnn-shape.ts) on our own kernels: the convolutions and pools as ConvOps
 * (conv/kernel-api.ts), the dense head on the dense kernels' multiply, all on one heap of floats.
 * Single precision on WebAssembly SIMD to train; double precision on plain loops for the
 * gradient check, where finite differences need more digits than a float holds.
 */
export type Floats = Float32Array | Float64Array;

/** What a pass needs of a heap: its floats, a multiply (dense/kernel-api.ts's gemm), bias + ReLU, and the conv operations. */
export interface CnnMath {
	readonly kind: 'wasm-simd' | 'js' | 'js-f64';
	readonly heap: Floats;
	gemm(
		m: number,
		n: number,
		k: number,
		a: number,
		rsA: number,
		csA: number,
		b: number,
		ldb: number,
		c: number,
		ldc: number,
		acc: boolean
	): void;
	biasRelu(z: number, rows: number, units: number, bias: number): void;
	conv(op: ConvOp): void;
}

/**
 * Single precision: the dense kernels (WebAssembly SIMD where it validates), the convolutions
 * as im2col + their multiply in the layout's scratch, the pools on the reference loops.
 */
export function singleMath(k: DenseKernels, net: CnnLayout): CnnMath {
	const scratch = { cols: net.cols, filterT: net.filterT };
	return {
		kind: k.kind,
		heap: k.heap,
		gemm: k.gemm,
		biasRelu: k.biasRelu,
		conv: (op) => {
			if (!runIm2col(k, scratch, op)) runOp(k.heap, op);
		}
	};
}

/** Double precision on plain loops, for gradient checks. */
export function doubleMath(floats: number): CnnMath {
	const h = new Float64Array(floats);
	return {
		kind: 'js-f64',
		heap: h,
		gemm: (m, n, k, a, rsA, csA, b, ldb, c, ldc, acc) => gemmScalar(h, 0, m, 0, n, k, a, rsA, csA, b, ldb, c, ldc, acc),
		biasRelu: (z, rows, units, bias) => biasReluJs(h, z, rows, units, bias),
		conv: (op) => runOp(h, op)
	};
}

/** Where every buffer lives in the heap, in floats; `rows` images at most per pass. */
export interface CnnLayout {
	shape: CnnShape;
	rows: number;
	/** Kernel then bias of each layer, relative to a parameter block; the blocks are params, grads, Adam's m and v. */
	kernel: Record<LayerName, number>;
	bias: Record<LayerName, number>;
	paramCount: number;
	params: number;
	grads: number;
	adamM: number;
	adamV: number;
	/** Forward: input images, conv1+ReLU, pool, conv2+ReLU, pool (= the flat features), dropout masks, dropped features, dense+ReLU, dropped dense, probabilities. */
	x: number;
	a1: number;
	p1: number;
	a2: number;
	p2: number;
	mask0: number;
	d0: number;
	z3: number;
	mask1: number;
	d1: number;
	probs: number;
	/** Backward: error of the logits, of the dense output, of the flat features, of conv2's output, of pool 1, of conv1's output. */
	dz: number;
	dd1: number;
	dd0: number;
	da2: number;
	dp1: number;
	da1: number;
	/** Scratch for a transposed kernel, so dX = dY·Wᵀ runs on the plain multiply. */
	kernelT: number;
	/** Scratch of the im2col convolutions (im2col.ts). */
	cols: number;
	filterT: number;
	floats: number;
}

export function planCnn(shape: CnnShape, rows: number): CnnLayout {
	let at = 0;
	// 16-byte alignment keeps every SIMD load of a buffer's start aligned.
	const take = (n: number) => {
		const o = at;
		at += Math.ceil(n / 4) * 4;
		return o;
	};
	const sizes = layerSizes(shape);
	const kernel = {} as Record<LayerName, number>;
	const bias = {} as Record<LayerName, number>;
	let paramCount = 0;
	for (const name of LAYERS) {
		kernel[name] = paramCount;
		paramCount += sizes[name][0] * sizes[name][1];
		bias[name] = paramCount;
		paramCount += sizes[name][1];
	}
	const { height: h, width: w, channels: c, filters: f, denseUnits: u, classes: k } = shape;
	const h1 = pooled(h);
	const w1 = pooled(w);
	const flat = sizes.dense[0];
	const params = take(paramCount);
	const grads = take(paramCount);
	const adamM = take(paramCount);
	const adamV = take(paramCount);
	const l = {
		x: take(rows * h * w * c),
		a1: take(rows * h * w * f),
		p1: take(rows * h1 * w1 * f),
		a2: take(rows * h1 * w1 * 2 * f),
		p2: take(rows * flat),
		mask0: take(rows * flat),
		d0: take(rows * flat),
		z3: take(rows * u),
		mask1: take(rows * u),
		d1: take(rows * u),
		probs: take(rows * k),
		dz: take(rows * k),
		dd1: take(rows * u),
		dd0: take(rows * flat),
		da2: take(rows * h1 * w1 * 2 * f),
		dp1: take(rows * h1 * w1 * f),
		da1: take(rows * h * w * f),
		kernelT: take(Math.max(flat * u, u * k))
	};
	const g = geometries(shape, rows);
	const scratch = im2colFloats([g.conv1, g.conv2]);
	const cols = take(scratch.cols);
	const filterT = take(scratch.filterT);
	return { shape, rows, kernel, bias, paramCount, params, grads, adamM, adamV, ...l, cols, filterT, floats: at };
}

function geometries(s: CnnShape, rows: number): { conv1: ConvGeometry; pool1: PoolGeometry; conv2: ConvGeometry; pool2: PoolGeometry } {
	const h1 = pooled(s.height);
	const w1 = pooled(s.width);
	const conv = (height: number, width: number, inChannels: number, outChannels: number): ConvGeometry => ({
		batch: rows,
		height,
		width,
		inChannels,
		outChannels,
		kernelHeight: 3,
		kernelWidth: 3,
		padding: 'same'
	});
	return {
		conv1: conv(s.height, s.width, s.channels, s.filters),
		pool1: { batch: rows, height: s.height, width: s.width, channels: s.filters, padding: 'same' },
		conv2: conv(h1, w1, s.filters, 2 * s.filters),
		pool2: { batch: rows, height: h1, width: w1, channels: 2 * s.filters, padding: 'same' }
	};
}

/**
 * Class probabilities of the `rows` images at net.x into net.probs. With `dropout`, the masks
 * at mask0 and mask1 (0 or 1 / (1 − rate) per unit, written by the caller) scale the flat
 * features and the dense layer's output, as tf.dropout does.
 */
export function forwardCnn(m: CnnMath, net: CnnLayout, rows: number, dropout: boolean): number {
	const h = m.heap;
	const s = net.shape;
	const g = geometries(s, rows);
	const P = net.params;
	m.conv({ op: 'conv', geometry: g.conv1, x: net.x, w: P + net.kernel.conv1, bias: P + net.bias.conv1, y: net.a1, relu: true });
	m.conv({ op: 'maxPool', geometry: g.pool1, x: net.a1, y: net.p1 });
	m.conv({ op: 'conv', geometry: g.conv2, x: net.p1, w: P + net.kernel.conv2, bias: P + net.bias.conv2, y: net.a2, relu: true });
	m.conv({ op: 'maxPool', geometry: g.pool2, x: net.a2, y: net.p2 });
	const [flat, u] = layerSizes(s).dense;
	const k = s.classes;
	let features = net.p2;
	if (dropout) {
		for (let i = 0; i < rows * flat; i++) h[net.d0 + i] = h[net.p2 + i] * h[net.mask0 + i];
		features = net.d0;
	}
	m.gemm(rows, u, flat, features, flat, 1, P + net.kernel.dense, u, net.z3, u, false);
	m.biasRelu(net.z3, rows, u, P + net.bias.dense);
	let hidden = net.z3;
	if (dropout) {
		for (let i = 0; i < rows * u; i++) h[net.d1 + i] = h[net.z3 + i] * h[net.mask1 + i];
		hidden = net.d1;
	}
	m.gemm(rows, k, u, hidden, u, 1, P + net.kernel.output, k, net.probs, k, false);
	biasActivate(h, net.probs, rows, k, P + net.bias.output, 'softmax');
	return net.probs;
}

/**
 * Mean cross-entropy of the forward pass just run against `labels`, and its gradient with
 * respect to every parameter into the grads block. Returns the summed (not mean) loss; the
 * gradient is that of the mean, as tf.losses.softmaxCrossEntropy's.
 */
export function backwardCnn(m: CnnMath, net: CnnLayout, rows: number, labels: Int32Array, dropout: boolean): number {
	const h = m.heap;
	const s = net.shape;
	const g = geometries(s, rows);
	const P = net.params;
	const G = net.grads;
	const [flat, u] = layerSizes(s).dense;
	const k = s.classes;
	const loss = softmaxCrossEntropy(h, net.probs, rows, k, labels, net.dz);
	if (!Number.isFinite(loss)) return loss;
	const hidden = dropout ? net.d1 : net.z3;
	const features = dropout ? net.d0 : net.p2;
	// Output layer: dW = Hᵀ·dZ, db = Σ dZ, dH = dZ·Wᵀ.
	m.gemm(u, k, rows, hidden, 1, u, net.dz, k, G + net.kernel.output, k, false);
	columnSums(h, net.dz, rows, k, G + net.bias.output);
	transpose(h, P + net.kernel.output, u, k, net.kernelT);
	m.gemm(rows, u, k, net.dz, k, 1, net.kernelT, u, net.dd1, u, false);
	// Through the dropout mask and the ReLU (z3 holds the ReLU's output: > 0 where it passed).
	for (let i = 0; i < rows * u; i++) h[net.dd1 + i] = h[net.z3 + i] > 0 ? h[net.dd1 + i] * (dropout ? h[net.mask1 + i] : 1) : 0;
	m.gemm(flat, u, rows, features, 1, flat, net.dd1, u, G + net.kernel.dense, u, false);
	columnSums(h, net.dd1, rows, u, G + net.bias.dense);
	transpose(h, P + net.kernel.dense, flat, u, net.kernelT);
	m.gemm(rows, flat, u, net.dd1, u, 1, net.kernelT, flat, net.dd0, flat, false);
	if (dropout) for (let i = 0; i < rows * flat; i++) h[net.dd0 + i] *= h[net.mask0 + i];
	// The pools' gradients with reluMask are also the ReLUs' (kernel-api.ts).
	m.conv({ op: 'maxPoolGrad', geometry: g.pool2, x: net.a2, dy: net.dd0, dx: net.da2, reluMask: true });
	m.conv({ op: 'convFilterGrad', geometry: g.conv2, x: net.p1, dy: net.da2, dw: G + net.kernel.conv2, db: G + net.bias.conv2 });
	m.conv({ op: 'convInputGrad', geometry: g.conv2, dy: net.da2, w: P + net.kernel.conv2, dx: net.dp1 });
	m.conv({ op: 'maxPoolGrad', geometry: g.pool1, x: net.a1, dy: net.dp1, dx: net.da1, reluMask: true });
	m.conv({ op: 'convFilterGrad', geometry: g.conv1, x: net.x, dy: net.da1, dw: G + net.kernel.conv1, db: G + net.bias.conv1 });
	return loss;
}
