import type { DenseKernels } from './kernels';

export type HiddenActivation = 'relu' | 'tanh';
export type OutputActivation = 'softmax' | 'linear';

/**
 * Where every buffer of a dense network lives in the kernel heap (offsets in floats).
 * Parameters are one contiguous block (each layer's kernel, then its bias) and so are their
 * gradients and Adam moments, so the optimiser is a single loop over a flat range.
 */
export interface NetLayout {
	/** Units per layer, inputs first: [p, ...hidden, outputs]. */
	sizes: number[];
	/** Rows a forward or backward pass may hold at once. */
	maxRows: number;
	paramCount: number;
	params: number;
	grads: number;
	adamM: number;
	adamV: number;
	/** Kernel (inputs × units, row-major) and bias of layer l, relative to a parameter block. */
	kernel: number[];
	bias: number[];
	/** Activations of layer l (0: the input batch), maxRows × sizes[l] each. */
	acts: number[];
	/** Two error buffers that backward passes between layers. */
	delta: [number, number];
	/** Scratch for a transposed kernel, so dX = dY·Wᵀ runs on the plain multiply. */
	kernelT: number;
	floats: number;
}

export function planLayout(sizes: number[], maxRows: number): NetLayout {
	let at = 0;
	const take = (n: number) => {
		const o = at;
		// 16-byte alignment keeps every SIMD load of a buffer's start aligned.
		at += Math.ceil(n / 4) * 4;
		return o;
	};
	const kernel: number[] = [];
	const bias: number[] = [];
	let paramCount = 0;
	let maxProduct = 0;
	for (let l = 0; l + 1 < sizes.length; l++) {
		kernel.push(paramCount);
		paramCount += sizes[l] * sizes[l + 1];
		bias.push(paramCount);
		paramCount += sizes[l + 1];
		maxProduct = Math.max(maxProduct, sizes[l] * sizes[l + 1]);
	}
	const params = take(paramCount);
	const grads = take(paramCount);
	const adamM = take(paramCount);
	const adamV = take(paramCount);
	const acts = sizes.map((s) => take(maxRows * s));
	const widest = Math.max(...sizes);
	const delta: [number, number] = [take(maxRows * widest), take(maxRows * widest)];
	const kernelT = take(maxProduct);
	return { sizes, maxRows, paramCount, params, grads, adamM, adamV, kernel, bias, acts, delta, kernelT, floats: at };
}

/** Runs `rows` rows of acts[0] through the network; returns the output's offset. */
export function forward(k: DenseKernels, net: NetLayout, rows: number, hidden: HiddenActivation, output: OutputActivation): number {
	const h = k.heap;
	const layers = net.sizes.length - 1;
	for (let l = 0; l < layers; l++) {
		const inputs = net.sizes[l];
		const units = net.sizes[l + 1];
		const z = net.acts[l + 1];
		k.gemm(rows, units, inputs, net.acts[l], inputs, 1, net.params + net.kernel[l], units, z, units, false);
		const act = l + 1 < layers ? hidden : output;
		if (act === 'relu') k.biasRelu(z, rows, units, net.params + net.bias[l]);
		else biasActivate(h, z, rows, units, net.params + net.bias[l], act);
	}
	return net.acts[layers];
}

/**
 * Backpropagates the output error in delta[0] (rows × outputs, already divided by the batch
 * size) into the gradient block; the activations must be those of the forward pass just run.
 */
export function backward(k: DenseKernels, net: NetLayout, rows: number, hidden: HiddenActivation): void {
	const h = k.heap;
	let cur = 0;
	for (let l = net.sizes.length - 2; l >= 0; l--) {
		const inputs = net.sizes[l];
		const units = net.sizes[l + 1];
		const d = net.delta[cur];
		// dW = Hᵀ·dZ, reading H (rows × inputs) transposed in place.
		k.gemm(inputs, units, rows, net.acts[l], 1, inputs, d, units, net.grads + net.kernel[l], units, false);
		columnSums(h, d, rows, units, net.grads + net.bias[l]);
		if (l === 0) break;
		const w = net.params + net.kernel[l];
		transpose(h, w, inputs, units, net.kernelT);
		const next = net.delta[1 - cur];
		k.gemm(rows, inputs, units, d, units, 1, net.kernelT, inputs, next, inputs, false);
		if (hidden === 'relu') k.reluBackward(next, net.acts[l], rows * inputs);
		else tanhBackward(h, next, net.acts[l], rows * inputs);
		cur = 1 - cur;
	}
}

/** z ← act(z + bias), row by row; softmax normalises each row after a max shift. */
export function biasActivate(
	h: Float32Array | Float64Array,
	z: number,
	rows: number,
	units: number,
	bias: number,
	act: 'tanh' | OutputActivation
): void {
	for (let r = 0, at = z; r < rows; r++, at += units) {
		if (act === 'tanh') {
			for (let j = 0; j < units; j++) h[at + j] = Math.tanh(h[at + j] + h[bias + j]);
		} else if (act === 'linear') {
			for (let j = 0; j < units; j++) h[at + j] += h[bias + j];
		} else {
			let max = -Infinity;
			for (let j = 0; j < units; j++) {
				const v = h[at + j] + h[bias + j];
				h[at + j] = v;
				if (v > max) max = v;
			}
			let sum = 0;
			for (let j = 0; j < units; j++) {
				const e = Math.exp(h[at + j] - max);
				h[at + j] = e;
				sum += e;
			}
			for (let j = 0; j < units; j++) h[at + j] /= sum;
		}
	}
}

/** d ← d ⊙ tanh′, written in terms of the activation's output: tanh′ = 1 − a². */
export function tanhBackward(h: Float32Array, d: number, a: number, count: number): void {
	for (let i = 0; i < count; i++) {
		const t = h[a + i];
		h[d + i] *= 1 - t * t;
	}
}

export function columnSums(h: Float32Array | Float64Array, src: number, rows: number, cols: number, out: number): void {
	for (let j = 0; j < cols; j++) h[out + j] = 0;
	for (let r = 0, at = src; r < rows; r++, at += cols) for (let j = 0; j < cols; j++) h[out + j] += h[at + j];
}

export function transpose(h: Float32Array | Float64Array, src: number, rows: number, cols: number, dst: number): void {
	for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) h[dst + j * rows + i] = h[src + i * cols + j];
}
