import { Worker } from 'node:worker_threads';
import type { TrialWorkerApi } from '../lib/core/engine/trial-host';
import type { TrialThread } from '../lib/core/engine/trial-pool';
import { connect } from './thread-rpc';

/**
 * Trial threads for `tessera tune --workers N`: the studio's trial worker as Node worker
 * threads. `stop()` ends them all when the command is done.
 */
export function nodeTrialThreads(): { spawn: () => TrialThread; stop: () => Promise<void> } {
	const workers = new Set<Worker>();
	let stopping = false;
	return {
		spawn() {
			const worker = new Worker(new URL('./trial-thread.mjs', import.meta.url));
			workers.add(worker);
			let crashed: ((reason: string) => void) | null = null;
			worker.on('error', (e) => crashed?.(e.message));
			worker.on('exit', (code) => {
				workers.delete(worker);
				if (code !== 0 && !stopping) crashed?.(`exit code ${code}`);
			});
			return {
				api: connect<TrialWorkerApi>(worker, ['open', 'run', 'cancel', 'close']),
				terminate: () => void worker.terminate(),
				onCrash: (listener) => (crashed = listener)
			};
		},
		async stop() {
			stopping = true;
			const all = [...workers];
			workers.clear();
			await Promise.all(all.map((w) => w.terminate()));
		}
	};
}
