import { adamJs } from './adam';
import { gemmJs } from './gemm';
import { createWasmGemm } from './gemm-wasm';

export type KernelChoice = 'auto' | 'wasm' | 'js';

/**
 * The matrix multiply the dense trainer runs on, with the heap its operands live in.
 * Offsets and strides count floats, not bytes; see gemmJs for the meaning of each argument.
 */
export interface DenseKernels {
	/** 'wasm-simd' where WebAssembly SIMD validates, else 'js'; recorded with the result. */
	readonly kind: 'wasm-simd' | 'js';
	readonly heap: Float32Array;
	gemm(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, ldb: number, c: number, ldc: number, accumulate: boolean): void;
	/** One Adam update over `count` contiguous parameters with the bias-corrected step size. */
	adam(params: number, grads: number, m: number, v: number, count: number, step: number, beta1: number, beta2: number, epsilon: number): void;
	/** z ← max(z + bias, 0) over rows × units. */
	biasRelu(z: number, rows: number, units: number, bias: number): void;
	/** d ← d where a > 0, else 0, over `count` values. */
	reluBackward(d: number, a: number, count: number): void;
}

/**
 * A heap of `floats` zeroed floats and the fastest multiply that runs here. The heap is sized
 * once up front because growing a WebAssembly memory detaches every view of it.
 */
export function createKernels(floats: number, choice: KernelChoice = 'auto'): DenseKernels {
	if (choice !== 'js') {
		const wasm = createWasmGemm(floats);
		if (wasm) return wasm;
		if (choice === 'wasm') throw new Error('WebAssembly SIMD is not available here');
	}
	const heap = new Float32Array(floats);
	return {
		kind: 'js',
		heap,
		gemm: (m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate) => gemmJs(heap, m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate),
		adam: (params, grads, m, v, count, step, beta1, beta2, epsilon) => adamJs(heap, params, grads, m, v, count, step, beta1, beta2, epsilon),
		biasRelu: (z, rows, units, bias) => biasReluJs(heap, z, rows, units, bias),
		reluBackward: (d, a, count) => reluBackwardJs(heap, d, a, count)
	};
}

export function biasReluJs(h: Float32Array, z: number, rows: number, units: number, bias: number): void {
	for (let r = 0, at = z; r < rows; r++, at += units) {
		for (let j = 0; j < units; j++) {
			const v = h[at + j] + h[bias + j];
			h[at + j] = v > 0 ? v : 0;
		}
	}
}

export function reluBackwardJs(h: Float32Array, d: number, a: number, count: number): void {
	for (let i = 0; i < count; i++) if (!(h[a + i] > 0)) h[d + i] = 0;
}
