import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createComputePool, type ComputePool, type ComputeThread } from '../lib/core/compute/pool';
import { computeKernels } from '../lib/core/compute/kernels';
import type { KernelTable } from '../lib/core/compute/kernel';

/**
 * Compute threads as Node worker threads. `kernels` (a module URL exporting `kernels`) is for
 * tests; the threads otherwise load core's one table. Threads are unref'd: a command that is
 * done exits without closing its pool.
 */
export function nodeComputeThread(kernels?: string): ComputeThread {
	const worker = new Worker(new URL('./compute-thread.mjs', import.meta.url), kernels ? { workerData: { kernels } } : {});
	worker.unref();
	let crashed: ((reason: string) => void) | null = null;
	let stopping = false;
	let ready: (() => void) | null = null;
	let failStart: ((e: Error) => void) | null = null;
	const crash = (reason: string) => {
		failStart?.(new Error(`a compute thread stopped (${reason})`));
		crashed?.(reason);
		crashed = null;
	};
	worker.on('message', (m: { type?: string }) => {
		if (m.type === 'ready') ready?.();
	});
	worker.on('error', (e) => crash(e.message));
	worker.on('exit', (code) => {
		if (!stopping) crash(`exit code ${code}`);
	});
	return {
		start(message) {
			return new Promise((resolve, reject) => {
				ready = resolve;
				failStart = reject;
				worker.postMessage(message);
			});
		},
		terminate() {
			stopping = true;
			void worker.terminate();
		},
		onCrash: (listener) => (crashed = listener)
	};
}

/** Threads beside the caller by default: one per core beyond the first, at most 7; `TESSERA_THREADS` (total, ≥ 1) overrides. */
export function defaultComputeThreads(): number {
	const fromEnv = Number(process.env.TESSERA_THREADS);
	const total = Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.min(8, availableParallelism());
	return total - 1;
}

/** The CLI's pool for one fit at a time (threads start with the first job). */
export function nodeComputePool(extra = defaultComputeThreads(), table: KernelTable = computeKernels, kernels?: string): ComputePool {
	return createComputePool(() => nodeComputeThread(kernels), extra, table);
}

let processPool: ComputePool | null = null;

/** The command's one pool (threads start with the first fit large enough to use them). */
export function cliComputePool(): ComputePool {
	processPool ??= nodeComputePool();
	return processPool;
}
