import { createRandom } from '../util/random';

/**
 * Up to `max` of `rows`, chosen uniformly with a seeded generator and returned in
 * ascending order, so the same seed always draws the same rows (reproducible charts).
 */
export function sampleRows(rows: readonly number[], max: number, seed: number): number[] {
	if (rows.length <= max) return [...rows];
	const random = createRandom(seed);
	// Partial Fisher–Yates: only the first `max` slots need shuffling.
	const pool = [...rows];
	for (let i = 0; i < max; i++) {
		const j = i + Math.floor(random() * (pool.length - i));
		const t = pool[i];
		pool[i] = pool[j];
		pool[j] = t;
	}
	return pool.slice(0, max).sort((a, b) => a - b);
}
