import type { SharedBuffers } from './kernel';
import type { ComputeJob, ComputePool } from './pool';

/**
 * One compute pool shared by a host's fits and its imports. The pool runs one job at a time
 * and queues the next, so an import started while a fit holds it would wait for the whole
 * fit. Here a fit takes its turn on the pool as before, but an import never queues: it gets
 * the pool when no job holds or waits for it, and otherwise runs in the caller (`alone`, a
 * pool of one) — as it does when the pool cannot start its job (a fit's job fails then).
 * Every kernel gives the same bits on any number of threads, so where an import ran changes
 * its speed, never its frame.
 */
export interface ComputeLease {
	/** For fits: the pool itself; a fit waits for the job before it. */
	readonly fits: ComputePool;
	/**
	 * For imports: never waits behind another job. Its `threads` is the pool's (a job it opens
	 * has that many parts or one: arrays sized by `threads` always fit), and it allocates in
	 * the pool's memory, which a job in the caller reads as well.
	 */
	readonly imports: ComputePool;
	/** Jobs that hold the pool or wait for it now. */
	readonly holders: number;
	close(): void;
}

export function leaseComputePool(pool: ComputePool, alone: ComputePool): ComputeLease {
	let holders = 0;

	const held = async (buffers: SharedBuffers): Promise<ComputeJob> => {
		holders++;
		let job: ComputeJob;
		try {
			job = await pool.open(buffers);
		} catch (e) {
			holders--;
			throw e;
		}
		let closed = false;
		return {
			parts: job.parts,
			local: job.local,
			run: (kernel, count, args) => job.run(kernel, count, args),
			close() {
				if (!closed) {
					closed = true;
					holders--;
				}
				job.close();
			}
		};
	};

	const face = (open: (buffers: SharedBuffers) => Promise<ComputeJob>): ComputePool => ({
		threads: pool.threads,
		alloc: (type, length) => pool.alloc(type, length),
		open,
		close: () => pool.close()
	});

	return {
		fits: face(held),
		// A pool that cannot start the job (a thread that died and is not yet replaced) leaves the import to the caller.
		imports: face((buffers) => (holders > 0 ? alone.open(buffers) : held(buffers).catch(() => alone.open(buffers)))),
		get holders() {
			return holders;
		},
		close() {
			pool.close();
			alone.close();
		}
	};
}
