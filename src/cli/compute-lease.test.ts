import { afterAll, describe, expect, it } from 'vitest';
import { leaseComputePool, type ComputeLease } from '../lib/core/compute/lease';
import { inThreadPool, type ComputeJob, type ComputePool } from '../lib/core/compute/pool';
import { orderedReduce, parallelFor } from '../lib/core/compute/primitives';
import { computeKernels } from '../lib/core/compute/kernels';
import { readCsvStream } from '../lib/core/readers/csv';
import { readTableBytes } from '../lib/core/readers/readers';
import { createRandom } from '../lib/core/util/random';
import { kernels } from './compute-test-kernels';
import { nodeComputePool } from './compute-threads';

/**
 * The engine's lease on its compute pool (core/compute/lease.ts) on real Node threads: an
 * import never queues behind a fit that holds the pool, and gets the same numbers wherever it ran.
 */
const KERNELS = new URL('./compute-test-kernels.ts', import.meta.url).href;
const leases: ComputeLease[] = [];
afterAll(() => leases.forEach((l) => l.close()));
const lease = (pool: ComputePool, table = kernels): ComputeLease => {
	const l = leaseComputePool(pool, inThreadPool(table));
	leases.push(l);
	return l;
};
const testLease = () => lease(nodeComputePool(3, kernels, KERNELS));

/** Values of mixed magnitudes, so sums in another order round to other bits. */
function data(n: number): Float64Array {
	const random = createRandom(7);
	return Float64Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12));
}

const N = 200_003;
function buffers(pool: ComputePool) {
	const b = { x: pool.alloc(Float64Array, N), out: pool.alloc(Float64Array, N), partials: pool.alloc(Float64Array, N) };
	b.x.set(data(N));
	return b;
}

/** The "import": an ordered sum and an affine map over N values, in a job of its own. */
async function importJob(pool: ComputePool, seen: (job: ComputeJob) => void = () => {}) {
	const b = buffers(pool);
	const job = await pool.open(b);
	try {
		seen(job);
		const sum = await orderedReduce(job, 'test.chunkSums', N, 4096, b.partials);
		await parallelFor(job, 'test.affine', N, [3, -1]);
		return { sum, out: b.out.slice() };
	} finally {
		job.close();
	}
}

describe('the compute lease: imports never queue behind a fit', () => {
	it('an import opened while a fit holds the pool runs in the caller and finishes first, with the same bits', async () => {
		const alone = await importJob(inThreadPool(kernels));
		const l = testLease();
		const events: string[] = [];
		const fit = await l.fits.open(buffers(l.fits));
		expect(fit.parts).toBe(4);
		await parallelFor(fit, 'test.affine', N, [2, 0]);
		// The pool itself would queue a second job until the fit closes.
		const queued = l.fits.open(buffers(l.fits)).then((job) => {
			events.push('queued fit opened');
			return job;
		});
		const parts: number[] = [];
		const imported = await importJob(l.imports, (job) => parts.push(job.parts));
		events.push('import done');
		expect(parts).toEqual([1]);
		expect(l.holders).toBe(2);
		// The fit's job still works after the import beside it.
		await parallelFor(fit, 'test.affine', N, [2, 0]);
		fit.close();
		events.push('fit closed');
		(await queued).close();
		expect(events).toEqual(['import done', 'fit closed', 'queued fit opened']);
		expect(l.holders).toBe(0);
		expect(imported.sum).toBe(alone.sum);
		expect(imported.out).toEqual(alone.out);

		// With the pool idle, an import gets every thread and still the same bits.
		const pooled = await importJob(l.imports, (job) => parts.push(job.parts));
		expect(parts).toEqual([1, 4]);
		expect(pooled.sum).toBe(alone.sum);
		expect(pooled.out).toEqual(alone.out);
	});

	it('an import that holds the pool makes a fit wait for it (imports are short), not the other way round', async () => {
		const l = testLease();
		const events: string[] = [];
		const b = buffers(l.imports);
		const job = await l.imports.open(b);
		expect(job.parts).toBe(4);
		const fit = l.fits.open(buffers(l.fits)).then((j) => {
			events.push('fit opened');
			return j;
		});
		// A second import while the first holds the pool runs in the caller.
		const second = await importJob(l.imports);
		events.push('second import done');
		await parallelFor(job, 'test.affine', N, [3, -1]);
		job.close();
		events.push('import closed');
		const fitJob = await fit;
		expect(fitJob.parts).toBe(4);
		fitJob.close();
		expect(events).toEqual(['second import done', 'import closed', 'fit opened']);
		expect(b.out).toEqual(second.out);
	});

	it('a thread that dies fails the fit with its message; the import beside it finishes, and the next one gets a fresh thread', async () => {
		// One thread beside the caller: the death that fails the fit is the pool's only one, heard before the next job.
		const l = lease(nodeComputePool(1, kernels, KERNELS));
		const fit = await l.fits.open(buffers(l.fits));
		const imported = importJob(l.imports);
		await expect(fit.run('test.die', 2)).rejects.toThrow(/a compute thread stopped \(exit code 3\); the job failed/);
		fit.close();
		const one = await importJob(inThreadPool(kernels));
		expect((await imported).sum).toBe(one.sum);
		expect(l.holders).toBe(0);
		const parts: number[] = [];
		const after = await importJob(l.imports, (job) => parts.push(job.parts));
		expect(parts).toEqual([2]);
		expect(after.sum).toBe(one.sum);
		expect(after.out).toEqual(one.out);
	});

	it('a pool that cannot start a job fails a fit with its message, and leaves an import to the caller', async () => {
		let opens = 0;
		const broken: ComputePool = {
			threads: 4,
			alloc: (type, length) => new type(new ArrayBuffer(length * type.BYTES_PER_ELEMENT), 0, length),
			open: async () => {
				opens++;
				throw new Error('a compute thread stopped before the job started (exit code 1)');
			},
			close: () => {}
		};
		const l = lease(broken);
		await expect(l.fits.open({})).rejects.toThrow(/stopped before the job started \(exit code 1\)/);
		expect(l.holders).toBe(0);
		const parts: number[] = [];
		const imported = await importJob(l.imports, (job) => parts.push(job.parts));
		expect(parts).toEqual([1]);
		expect(opens).toBe(2);
		expect(imported.out).toEqual((await importJob(inThreadPool(kernels))).out);
		expect(l.holders).toBe(0);
	});
});

/** A CSV over the parallel reader's threshold, with text, missing tokens and quoted line breaks. */
function csv(rows: number): Uint8Array {
	const random = createRandom(3);
	const lines = ['id,x,y,note,city'];
	for (let i = 0; i < rows; i++) {
		const y = random() < 0.05 ? 'NA' : String(Math.round(random() * 1e6));
		const note = random() < 0.1 ? `"two\nlines, ""q"" ${i}"` : `n${i % 40}`;
		lines.push([i, (random() * 2000 - 1000).toFixed(3), y, note, ['Zürich', 'Kraków', '東京'][i % 3]].join(','));
	}
	return new TextEncoder().encode(lines.join('\n') + '\n');
}

describe('a CSV import beside a fit (the engine worker: the parallel reader on the lease)', () => {
	const bytes = csv(60_000);

	it('reads the same frame while a fit holds the pool as with the pool idle and as the sequential reader; Cancel stops only the import', async () => {
		expect(bytes.length).toBeGreaterThan(1 << 20);
		// The pool of one the lease sends imports to while the pool is held, counting its jobs.
		const one = inThreadPool(computeKernels);
		let inCaller = 0;
		const l = leaseComputePool(nodeComputePool(3), { ...one, open: (b) => (inCaller++, one.open(b)) });
		leases.push(l);
		async function* pieces() {
			for (let at = 0; at < bytes.length; at += 1 << 16) yield bytes.subarray(at, at + (1 << 16));
		}
		const expected = await readCsvStream(pieces());
		expect(expected.rowCount).toBe(60_000);

		const idle = await readTableBytes(bytes, { fileName: 'a.csv', compute: l.imports });
		expect(idle).toEqual(expected);
		expect(inCaller).toBe(0);

		const fit = await l.fits.open({ x: l.fits.alloc(Float64Array, 8) });
		const events: string[] = [];
		const beside = await readTableBytes(bytes, { fileName: 'a.csv', compute: l.imports, onProgress: () => {} });
		events.push('import done');
		expect(beside).toEqual(expected);
		// Its count and fill passes ran as jobs in the caller: the parallel reader, not the sequential fallback.
		expect(inCaller).toBe(2);

		const controller = new AbortController();
		const cancelled = readTableBytes(bytes, {
			fileName: 'a.csv',
			compute: l.imports,
			signal: controller.signal,
			onProgress: () => controller.abort()
		});
		await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
		expect(l.holders).toBe(1);
		fit.close();
		events.push('fit closed');
		expect(events).toEqual(['import done', 'fit closed']);
		expect(l.holders).toBe(0);
	});
});
