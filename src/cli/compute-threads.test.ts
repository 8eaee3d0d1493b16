import { afterAll, describe, expect, it } from 'vitest';
import { createComputePool, inThreadPool, type ComputePool } from '../lib/core/compute/pool';
import { orderedReduce, parallelFor } from '../lib/core/compute/primitives';
import { createRandom } from '../lib/core/util/random';
import { kernels } from './compute-test-kernels';
import { nodeComputeThread } from './compute-threads';

const KERNELS = new URL('./compute-test-kernels.ts', import.meta.url).href;
const pools: ComputePool[] = [];
const threaded = (extra: number): ComputePool => {
	const pool = createComputePool(() => nodeComputeThread(KERNELS), extra, kernels);
	pools.push(pool);
	return pool;
};
afterAll(() => pools.forEach((p) => p.close()));

/** Values of mixed magnitudes, so sums in another order round to other bits. */
function data(n: number): Float64Array {
	const random = createRandom(19);
	return Float64Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12));
}

async function withJob<T>(
	pool: ComputePool,
	n: number,
	fn: (job: Awaited<ReturnType<ComputePool['open']>>, b: { x: Float64Array; out: Float64Array; partials: Float64Array }) => Promise<T>
) {
	const b = { x: pool.alloc(Float64Array, n), out: pool.alloc(Float64Array, n), partials: pool.alloc(Float64Array, n) };
	b.x.set(data(n));
	const job = await pool.open(b);
	try {
		return await fn(job, b);
	} finally {
		job.close();
	}
}

describe('compute pool on Node worker threads', () => {
	it('runs a parallel for over every item, the same as in one thread', async () => {
		const n = 100_003;
		const one = await withJob(inThreadPool(kernels), n, async (job, b) => {
			await parallelFor(job, 'test.affine', n, [3, -1]);
			return b.out.slice();
		});
		const pool = threaded(3);
		expect(pool.threads).toBe(4);
		const four = await withJob(pool, n, async (job, b) => {
			expect(job.parts).toBe(4);
			expect(b.x.buffer).toBeInstanceOf(SharedArrayBuffer);
			await parallelFor(job, 'test.affine', n, [3, -1]);
			return b.out.slice();
		});
		expect(four).toEqual(one);
		expect(one[n - 1]).toBe(data(n)[n - 1] * 3 - 1);
	});

	it('reduces in chunk order: the same bits with 1, 2 and 4 threads, and differs from another order', async () => {
		const n = 250_001;
		const sums: number[] = [];
		for (const pool of [inThreadPool(kernels), threaded(1), threaded(3)]) {
			sums.push(await withJob(pool, n, (job, b) => orderedReduce(job, 'test.chunkSums', n, 4096, b.partials)));
		}
		expect(sums[1]).toBe(sums[0]);
		expect(sums[2]).toBe(sums[0]);
		// The data is such that order matters: a plain left-to-right sum rounds elsewhere.
		let plain = 0;
		for (const v of data(n)) plain += v;
		expect(plain).not.toBe(sums[0]);
		expect(Math.abs(plain - sums[0]) / Math.abs(plain)).toBeLessThan(1e-9);
	});

	it('runs job after job on the same threads, and a second job waits for the first', async () => {
		const pool = threaded(1);
		const n = 1000;
		const first = pool.alloc(Float64Array, n);
		const job1 = await pool.open({ x: first, out: first, partials: first });
		let secondOpen = false;
		const opening = pool.open({ x: first, out: first, partials: first }).then((j) => ((secondOpen = true), j));
		await new Promise((r) => setTimeout(r, 20));
		expect(secondOpen).toBe(false);
		job1.close();
		const job2 = await opening;
		first.fill(2);
		await job2.run('test.affine', n, [2, 1]);
		expect(first[0]).toBe(5);
		expect(first[n - 1]).toBe(5);
		job2.close();
	});

	it('reports a kernel that throws on a thread with its message, and the job goes on', async () => {
		const pool = threaded(1);
		await withJob(pool, 10, async (job, b) => {
			await expect(job.run('test.failOn', 10, [8])).rejects.toThrow('compute kernel "test.failOn" failed on thread 1: item 8 is bad');
			await expect(job.run('test.failOn', 10, [1])).rejects.toThrow('item 1 is bad');
			await job.run('test.affine', 10, [1, 1]);
			expect(b.out[9]).toBe(b.x[9] + 1);
		});
		await expect(withJob(pool, 1, (job) => job.run('test.nothing', 1))).rejects.toThrow('no compute kernel "test.nothing"');
	});

	it('fails the job with a message when a thread dies, and the next job gets a fresh thread', async () => {
		const pool = threaded(1);
		await expect(withJob(pool, 10, (job) => job.run('test.die', 10))).rejects.toThrow(
			'a compute thread stopped (exit code 3); the job failed'
		);
		const out = await withJob(pool, 10, async (job, b) => {
			await job.run('test.affine', 10, [0, 7]);
			return [...b.out];
		});
		expect(out).toEqual(new Array(10).fill(7));
	});

	it('degrades to the caller alone where memory cannot be shared, with the same results', async () => {
		let spawned = 0;
		const pool = createComputePool(
			() => {
				spawned++;
				return nodeComputeThread(KERNELS);
			},
			3,
			kernels,
			{ shared: false }
		);
		expect(pool.threads).toBe(1);
		const n = 50_000;
		const sum = await withJob(pool, n, async (job, b) => {
			expect(job.parts).toBe(1);
			expect(b.x.buffer).toBeInstanceOf(ArrayBuffer);
			return orderedReduce(job, 'test.chunkSums', n, 4096, b.partials);
		});
		const shared = await withJob(threaded(1), n, (job, b) => orderedReduce(job, 'test.chunkSums', n, 4096, b.partials));
		expect(sum).toBe(shared);
		expect(spawned).toBe(0);
	});
});
