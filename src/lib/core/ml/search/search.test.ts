import { describe, expect, it } from 'vitest';
import { configKey } from './encoding';
import { gridLevels } from './grid';
import { createSearch } from './search';
import { startupTrials, Trials } from './trials';
import type { Config, SearchSpace, StrategyKind } from './types';

const KINDS: StrategyKind[] = ['grid', 'random', 'tpe', 'gp'];

/** Kolmogorov–Smirnov distance between a sample and the uniform distribution on [a, b]. */
function ksUniform(values: number[], a: number, b: number): number {
	const s = values.map((v) => (v - a) / (b - a)).sort((x, y) => x - y);
	let d = 0;
	s.forEach((v, i) => (d = Math.max(d, (i + 1) / s.length - v, v - i / s.length)));
	return d;
}

const mixed: SearchSpace = [
	{ name: 'lr', kind: 'float', min: 1e-4, max: 1, log: true },
	{ name: 'depth', kind: 'int', min: 1, max: 12, log: false },
	{ name: 'act', kind: 'choice', values: ['relu', 'tanh', 'gelu'] }
];
/** A smooth score with its best at lr = 0.01, depth 5, gelu. */
const score = (c: Config) => -((Math.log10(Number(c.lr)) + 2) ** 2) - 0.05 * (Number(c.depth) - 5) ** 2 + (c.act === 'gelu' ? 0.3 : 0);

/** Sequential search: ask one, tell its score, `budget` times. */
function run(kind: StrategyKind, seed: number, budget = 20): Config[] {
	const s = createSearch(kind, mixed, { seed, budget });
	const asked: Config[] = [];
	for (;;) {
		const [c] = s.ask(1);
		if (!c) return asked;
		asked.push(c);
		s.tell(c, score(c));
	}
}

describe('random search', () => {
	it('draws log ranges log-uniformly, linear ranges uniformly and every integer and choice', () => {
		const space: SearchSpace = [
			{ name: 'lr', kind: 'float', min: 1e-4, max: 1, log: true },
			{ name: 'x', kind: 'float', min: 1e-4, max: 1, log: false },
			{ name: 'k', kind: 'int', min: 1, max: 4, log: false },
			{ name: 'c', kind: 'choice', values: ['a', 'b'] }
		];
		const n = 4000;
		const configs = createSearch('random', space, { seed: 7, budget: n }).ask(n);
		expect(configs).toHaveLength(n);
		// KS at the 1% level: D < 1.63 / √n = 0.0258.
		const critical = 1.63 / Math.sqrt(n);
		const logLr = configs.map((c) => Math.log10(Number(c.lr)));
		expect(ksUniform(logLr, -4, 0)).toBeLessThan(critical);
		// The same test rejects log-uniformity for the linear range (most of its mass sits above 0.1).
		expect(
			ksUniform(
				configs.map((c) => Math.log10(Number(c.x))),
				-4,
				0
			)
		).toBeGreaterThan(0.5);
		expect(
			ksUniform(
				configs.map((c) => Number(c.x)),
				1e-4,
				1
			)
		).toBeLessThan(critical);
		for (const v of [1, 2, 3, 4]) expect(configs.filter((c) => c.k === v).length / n).toBeCloseTo(0.25, 1);
		expect(configs.filter((c) => c.c === 'a').length / n).toBeCloseTo(0.5, 1);
		expect(configs.every((c) => Number.isInteger(c.k) && Number(c.lr) >= 1e-4 && Number(c.lr) <= 1)).toBe(true);
	});

	it('stops when a finite space is exhausted, without repeating a configuration', () => {
		const space: SearchSpace = [
			{ name: 'k', kind: 'int', min: 1, max: 3, log: false },
			{ name: 'c', kind: 'choice', values: ['a', 'b'] }
		];
		const s = createSearch('random', space, { seed: 1, budget: 10 });
		const configs = s.ask(10);
		expect(new Set(configs.map((c) => configKey(space, c))).size).toBe(6);
		expect(configs).toHaveLength(6);
		expect(s.ask(1)).toEqual([]);
	});
});

describe('grid search', () => {
	it('enumerates the Cartesian product in lexicographic order, log levels evenly in log space', () => {
		const space: SearchSpace = [
			{ name: 'alpha', kind: 'float', min: 0.01, max: 100, log: true },
			{ name: 'penalty', kind: 'choice', values: ['l1', 'l2'] }
		];
		const s = createSearch('grid', space, { seed: 0, budget: 100, gridPoints: 3 });
		const configs = s.ask(100);
		expect(configs.map((c) => [c.alpha, c.penalty])).toEqual([
			[0.01, 'l1'],
			[0.01, 'l2'],
			[expect.closeTo(1, 12), 'l1'],
			[expect.closeTo(1, 12), 'l2'],
			[100, 'l1'],
			[100, 'l2']
		]);
		expect(s.ask(1)).toEqual([]);
	});

	it('spaces linear levels evenly, de-duplicates rounded integers and stops at the budget', () => {
		expect(gridLevels({ name: 'x', kind: 'float', min: 0, max: 1, log: false }, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
		expect(gridLevels({ name: 'd', kind: 'int', min: 1, max: 3, log: false }, 4)).toEqual([1, 2, 3]);
		// 1 .. 64 in log space at 4 levels: 1, 4, 16, 64.
		expect(gridLevels({ name: 'leaf', kind: 'int', min: 1, max: 64, log: true }, 4)).toEqual([1, 4, 16, 64]);
		const s = createSearch('grid', [{ name: 'd', kind: 'int', min: 1, max: 10, log: false }], { seed: 0, budget: 3, gridPoints: 4 });
		expect(s.ask(2).map((c) => c.d)).toEqual([1, 4]);
		expect(s.ask(5).map((c) => c.d)).toEqual([7]);
		expect(s.ask(5)).toEqual([]);
	});
});

describe('every strategy', () => {
	for (const kind of KINDS) {
		it(`${kind}: the same seed gives the same proposals, stays in range and within the budget`, () => {
			const a = run(kind, 11);
			expect(run(kind, 11)).toEqual(a);
			expect(a.length).toBe(kind === 'grid' ? Math.min(20, 4 * 4 * 3) : 20);
			for (const c of a) {
				expect(Number(c.lr)).toBeGreaterThanOrEqual(1e-4);
				expect(Number(c.lr)).toBeLessThanOrEqual(1);
				expect(Number.isInteger(c.depth) && Number(c.depth) >= 1 && Number(c.depth) <= 12).toBe(true);
				expect(['relu', 'tanh', 'gelu']).toContain(c.act);
			}
			if (kind !== 'grid') expect(run(kind, 12)).not.toEqual(a);
		});
	}

	for (const kind of ['random', 'tpe', 'gp'] as const) {
		it(`${kind}: ask(4) with trials pending returns 4 distinct new configurations`, () => {
			const s = createSearch(kind, mixed, { seed: 3, budget: 30 });
			const told = s.ask(startupTrials(30));
			for (const c of told) s.tell(c, score(c));
			const first = s.ask(4);
			const second = s.ask(4);
			const keys = [...told, ...first, ...second].map((c) => configKey(mixed, c));
			expect(first).toHaveLength(4);
			expect(second).toHaveLength(4);
			expect(new Set(keys).size).toBe(keys.length);
		});

		it(`${kind}: survives failed trials (NaN, Infinity) and keeps proposing`, () => {
			const s = createSearch(kind, mixed, { seed: 5, budget: 15 });
			let n = 0;
			for (let i = 0; i < 15; i++) {
				const [c] = s.ask(1);
				s.tell(c, i % 3 === 0 ? NaN : i % 5 === 0 ? -Infinity : score(c));
				n++;
			}
			expect(n).toBe(15);
			expect(s.ask(1)).toEqual([]);
		});
	}
});

describe('constant liar', () => {
	it('counts pending and failed trials as the worst score told so far', () => {
		const space: SearchSpace = [{ name: 'x', kind: 'float', min: 0, max: 1, log: false }];
		const t = new Trials(space, 10);
		for (const x of [0.1, 0.2, 0.3, 0.4]) t.issue({ x });
		t.tell({ x: 0.1 }, 2);
		t.tell({ x: 0.2 }, -1);
		t.tell({ x: 0.3 }, NaN);
		expect(t.observations()).toEqual({ configs: [{ x: 0.1 }, { x: 0.2 }, { x: 0.3 }, { x: 0.4 }], scores: [2, -1, -1, -1] });
		expect(t.remaining()).toBe(6);
	});

	it('spreads a Bayesian batch: the GP does not propose four points in one spot', () => {
		const space: SearchSpace = [{ name: 'x', kind: 'float', min: 0, max: 1, log: false }];
		const s = createSearch('gp', space, { seed: 2, budget: 20 });
		for (const c of s.ask(5)) s.tell(c, -((Number(c.x) - 0.3) ** 2));
		const batch = s
			.ask(4)
			.map((c) => Number(c.x))
			.sort((a, b) => a - b);
		const gaps = batch.slice(1).map((x, i) => x - batch[i]);
		expect(Math.min(...gaps)).toBeGreaterThan(0.01);
	});
});
