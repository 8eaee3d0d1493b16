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
	it('runs rounds of proposals side by side, exactly the budget, and tells every score with its sign in proposal order', async () => {
		const s = counting();
		let inFlight = 0;
		let most = 0;
		const trials = await runSearch(s, {
			budget: 7,
			batch: 3,
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
		expect(s.told.map(([x]) => x)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('stops when the searcher runs out (a small grid)', async () => {
		const trials = await runSearch(counting(3), {
			budget: 10,
			batch: 2,
			sign: 1,
			signal: new AbortController().signal,
			run: async () => ({ value: 1, metrics: {}, ms: 0 })
		});
		expect(trials).toHaveLength(3);
	});

	it('on abort starts nothing new, keeps finished trials and lists the ones in flight as cancelled', async () => {
		const controller = new AbortController();
		const s = counting();
		const trials = await runSearch(s, {
			budget: 50,
			batch: 2,
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
		// Rounds of two: the third finished trial opened round two, whose partner was cancelled.
		expect(done.length).toBe(3);
		expect(trials.length).toBe(4);
		expect(trials[3].status).toBe('cancelled');
		expect(trials.filter((t) => t.status === 'cancelled').every((t) => t.error === undefined)).toBe(true);
		// Cancelled trials are not told to the searcher.
		expect(s.told).toHaveLength(3);
	});

	it('proposes the same configurations whatever order trials finish in (a seed means one search on any machine)', async () => {
		/** Proposes from the scores it was told, in the order it was told them. */
		const historyDriven = (): Searcher => {
			const told: number[] = [];
			return {
				kind: 'tpe',
				ask: (n) => Array.from({ length: n }, (_, i) => ({ x: told.reduce((a, v, j) => (a * 31 + v * (j + 1)) % 1000, 7) + i })),
				tell: (_c: Config, score: number) => void told.push(score)
			};
		};
		const search = (delay: (n: number) => number) =>
			runSearch(historyDriven(), {
				budget: 12,
				sign: 1,
				signal: new AbortController().signal,
				run: async (c, n) => later(delay(n), { value: ((c.x as number) * 7) % 13, metrics: {}, ms: 0 })
			});
		const a = await search((n) => (n * 7) % 5);
		const b = await search((n) => 5 - ((n * 3) % 5));
		expect(b.map((t) => t.config)).toEqual(a.map((t) => t.config));
	});
});
