import type { DenseKernels } from './kernels';

/** Placeholder until the SIMD kernel lands: no WebAssembly kernel. */
export function createWasmGemm(floats: number): DenseKernels | null {
	void floats;
	return null;
}
