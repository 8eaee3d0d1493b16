/**
 * The matrix multiply the dense trainer runs on, with the heap its operands live in.
 * Offsets and strides count floats, not bytes; see gemmJs for the meaning of each argument.
 */
export interface DenseKernels {
	/** 'wasm-simd' where WebAssembly SIMD validates, else 'js'; recorded with the result. */
	readonly kind: 'wasm-simd' | 'js';
	readonly heap: Float32Array;
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
		accumulate: boolean
	): void;
	/** One Adam update over `count` contiguous parameters with the bias-corrected step size. */
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
	/** z ← max(z + bias, 0) over rows × units. */
	biasRelu(z: number, rows: number, units: number, bias: number): void;
	/** d ← d where a > 0, else 0, over `count` values. */
	reluBackward(d: number, a: number, count: number): void;
}
