/**
 * Accuracy (classification) or R² (regression) of summed ensemble outputs, over the rows
 * with at least one vote; null when no row has one. `sums` is rows × classes or rows × 1.
 */
export function scoreOf(sums: Float64Array, votes: Int32Array, y: ArrayLike<number>, classes: number): number | null {
	const n = votes.length;
	let counted = 0;
	if (classes > 0) {
		let ok = 0;
		for (let i = 0; i < n; i++) {
			if (votes[i] === 0) continue;
			counted++;
			let best = 0;
			for (let k = 1; k < classes; k++) if (sums[i * classes + k] > sums[i * classes + best]) best = k;
			if (best === y[i]) ok++;
		}
		return counted ? ok / counted : null;
	}
	let mean = 0;
	for (let i = 0; i < n; i++) {
		if (votes[i] === 0) continue;
		mean += y[i];
		counted++;
	}
	if (!counted) return null;
	mean /= counted;
	let ssRes = 0;
	let ssTot = 0;
	for (let i = 0; i < n; i++) {
		if (votes[i] === 0) continue;
		ssRes += (y[i] - sums[i] / votes[i]) ** 2;
		ssTot += (y[i] - mean) ** 2;
	}
	return ssTot > 0 ? 1 - ssRes / ssTot : null;
}
