import { adamJs } from './adam';
import { gemmJs } from './gemm';
import { GEMM_WASM_BASE64 } from './gemm-wasm-bytes';
import { simdModule } from '../simd-module';
import type { DenseKernels } from './kernel-api';
import { biasReluJs, reluBackwardJs } from './relu';

interface KernelExports {
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
		acc: number
	): void;
	adam(
		params: number,
		grads: number,
		m: number,
		v: number,
		count: number,
		step: number,
		beta1: number,
		beta2: number,
		epsilon: number
	): void;
	bias_relu(z: number, rows: number, units: number, bias: number): void;
	relu_backward(d: number, a: number, count: number): void;
}

/** The kernel module, compiled once per thread (null: no WebAssembly SIMD here; see simd-module.ts). */
const gemmModule = simdModule(GEMM_WASM_BASE64);

/**
 * Kernels over a WebAssembly memory of at least `floats` floats. The SIMD kernel takes the
 * largest block of C whose rows are a multiple of 4 and columns a multiple of 8; the ragged
 * edges (and a single output column, a matrix-vector product) go to the JavaScript kernel on
 * the same heap.
 */
export function createWasmGemm(floats: number): DenseKernels | null {
	const module = gemmModule();
	if (!module) return null;
	const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((floats * 4) / 65536)) });
	const instance = new WebAssembly.Instance(module, { env: { memory } });
	const wasm = instance.exports as unknown as KernelExports;
	const heap = new Float32Array(memory.buffer, 0, floats);
	return {
		kind: 'wasm-simd',
		heap,
		gemm(m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate) {
			const m4 = m - (m % 4);
			const n8 = n - (n % 8);
			if (k === 0 || m4 === 0 || n8 === 0) return gemmJs(heap, m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate);
			wasm.gemm(m4, n8, k, a, rsA, csA, b, ldb, c, ldc, accumulate ? 1 : 0);
			if (n8 < n) gemmJs(heap, m, n - n8, k, a, rsA, csA, b + n8, ldb, c + n8, ldc, accumulate);
			if (m4 < m) gemmJs(heap, m - m4, n8, k, a + m4 * rsA, rsA, csA, b, ldb, c + m4 * ldc, ldc, accumulate);
		},
		// The SIMD loops take multiples of 4 values; the few left over go through JavaScript.
		adam(params, grads, m, v, count, step, beta1, beta2, epsilon) {
			const n4 = count - (count % 4);
			wasm.adam(params, grads, m, v, n4, step, beta1, beta2, epsilon);
			if (n4 < count) adamJs(heap, params + n4, grads + n4, m + n4, v + n4, count - n4, step, beta1, beta2, epsilon);
		},
		biasRelu(z, rows, units, bias) {
			if (units % 4 === 0) wasm.bias_relu(z, rows, units, bias);
			else biasReluJs(heap, z, rows, units, bias);
		},
		reluBackward(d, a, count) {
			const n4 = count - (count % 4);
			wasm.relu_backward(d, a, n4);
			if (n4 < count) reluBackwardJs(heap, d + n4, a + n4, count - n4);
		}
	};
}
