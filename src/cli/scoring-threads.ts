import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ModelValue } from '../lib/core/nodes/ports';
import type { Registry } from '../lib/core/nodes/registry';
import { scoreBatch, type BatchJob, type BatchResult } from '../lib/core/scoring/batch';
import { connect } from './thread-rpc';

/** Scores batches, here or on worker threads; `close` ends the threads. */
export interface Scorer {
	/** Scoring threads beside this one (0: this thread scores everything). */
	readonly threads: number;
	score(job: BatchJob): Promise<BatchResult>;
	/** Batches this thread scored itself (every batch without threads; with them, those that found every thread busy or still starting). */
	readonly scoredHere: number;
	/** Resolves once every thread holds the model (at once without threads); rejects if one could not load it. */
	readonly ready: Promise<void>;
	close(): Promise<void>;
}

interface ScoringThreadApi {
	open(model: ModelValue): Promise<void>;
	score(job: BatchJob): Promise<BatchResult>;
}

/** Below this input size threads cost more to start (each loads the catalog) than they save. */
export const THREADS_FROM_BYTES = 16 << 20;

/** Batches a thread holds at once: one it scores and one waiting, so it never waits for the next. */
const QUEUE_PER_THREAD = 2;

/**
 * The default: one thread per core beyond this one, at most 4; none for small files. This
 * thread reads, writes and scores whatever batch finds every thread busy, so on 2 cores one
 * thread makes both cores score (the earlier design, where this thread only read and wrote,
 * left a core idle and measured slower on 2 cores than no thread at all).
 */
export function defaultScoringThreads(bytes: number): number {
	const cores = availableParallelism();
	if (bytes < THREADS_FROM_BYTES || cores < 2) return 0;
	return Math.min(4, cores - 1);
}

interface Lane {
	readonly api: ScoringThreadApi;
	/** Whether the thread holds the model (it loads the catalog first: a second or so). */
	ready: boolean;
	pending: number;
}

/**
 * A scorer. With threads, each batch (raw cells) goes to a thread that holds the model and the
 * same catalog and has room in its queue, or is scored here when none has: the threads check,
 * score and format their batches with the same code on the same doubles, so every row gets
 * the numbers and text it gets here, and the caller writes results in file order whoever
 * scored them. Batches go where there is room, not round-robin, so a thread still starting
 * or a core busy with something else never holds the run up.
 */
export async function createScorer(registry: Registry, model: ModelValue, threads: number): Promise<Scorer> {
	let scoredHere = 0;
	const here = (job: BatchJob) => {
		scoredHere++;
		return scoreBatch(registry, model, job);
	};
	if (threads <= 0)
		return {
			threads: 0,
			score: here,
			get scoredHere() {
				return scoredHere;
			},
			ready: Promise.resolve(),
			close: async () => {}
		};
	const workers = Array.from({ length: threads }, () => new Worker(new URL('./scoring-thread.mjs', import.meta.url)));
	const lanes: Lane[] = workers.map((w) => ({ api: connect<ScoringThreadApi>(w, ['open', 'score']), ready: false, pending: 0 }));
	let failed: Error | null = null;
	const opened = lanes.map((lane) =>
		lane.api.open(model).then(
			() => void (lane.ready = true),
			(e: unknown) => {
				failed ??= e instanceof Error ? e : new Error(String(e));
				throw failed;
			}
		)
	);
	const ready = Promise.all(opened).then(() => {});
	// Heard by whoever awaits `ready` or scores next; never an unhandled rejection.
	ready.catch(() => {});
	return {
		threads,
		score(job) {
			if (failed) return Promise.reject(failed);
			let lane: Lane | null = null;
			for (const l of lanes) if (l.ready && l.pending < QUEUE_PER_THREAD && (!lane || l.pending < lane.pending)) lane = l;
			if (!lane) return here(job);
			const chosen = lane;
			chosen.pending++;
			return chosen.api.score(job).finally(() => chosen.pending--);
		},
		get scoredHere() {
			return scoredHere;
		},
		ready,
		async close() {
			// A thread still loading is ended too: a small file may be done before any is ready.
			await Promise.all(workers.map((w) => w.terminate()));
		}
	};
}
