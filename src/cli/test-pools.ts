import { afterAll } from 'vitest';
import type { ComputePool } from '../lib/core/compute/pool';
import { nodeComputePool } from './compute-threads';

/**
 * For the `*-threads` tests, which fit the same model on 1, 2 and 4 threads: `threads(n)` is
 * a Node compute pool of n threads in all (the caller plus n − 1 workers), and every pool it
 * made is closed after the file's tests.
 */
export function threadPools(): (total: number) => ComputePool {
	const pools: ComputePool[] = [];
	afterAll(() => pools.forEach((p) => p.close()));
	return (total) => {
		const pool = nodeComputePool(total - 1);
		pools.push(pool);
		return pool;
	};
}
