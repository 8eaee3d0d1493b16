/** ReLU kernels in plain JavaScript over the trainer's heap (the WebAssembly kernel's fallback and ragged edges). */
export function biasReluJs(h: Float32Array | Float64Array, z: number, rows: number, units: number, bias: number): void {
	for (let r = 0, at = z; r < rows; r++, at += units) {
		for (let j = 0; j < units; j++) {
			const v = h[at + j] + h[bias + j];
			h[at + j] = v > 0 ? v : 0;
		}
	}
}

export function reluBackwardJs(h: Float32Array | Float64Array, d: number, a: number, count: number): void {
	for (let i = 0; i < count; i++) if (!(h[a + i] > 0)) h[d + i] = 0;
}
