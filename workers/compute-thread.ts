import { createComputePool, sharedMemoryAvailable, type ComputePool, type ComputeThread } from '../src/lib/core/compute/pool';
import { computeKernels } from '../src/lib/core/compute/kernels';

/** One compute thread in the browser: a worker nested in the engine worker. */
export function browserComputeThread(): ComputeThread {
	const worker = new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module', name: 'tessera-compute' });
	let crashed: ((reason: string) => void) | null = null;
	let ready: (() => void) | null = null;
	let failStart: ((e: Error) => void) | null = null;
	worker.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
		if (event.data?.type === 'ready') ready?.();
	});
	worker.addEventListener('error', (event) => {
		event.preventDefault();
		const reason = event.message || 'crashed';
		failStart?.(new Error(`a compute thread stopped (${reason})`));
		crashed?.(reason);
		crashed = null;
	});
	return {
		start(message) {
			return new Promise((resolve, reject) => {
				ready = resolve;
				failStart = reject;
				worker.postMessage(message);
			});
		},
		terminate: () => worker.terminate(),
		onCrash: (listener) => (crashed = listener)
	};
}

/**
 * The engine's pool for one fit: a thread per core beyond this one (at most 7), or none where
 * the page is not cross-origin isolated (no SharedArrayBuffer): fits then run in the engine
 * worker alone, with the same results.
 */
export function browserComputePool(): ComputePool {
	const cores = self.navigator.hardwareConcurrency || 2;
	return createComputePool(browserComputeThread, sharedMemoryAvailable() ? Math.min(7, cores - 1) : 0, computeKernels);
}
