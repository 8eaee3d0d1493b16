import { wrap } from 'comlink';
import type { TrialThread } from '../src/lib/core/engine/trial-pool';
import type { TrialWorkerApi } from '../src/lib/core/engine/trial-host';

/** One trial worker in the browser (nested in the engine worker), for core's trial pool. */
export function browserTrialThread(): TrialThread {
	const worker = new Worker(new URL('./trial.worker.ts', import.meta.url), { type: 'module', name: 'tessera-trial' });
	let crashed: ((reason: string) => void) | null = null;
	worker.addEventListener('error', (event) => {
		event.preventDefault();
		crashed?.(event.message || 'crashed');
	});
	return { api: wrap<TrialWorkerApi>(worker), terminate: () => worker.terminate(), onCrash: (listener) => (crashed = listener) };
}
