/** Index of the largest value in each row of a rows × k row-major array; ties go to the lower index, as numpy's argmax. */
export function argmaxRows(values: Float64Array | Float32Array, k: number): Int32Array {
	const rows = Math.floor(values.length / k);
	const out = new Int32Array(rows);
	for (let i = 0; i < rows; i++) {
		let best = 0;
		let bestV = values[i * k];
		for (let c = 1; c < k; c++) {
			const v = values[i * k + c];
			if (v > bestV) {
				bestV = v;
				best = c;
			}
		}
		out[i] = best;
	}
	return out;
}
