import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ModelValue } from '../lib/core/nodes/ports';
import type { Registry } from '../lib/core/nodes/registry';
import { scoreBatch, type BatchJob, type BatchResult } from '../lib/core/scoring/batch';
import { connect } from './thread-rpc';

/** Scores batches, here or on worker threads; `close` ends the threads. */
export interface Scorer {
	/** Scoring threads in use (0: this thread scores). */
	readonly threads: number;
	score(job: BatchJob): Promise<BatchResult>;
	close(): Promise<void>;
}

interface ScoringThreadApi {
	open(model: ModelValue): Promise<void>;
	score(job: BatchJob): Promise<BatchResult>;
}

/** Below this input size threads cost more to start (each loads the catalog) than they save. */
export const THREADS_FROM_BYTES = 16 << 20;

/**
 * The default: one thread per core beyond the one that reads and writes, at most 4; none for
 * small files, and none on fewer than 4 cores, where a second thread mostly competes with the
 * first (measured on 2 cores: 1M rows took 13–14 s here, 17–20 s with one scoring thread).
 */
export function defaultScoringThreads(bytes: number): number {
	const cores = availableParallelism();
	if (bytes < THREADS_FROM_BYTES || cores < 4) return 0;
	return Math.min(4, cores - 1);
}

/**
 * A scorer. With threads, batches (raw cells) go round-robin to worker threads that each hold
 * the model and the same catalog and check, score and format them, so every row gets the
 * numbers and text it gets here (the same code on the same doubles), while this thread goes on
 * reading and writing.
 */
export async function createScorer(registry: Registry, model: ModelValue, threads: number): Promise<Scorer> {
	if (threads <= 0) return { threads: 0, score: (job) => scoreBatch(registry, model, job), close: async () => {} };
	const workers = Array.from({ length: threads }, () => new Worker(new URL('./scoring-thread.mjs', import.meta.url)));
	const apis = workers.map((w) => connect<ScoringThreadApi>(w, ['open', 'score']));
	try {
		await Promise.all(apis.map((api) => api.open(model)));
	} catch (e) {
		await Promise.all(workers.map((w) => w.terminate()));
		throw e;
	}
	let next = 0;
	return {
		threads,
		score: (job) => apis[next++ % apis.length].score(job),
		async close() {
			await Promise.all(workers.map((w) => w.terminate()));
		}
	};
}
