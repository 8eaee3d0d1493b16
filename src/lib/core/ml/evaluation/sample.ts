import { createRandom } from '../../util/random';

/**
 * Up to `max` row indices out of n, chosen by a seeded partial Fisher–Yates and returned in
 * row order, so a chart of a large table stays drawable and the same run draws the same rows.
 */
export function sampleIndices(n: number, max: number, seed = 0): Uint32Array {
	if (n <= max) return Uint32Array.from({ length: n }, (_, i) => i);
	const idx = Uint32Array.from({ length: n }, (_, i) => i);
	const random = createRandom(seed);
	for (let i = 0; i < max; i++) {
		const j = i + Math.floor(random() * (n - i));
		const t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	return idx.slice(0, max).sort();
}
