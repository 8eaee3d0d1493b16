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
		gemm: (m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate) => gemmJs(heap, m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate)
	};
}
