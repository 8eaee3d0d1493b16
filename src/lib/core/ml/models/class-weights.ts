export type ClassWeight = 'none' | 'balanced';

/**
 * Per-row weights for a class-weight rule combined with optional sample weights, or null when
 * every row weighs 1 (the objectives then skip the multiplications).
 *
 * 'balanced' is scikit-learn's n_samples / (n_classes · count(class)): every class then carries
 * the same total weight, so a rare class (fraud, churn) is not ignored by the fit. Classes with
 * no rows get no weight (they have no rows to weigh), as sklearn's compute_class_weight for the
 * classes it saw.
 */
export function rowWeights(
	y: Int32Array,
	k: number,
	classWeight: ClassWeight = 'none',
	sampleWeight?: ArrayLike<number>
): Float64Array | null {
	const n = y.length;
	if (sampleWeight && sampleWeight.length !== n) throw new Error(`sample weights: ${sampleWeight.length} weights for ${n} rows`);
	if (classWeight === 'none' && !sampleWeight) return null;
	const perClass = classWeight === 'balanced' ? balancedClassWeights(y, k) : new Float64Array(k).fill(1);
	const w = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const s = sampleWeight ? sampleWeight[i] : 1;
		if (!(s >= 0) || !Number.isFinite(s)) throw new Error(`sample weights: row ${i} has weight ${s}; weights must be finite and >= 0`);
		w[i] = perClass[y[i]] * s;
	}
	return w;
}

/** n_samples / (n_classes · count), 0 for a class absent from y. */
export function balancedClassWeights(y: Int32Array, k: number): Float64Array {
	const counts = new Float64Array(k);
	for (let i = 0; i < y.length; i++) counts[y[i]]++;
	return counts.map((c) => (c > 0 ? y.length / (k * c) : 0));
}
