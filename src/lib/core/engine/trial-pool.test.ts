import { describe, expect, it } from 'vitest';
import type { TrialOutcome } from '../nodes/define';
import type { DatasetValue, ModelValue } from '../nodes/ports';
import type { TrialWorkerApi } from './trial-host';
import { createTrialPool, type TrialThread } from './trial-pool';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** In-process threads: a trial with params.crash kills its thread; others score params.x. */
function fakeThreads() {
	let running = 0;
	let most = 0;
	let spawned = 0;
	const opened: string[] = [];
	const cancelled: number[] = [];
	const spawn = (): TrialThread => {
		spawned++;
		let crash: ((reason: string) => void) | null = null;
		const api: TrialWorkerApi = {
			open: async (session) => void opened.push(session),
			run: async (_s, trial, params): Promise<TrialOutcome> => {
				most = Math.max(most, ++running);
				try {
					await later(5);
					if (params.crash) {
						crash?.('out of memory');
						return new Promise<TrialOutcome>(() => {});
					}
					if (cancelled.includes(trial)) throw new Error('cancelled in the thread');
					return { value: params.x as number, metrics: {}, ms: 5 };
				} finally {
					running--;
				}
			},
			cancel: async (trial) => void cancelled.push(trial),
			close: async () => {}
		};
		return { api, terminate: () => {}, onCrash: (l) => (crash = l) };
	};
	return { spawn, stats: () => ({ most, spawned, opened, cancelled }) };
}

const data = {} as DatasetValue;
const model = {} as ModelValue;
const setup = { metric: 'accuracy', folds: 0, seed: 0 };

describe('trial pool', () => {
	it('runs at most `size` trials at once, ships the data once per thread, and a crash fails only its own trial', async () => {
		const fake = fakeThreads();
		const pool = createTrialPool(
			fake.spawn,
			2,
			() => 'cpu',
			() => 0
		);
		const session = await pool.open(data, model, setup);
		const signal = new AbortController().signal;
		const results = await Promise.allSettled([1, 2, 3, 4, 5].map((x) => session.run({ x, crash: x === 3 }, signal)));
		session.close();
		expect(results.map((r) => (r.status === 'fulfilled' ? r.value.value : (r.reason as Error).message))).toEqual([
			1,
			2,
			'a trial worker stopped (out of memory); its trial is recorded as failed',
			4,
			5
		]);
		const stats = fake.stats();
		expect(stats.most).toBeLessThanOrEqual(2);
		// Two threads at first, one more to replace the crashed one.
		expect(stats.spawned).toBe(3);
		expect(stats.opened.length).toBeLessThanOrEqual(3);
	});

	it('Cancel reaches the thread and the trial rejects as an abort', async () => {
		const fake = fakeThreads();
		const pool = createTrialPool(
			fake.spawn,
			1,
			() => 'cpu',
			() => 0
		);
		const session = await pool.open(data, model, setup);
		const controller = new AbortController();
		const trial = session.run({ x: 1 }, controller.signal);
		await later(1);
		controller.abort();
		await expect(trial).rejects.toMatchObject({ name: 'AbortError' });
		expect(fake.stats().cancelled).toEqual([1]);
		// A trial asked for after Cancel never starts.
		await expect(session.run({ x: 2 }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
		expect(fake.stats().cancelled).toEqual([1]);
		session.close();
	});
});
