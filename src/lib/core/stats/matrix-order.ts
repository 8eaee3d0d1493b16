/**
 * An order for the rows and columns of a correlation matrix that puts related columns
 * side by side: columns sorted by their weight on the matrix's first principal
 * direction (the leading eigenvector, by power iteration). Cheap for any matrix a
 * person can look at, and computed in the worker so the page only reorders.
 */
export function principalOrder(values: ArrayLike<number>, k: number, iterations = 200): number[] {
	// Missing cells (NaN) count as no relation; absolute values so that strong negative
	// correlations group together too.
	const m = new Float64Array(k * k);
	for (let i = 0; i < k * k; i++) m[i] = Number.isFinite(values[i]) ? Math.abs(values[i]) : 0;
	let v = new Float64Array(k).fill(1 / Math.sqrt(Math.max(k, 1)));
	for (let it = 0; it < iterations; it++) {
		const next = new Float64Array(k);
		for (let i = 0; i < k; i++) {
			let s = 0;
			for (let j = 0; j < k; j++) s += m[i * k + j] * v[j];
			next[i] = s;
		}
		let norm = 0;
		for (const x of next) norm += x * x;
		norm = Math.sqrt(norm);
		if (norm === 0) break;
		let change = 0;
		for (let i = 0; i < k; i++) {
			next[i] /= norm;
			change += Math.abs(next[i] - v[i]);
		}
		v = next;
		if (change < 1e-12) break;
	}
	return Array.from({ length: k }, (_, i) => i).sort((a, b) => v[b] - v[a] || a - b);
}
