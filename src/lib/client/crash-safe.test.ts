import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { describe, expect, it } from 'vitest';
import { CrashSafeWorker, type StartWorker } from './crash-safe';

interface DyingApi {
	echo(x: number): number;
	die(): Promise<never>;
	boom(): never;
}

/** Real worker threads (fixtures/dying-worker.mjs); their exit is the death a browser sees as a lost worker. */
function threads(): { start: StartWorker; started: () => number } {
	let started = 0;
	const start: StartWorker = (died) => {
		started++;
		const worker = new Worker(new URL('./fixtures/dying-worker.mjs', import.meta.url));
		worker.on('exit', (code) => died({ kind: 'crashed', reason: `exit code ${code}` }));
		return { endpoint: nodeEndpoint(worker), terminate: () => void worker.terminate() };
	};
	return { start, started: () => started };
}

describe('CrashSafeWorker', () => {
	it('a worker that ends itself mid-call: the call is rejected with a clear message, the next call starts a fresh worker', async () => {
		const { start, started } = threads();
		const client = new CrashSafeWorker<DyingApi>(
			start,
			(f) => `The engine stopped unexpectedly (${f.reason}). It has been restarted; run again.`
		);
		expect(await client.call((api) => api.echo(7))).toBe(7);
		const other = client.call((api) => api.echo(8));
		await expect(client.call((api) => api.die())).rejects.toThrow(
			'The engine stopped unexpectedly (exit code 137). It has been restarted; run again.'
		);
		await other;
		expect(started()).toBe(1);
		expect(await client.call((api) => api.echo(9))).toBe(9);
		expect(started()).toBe(2);
		client.dispose();
	});

	it('a thrown error in the worker is that call’s error only; the worker lives on', async () => {
		const { start, started } = threads();
		const client = new CrashSafeWorker<DyingApi>(start, (f) => f.reason);
		await expect(client.call((api) => api.boom())).rejects.toThrow('kernel failed: matrix is singular');
		expect(await client.call((api) => api.echo(1))).toBe(1);
		expect(started()).toBe(1);
		client.dispose();
	});
});
