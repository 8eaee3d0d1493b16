/**
 * What a backend name in a result means. The header picks the TensorFlow.js backend
 * (webgpu, wasm, webgl, cpu) for neural networks; the exact solvers (linear and logistic
 * models, trees, forests, boosting, k-NN, naive Bayes) run on typed arrays whatever is picked,
 * and small networks may run on Tessera's own kernels. Results name the one that ran, so a
 * result saying "typed-arrays" under a header saying "Auto (wasm)" is explained here, in one
 * place for the header and every result view.
 */

/** The header's choice, as its tooltip explains it. */
export const HEADER_BACKEND_NOTE =
	"The TensorFlow.js backend for neural networks (picking WebGPU trains small networks on Tessera's own WGSL kernels instead). Linear models, trees, forests, boosting, k-NN and naive Bayes run exact solvers on typed arrays (CPU) whatever is chosen here; each result names the backend that ran it.";

/** A result's backend in words: what ran the model. */
export function backendNote(backend: string): string {
	switch (backend) {
		case 'typed-arrays':
			return "exact solver on typed arrays (CPU); the header's backend is for neural networks";
		case 'tessera-wasm-simd':
			return "Tessera's own SIMD kernels (WebAssembly) for this small network";
		case 'tessera-webgpu':
			return "Tessera's own WGSL kernels on WebGPU for this small network";
		case 'tessera-js':
			return "Tessera's own kernels (JavaScript) for this small network";
		case 'webgpu':
		case 'wasm':
		case 'webgl':
		case 'cpu':
			return `TensorFlow.js on its ${backend} backend`;
		default:
			return '';
	}
}
