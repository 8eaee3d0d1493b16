import { describe, expect, it } from 'vitest';
import { createFrame } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue, ReportValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import correlations, { type CorrelationsReport } from './correlations';
import quality, { type QualityReport } from './quality';
import summary, { type SummaryReport } from './summary';

const ctx = testContext();
const defaults = { target: '', nearConstant: 0.99, idLike: 0.95, missing: 0.5, skew: 2, leakage: 0.98 };

async function report<T>(node: typeof summary, data: DatasetValue, params: Record<string, unknown> = {}): Promise<T> {
	const out = await node.run!({ data }, params as never, ctx);
	return (Object.values(out)[0] as ReportValue).report as T;
}

describe('explore nodes are in the catalog', () => {
	it('registers summary, correlations and quality', () => {
		for (const t of ['explore.summary', 'explore.correlations', 'explore.quality']) expect(registry.get(t)?.type).toBe(t);
	});
});

describe('Dataset summary', () => {
	it('counts penguins: 344 rows, 7 columns, 18 missing cells, no duplicates', async () => {
		// df.shape, df.isna().sum().sum() -> (344, 7) 18; df.duplicated().sum() -> 0
		const r = await report<SummaryReport>(summary, sampleDataset('penguins'));
		expect(r).toMatchObject({ type: 'summary', rows: 344, columns: 7, missingCells: 18, duplicateRows: 0 });
		expect(r.kinds).toEqual({ number: 4, category: 3, boolean: 0, date: 0, text: 0 });
		expect(r.memoryBytes).toBeGreaterThan(344 * (4 * 8 + 3 * 4));
	});
});

describe('Correlations', () => {
	it('reports a Pearson matrix of the number columns, with null for no variance', async () => {
		const r = await report<CorrelationsReport>(correlations, sampleDataset('penguins'), { method: 'pearson', columns: [] });
		expect(r.columns).toHaveLength(4);
		expect(r.values[2 * 4 + 3]).toBeCloseTo(0.8712017673060117, 12);
		expect(r.principalOrder.slice().sort()).toEqual([0, 1, 2, 3]);
		const flat = datasetOf(createFrame([num('a', [1, 2, 3]), num('b', [5, 5, 5])]), 'x');
		const f = await report<CorrelationsReport>(correlations, flat, { method: 'spearman', columns: [] });
		expect(f.values).toEqual([1, null, null, null]);
		expect(f.measures[0]).toBe('spearman');
	});

	it('mixes measures, and names a column of the wrong kind', async () => {
		const r = await report<CorrelationsReport>(correlations, sampleDataset('penguins'), { method: 'mixed', columns: [] });
		expect(r.columns).toHaveLength(7);
		expect(r.kinds).toContain('category');
		await expect(report(correlations, sampleDataset('penguins'), { method: 'pearson', columns: ['Species'] })).rejects.toThrow(
			/"Species" is category/
		);
	});
});

const num = (name: string, v: number[]): Column => ({ kind: 'number', name, values: Float64Array.from(v) });
const cat = (name: string, labels: (string | null)[]): Column => {
	const dictionary = [...new Set(labels.filter((l): l is string => l !== null))];
	return { kind: 'category', name, codes: Int32Array.from(labels, (l) => (l === null ? -1 : dictionary.indexOf(l))), dictionary };
};

describe('Data-quality warnings (planted)', () => {
	const n = 200;
	const idx = Array.from({ length: n }, (_, i) => i);
	const y = idx.map((i) => Math.sin(i) * 10 + i / 20);
	const frame = createFrame([
		num(
			'const',
			idx.map(() => 7)
		),
		num(
			'almost',
			idx.map((i) => (i === 0 ? 1 : 0))
		), // 199 / 200 = 99.5% zeros
		num(
			'id',
			idx.map((i) => 1000 + i)
		),
		cat(
			'code',
			idx.map((i) => `c${i}`)
		),
		num(
			'holes',
			idx.map((i) => (i % 3 === 0 ? i + 0.5 : NaN))
		), // 133 of 200 missing
		num(
			'skewed',
			idx.map((i) => Math.exp(i / 20))
		),
		num(
			'leak',
			y.map((v, i) => v * 2 + (i % 2) * 0.01)
		),
		cat(
			'leakcat',
			idx.map((i) => (y[i] > 0 ? 'pos' : 'neg'))
		),
		num('y', y),
		num(
			'ok',
			idx.map((i) => (i * 7919) % 101)
		)
	]);
	const data: DatasetValue = { ...datasetOf(frame, 'planted'), target: 'y' };
	const kindsOf = (r: QualityReport, column: string | null) =>
		r.warnings
			.filter((w) => w.column === column)
			.map((w) => w.kind)
			.sort();

	it('flags each planted problem on its column, and nothing on the clean one', async () => {
		const r = await report<QualityReport>(quality, data, defaults);
		expect(r.target).toBe('y');
		expect(kindsOf(r, 'const')).toEqual(['constant']);
		expect(kindsOf(r, 'almost')).toEqual(['near-constant', 'skew']);
		expect(kindsOf(r, 'id')).toEqual(['id-like']);
		expect(kindsOf(r, 'code')).toEqual(['id-like']);
		expect(kindsOf(r, 'holes')).toEqual(['missing']);
		expect(kindsOf(r, 'skewed')).toEqual(['skew']);
		expect(kindsOf(r, 'leak')).toEqual(['leakage']);
		expect(kindsOf(r, 'ok')).toEqual([]);
		expect(kindsOf(r, 'y')).toEqual([]);
		expect(kindsOf(r, null)).toEqual([]);
		const leak = r.warnings.find((w) => w.kind === 'leakage')!;
		expect(leak.message).toMatch(/"leak" predicts the target "y"/);
		expect(leak.value).toBeGreaterThan(0.99);
		expect(r.warnings.find((w) => w.column === 'holes')!.value).toBeCloseTo(133 / 200, 12);
	});

	it('flags a category that maps each value to one class, and duplicate rows', async () => {
		const labels = idx.map((i) => (i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c'));
		const f = createFrame([
			cat('label', labels),
			cat(
				'grade',
				labels.map((l, i) => (i === 5 ? 'Ga' : `G${l}`))
			), // 199 / 200 rows map to their class
			cat(
				'noise',
				idx.map((i) => (i % 2 ? 'x' : 'y'))
			),
			num(
				'v',
				idx.map((i) => i % 50)
			) // rows i and i + 150 repeat when all else repeats (period 150)
		]);
		const r = await report<QualityReport>(quality, datasetOf(f, 'cls'), { ...defaults, target: 'label' });
		expect(kindsOf(r, 'grade')).toEqual(['leakage']);
		expect(r.warnings.find((w) => w.column === 'grade')!.value).toBeCloseTo(199 / 200, 12);
		expect(kindsOf(r, 'noise')).toEqual([]);
		// lcm(3, 2, 50) = 150: rows 150..199 repeat rows 0..49 (row 5's wrong 'Ga' keeps row 155 unique)
		const dup = r.warnings.find((w) => w.kind === 'duplicates')!;
		expect(dup.value).toBe(49);
		expect(dup.column).toBeNull();
	});

	it('honours thresholds, skips leakage without a target, and names an unknown target', async () => {
		const r = await report<QualityReport>(quality, datasetOf(frame, 'planted'), { ...defaults, skew: 100, missing: 0.9 });
		expect(r.target).toBeNull();
		expect(r.warnings.some((w) => w.kind === 'leakage' || w.kind === 'skew' || w.kind === 'missing')).toBe(false);
		await expect(report(quality, data, { ...defaults, target: 'nope' })).rejects.toThrow(/column "nope" does not exist/);
		const empty = await report<QualityReport>(quality, datasetOf(createFrame([num('a', [])]), 'e'), defaults);
		expect(empty.warnings).toEqual([]);
	});
});
