import { adamJs } from './adam';
import { gemmJs } from './gemm';
import { createWasmGemm } from './gemm-wasm';
import type { DenseKernels } from './kernel-api';
import { biasReluJs, reluBackwardJs } from './relu';

export type { DenseKernels } from './kernel-api';

export type KernelChoice = 'auto' | 'wasm' | 'js';

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
		adam: (params, grads, m, v, count, step, beta1, beta2, epsilon) =>
			adamJs(heap, params, grads, m, v, count, step, beta1, beta2, epsilon),
		biasRelu: (z, rows, units, bias) => biasReluJs(heap, z, rows, units, bias),
		reluBackward: (d, a, count) => reluBackwardJs(heap, d, a, count)
	};
}
