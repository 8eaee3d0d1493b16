import { describe, expect, it } from 'vitest';
import fixture from './fixtures/scipy-drift.json';
import {
	columnDrift,
	frameDrift,
	isSkipped,
	referenceValues,
	summariseDrift,
	type ColumnDrift,
	type DriftTestChoice,
	type DriftValues
} from './drift';
import type { Frame } from '../frame/types';
import type { ModelInput } from '../model-file/input';

function values(numeric: boolean, xs: readonly (number | string)[]): DriftValues {
	return numeric ? { kind: 'number', values: Float64Array.from(xs as number[]) } : { kind: 'category', values: xs as string[] };
}

function tested(r: ReturnType<typeof columnDrift>): ColumnDrift {
	if (isSkipped(r)) throw new Error(`skipped: ${r.reason}`);
	return r;
}

describe("columns as Evidently's defaults compute them (numpy/scipy reproduction)", () => {
	for (const c of fixture.columns) {
		for (const [choice, want] of Object.entries(c.results)) {
			it(`${c.name}: ${choice}`, () => {
				const r = tested(
					columnDrift('x', values(c.numeric, c.reference), values(c.numeric, c.current), { test: choice as DriftTestChoice })
				);
				expect(r.test).toBe(want.test);
				if (Number.isFinite(want.score))
					expect(Math.abs(r.score - want.score)).toBeLessThanOrEqual(Math.max(1e-13, 1e-9 * Math.abs(want.score)));
				else expect(r.score).toBe(want.score);
			});
		}
	}
});

describe('column rule and verdicts', () => {
	it('names why each test was chosen', () => {
		const small = tested(columnDrift('x', values(true, [1, 2, 3, 4, 5, 6, 7]), values(true, [1, 2, 3, 4, 5, 6, 8])));
		expect(small.test).toBe('ks');
		expect(small.reason).toBe('7 reference rows (≤ 1,000), numbers, 8 distinct values → Kolmogorov–Smirnov');
		const cats = tested(columnDrift('c', values(false, ['a', 'b', 'a']), values(false, ['a', 'b', 'b']), { test: 'ks' }));
		expect(cats.test).toBe('z');
		expect(cats.reason).toMatch(/^Kolmogorov–Smirnov needs numbers; /);
	});
	it('a value the reference never had drifts a chi-square column outright', () => {
		const r = tested(columnDrift('c', values(false, ['a', 'b', 'c', 'a']), values(false, ['a', 'b', 'c', 'd'])));
		expect(r.test).toBe('chisquare');
		expect(r.score).toBe(0);
		expect(r.drifted).toBe(true);
	});
	it('missing values are left out and counted', () => {
		const r = tested(
			columnDrift(
				'x',
				{ kind: 'number', values: Float64Array.from([1, NaN, 2, 3, 4, 5, 6]) },
				{ kind: 'number', values: Float64Array.from([NaN, NaN, 2, 3, 4, 5, 6, 7]) }
			)
		);
		expect([r.referenceRows, r.referenceMissing, r.currentRows, r.currentMissing]).toEqual([6, 1, 6, 2]);
		expect(columnDrift('x', { kind: 'number', values: Float64Array.from([1]) }, { kind: 'category', values: ['a'] })).toEqual({
			column: 'x',
			reason: 'the reference holds numbers and the current data categories'
		});
	});
	it('skips a side with no values', () => {
		const r = columnDrift(
			'x',
			{ kind: 'number', values: Float64Array.from([1, 2]) },
			{ kind: 'number', values: Float64Array.from([NaN, NaN]) }
		);
		expect(r).toEqual({ column: 'x', reason: 'no current values (all missing)' });
	});
});

describe('dataset rule', () => {
	const col = (column: string, drifted: boolean, score: number): ColumnDrift => ({
		column,
		kind: 'number',
		test: 'ks',
		reason: '',
		score,
		scoreKind: 'p-value',
		threshold: 0.05,
		drifted,
		statistic: 0,
		referenceRows: 10,
		currentRows: 10,
		referenceMissing: 0,
		currentMissing: 0,
		distribution: { type: 'histogram', edges: [0, 1], reference: [1], current: [1] }
	});
	it('drifts when at least half the tested columns do, most drifted first', () => {
		const r = summariseDrift([
			col('a', false, 0.4),
			col('b', true, 0.01),
			col('c', true, 1e-6),
			col('d', false, 0.2),
			{ column: 'e', reason: 'text' }
		]);
		expect(r.columns.map((c) => c.column)).toEqual(['c', 'b', 'd', 'a']);
		expect(r.drifted).toBe(2);
		expect(r.share).toBe(0.5);
		expect(r.datasetDrift).toBe(true);
		expect(r.skipped).toEqual([{ column: 'e', reason: 'text' }]);
		expect(summariseDrift([col('a', true, 0.01), col('b', false, 0.5), col('c', false, 0.5)]).datasetDrift).toBe(false);
		expect(summariseDrift([col('a', true, 0.01), col('b', false, 0.5), col('c', false, 0.5)], { datasetShare: 0.3 }).datasetDrift).toBe(
			true
		);
		expect(summariseDrift([]).datasetDrift).toBe(false);
	});
});

describe('frames and model references', () => {
	it('compares the shared columns of two frames, skipping text', () => {
		const n = 300;
		const ref: Frame = {
			rowCount: n,
			columns: [
				{ kind: 'number', name: 'x', values: Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101) },
				{ kind: 'category', name: 'c', codes: Int32Array.from({ length: n }, (_, i) => i % 3), dictionary: ['a', 'b', 'c'] },
				{ kind: 'text', name: 't', values: Array.from({ length: n }, () => 'hi') },
				{ kind: 'boolean', name: 'flag', codes: Int32Array.from({ length: n }, (_, i) => i % 2) }
			]
		};
		const cur: Frame = {
			rowCount: n,
			columns: [
				{ kind: 'number', name: 'x', values: Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 101) + 40) },
				// The same levels in another dictionary order: labels, not codes, are compared.
				{ kind: 'category', name: 'c', codes: Int32Array.from({ length: n }, (_, i) => 2 - (i % 3)), dictionary: ['c', 'b', 'a'] },
				{ kind: 'text', name: 't', values: Array.from({ length: n }, () => 'hi') },
				{ kind: 'boolean', name: 'flag', codes: Int32Array.from({ length: n }, (_, i) => i % 2) }
			]
		};
		const r = frameDrift(ref, cur);
		expect(r.columns.map((c) => [c.column, c.test, c.drifted])).toEqual([
			['x', 'ks', true],
			['c', 'chisquare', false],
			['flag', 'z', false]
		]);
		expect(r.columns[1].score).toBe(1);
		expect(r.skipped).toEqual([{ column: 't', reason: 'text columns have no drift test' }]);
		expect(r.datasetDrift).toBe(false);
	});
	it("reads a model file's reference sample", () => {
		const input: ModelInput = {
			rows: 3,
			sampleRows: 3,
			target: null,
			columns: [
				{
					name: 'n',
					kind: 'number',
					required: true,
					range: [1, 3],
					reference: {
						kind: 'number',
						count: 3,
						missing: 1,
						mean: 2,
						std: 1,
						quantiles: [],
						histogram: { edges: [], counts: [] },
						sample: [1, NaN, 3]
					}
				},
				{
					name: 'c',
					kind: 'category',
					required: true,
					levels: ['x', 'y'],
					reference: { kind: 'category', count: 3, missing: 1, counts: [1, 1], other: 0, sample: [1, -1, 0] }
				},
				{
					name: 'b',
					kind: 'boolean',
					required: false,
					reference: { kind: 'boolean', count: 3, missing: 0, counts: [2, 1], other: 0, sample: [0, 1, 0] }
				},
				{ name: 't', kind: 'text', required: false, reference: { kind: 'text', count: 3, missing: 0, meanLength: 2, maxLength: 3 } }
			]
		};
		const refs = referenceValues(input);
		expect([...refs.keys()]).toEqual(['n', 'c', 'b']);
		expect(Array.from((refs.get('n') as { values: Float64Array }).values)).toEqual([1, NaN, 3]);
		expect(refs.get('c')).toEqual({ kind: 'category', values: ['y', null, 'x'] });
		expect(refs.get('b')).toEqual({ kind: 'category', values: ['false', 'true', 'false'] });
	});
});
