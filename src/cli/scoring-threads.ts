import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ModelValue } from '../lib/core/nodes/ports';
import type { Registry } from '../lib/core/nodes/registry';
import type { CoercedChunk } from '../lib/core/scoring/coerce';
import { scoreChunk, type ScoredChunk } from '../lib/core/scoring/score';
import { connect } from './thread-rpc';

/** Scores batches, here or on worker threads; `close` ends the threads. */
export interface Scorer {
	/** Scoring threads in use (0: this thread scores). */
	readonly threads: number;
	score(chunk: CoercedChunk): Promise<ScoredChunk>;
	close(): Promise<void>;
}

interface ScoringThreadApi {
	open(model: ModelValue): Promise<void>;
	score(chunk: CoercedChunk): Promise<ScoredChunk>;
}

/** Below this input size threads cost more to start (each loads the catalog) than they save. */
export const THREADS_FROM_BYTES = 16 << 20;

/** The default: one thread per core beyond the one that reads and writes, at most 4; none for small files. */
export function defaultScoringThreads(bytes: number): number {
	if (bytes < THREADS_FROM_BYTES) return 0;
	return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * A scorer. With threads, batches go round-robin to worker threads that each hold the model
 * and the same catalog, so every row gets the numbers it gets here (the same code on the same
 * doubles), while this thread goes on reading and writing.
 */
export async function createScorer(registry: Registry, model: ModelValue, threads: number): Promise<Scorer> {
	if (threads <= 0) return { threads: 0, score: (chunk) => scoreChunk(registry, model, chunk), close: async () => {} };
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
		score: (chunk) => apis[next++ % apis.length].score(chunk),
		async close() {
			await Promise.all(workers.map((w) => w.terminate()));
		}
	};
}
