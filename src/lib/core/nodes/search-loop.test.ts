import { describe, expect, it } from 'vitest';
import type { Config, Searcher } from '../ml/search/types';
import { runSearch } from './search-loop';

/** Proposes x = 1, 2, 3, … and remembers what it was told. */
function counting(limit = Infinity): Searcher & { told: [number, number][] } {
	let next = 0;
	const told: [number, number][] = [];
	return {
		kind: 'random',
		told,
		ask: (n) => Array.from({ length: Math.max(0, Math.min(n, limit - next)) }, () => ({ x: ++next })),
		tell: (c: Config, score: number) => void told.push([c.x as number, score])
	};
}

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('runSearch', () => {
	it('keeps `parallel` trials in flight, runs exactly the budget, tells every score with its sign', async () => {
		const s = counting();
		let inFlight = 0;
		let most = 0;
		const trials = await runSearch(s, {
			budget: 7,
			parallel: 3,
			sign: -1,
			signal: new AbortController().signal,
			run: async (c) => {
				most = Math.max(most, ++inFlight);
				const x = c.x as number;
				await later(x % 2 ? 5 : 1, null);
				inFlight--;
				if (x === 4) throw new Error('diverged');
				return { value: x * 10, metrics: { rmse: x * 10 }, ms: 1 };
			}
		});
		expect(most).toBe(3);
		expect(trials.map((t) => t.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(trials[3]).toMatchObject({ status: 'failed', value: null, error: 'diverged' });
		// RMSE is minimised: the searcher is told −value; the failed trial is NaN.
		expect(new Map(s.told).get(2)).toBe(-20);
		expect(Number.isNaN(new Map(s.told).get(4))).toBe(true);
		expect(s.told).toHaveLength(7);
	});

	it('stops when the searcher runs out (a small grid)', async () => {
		const trials = await runSearch(counting(3), { budget: 10, parallel: 2, sign: 1, signal: new AbortController().signal, run: async () => ({ value: 1, metrics: {}, ms: 0 }) });
		expect(trials).toHaveLength(3);
	});

	it('on abort starts nothing new, keeps finished trials and lists the ones in flight as cancelled', async () => {
		const controller = new AbortController();
		const s = counting();
		const trials = await runSearch(s, {
			budget: 50,
			parallel: 2,
			sign: 1,
			signal: controller.signal,
			onTrial: (_, finished) => {
				if (finished === 3) controller.abort();
			},
			run: (c, n) =>
				new Promise((resolve, reject) => {
					const t = setTimeout(() => resolve({ value: n, metrics: {}, ms: 1 }), 2);
					controller.signal.addEventListener('abort', () => {
						clearTimeout(t);
						reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
					});
				})
		});
		const done = trials.filter((t) => t.status === 'done');
		expect(done.length).toBe(3);
		expect(trials.length).toBeLessThanOrEqual(5);
		expect(trials.filter((t) => t.status === 'cancelled').every((t) => t.error === undefined)).toBe(true);
		// Cancelled trials are not told to the searcher.
		expect(s.told).toHaveLength(3);
	});
});
