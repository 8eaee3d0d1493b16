/**
 * The loader of a WebAssembly kernel shipped as base64 (a `*-wasm-bytes.ts` assembled from its
 * `.wat`): the module is compiled once per thread, on first use; null where WebAssembly or its
 * SIMD proposal is missing — every kernel uses v128 instructions, so validating the bytes is the
 * SIMD probe, and the caller takes its JavaScript path. Compiling synchronously is fine for
 * modules of a few KiB, even where browsers cap synchronous compiles on the page thread.
 */
export function simdModule(base64: string): () => WebAssembly.Module | null {
	let compiled: WebAssembly.Module | null | undefined;
	return () => {
		if (compiled !== undefined) return compiled;
		compiled = null;
		if (typeof WebAssembly !== 'object') return compiled;
		const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
		if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
		return compiled;
	};
}
