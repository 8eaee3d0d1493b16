import { describe, expect, it } from 'vitest';
import { createFrame } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import { histogramCounts, histogramEdges } from '../../../stats/histogram';
import { sampleRows } from '../../../stats/sample-rows';
import type { DatasetValue, ReportValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import scatterMatrix, { type ScatterMatrixReport } from './scatter-matrix';
import segments, { type SegmentsReport } from './segments';

const ctx = testContext();
const penguins = sampleDataset('penguins');
const weather = sampleDataset('seattle-weather');

async function report<T>(node: typeof segments, data: DatasetValue, params: Record<string, unknown>): Promise<T> {
	const out = await node.run!({ data }, params as never, ctx);
	return (Object.values(out)[0] as ReportValue).report as T;
}
const num = (name: string, values: number[]): Column => ({ kind: 'number', name, values: Float64Array.from(values) });
const closeAll = (got: (number | null)[], want: number[], digits = 9) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));

describe('segments and scatter matrix are in the catalog', () => {
	it('registers both', () => {
		for (const t of ['explore.segments', 'explore.scatter-matrix']) expect(registry.get(t)?.type).toBe(t);
	});
});

describe('histogram on shared edges', () => {
	it('bins like numpy.histogram (last bin closed)', () => {
		// np.histogram([0,.5,1,1,2,3,3,9.99,10], bins=4, range=(0,10))[0] -> [5, 2, 0, 2]
		const edges = histogramEdges(0, 10, 4);
		expect(edges).toEqual([0, 2.5, 5, 7.5, 10]);
		expect(histogramCounts(Float64Array.from([0, 0.5, 1, 1, 2, 3, 3, 9.99, 10, NaN]), edges)).toEqual([5, 2, 0, 2]);
		expect(histogramEdges(3, 3, 2)).toEqual([2.5, 3, 3.5]);
	});
});

describe('explore.segments', () => {
	it('matches pandas groupby on penguins split by Island', async () => {
		const r = await report<SegmentsReport>(segments, penguins, {
			segment: 'Island',
			by: 'month',
			columns: ['Body Mass (g)', 'Species', 'Sex']
		});
		// d.groupby('Island').size()
		const counts = Object.fromEntries(r.groups.map((g) => [g.label, g.count]));
		expect(counts).toEqual({ Biscoe: 168, Dream: 124, Torgersen: 52 });
		const at = (label: string) => r.groups.findIndex((g) => g.label === label);
		const mass = r.columns[0];
		if (mass.kind !== 'number') throw new Error('expected number');
		// g['Body Mass (g)'].mean(), .median(), .isna().mean()
		expect(mass.perGroup[at('Biscoe')].mean).toBeCloseTo(4716.017964071856, 9);
		expect(mass.perGroup[at('Dream')].median).toBe(3687.5);
		expect(mass.perGroup[at('Torgersen')].mean).toBeCloseTo(3706.372549019608, 9);
		expect(mass.perGroup[at('Torgersen')].missing).toBeCloseTo(0.019230769230769232, 12);
		expect(mass.perGroup[at('Biscoe')].missing).toBeCloseTo(0.005952380952380952, 12);
		// np.histogram(s.dropna(), bins=10, range=(d[c].min(), d[c].max())) per island
		expect(mass.perGroup[at('Biscoe')].histogram).toEqual([4, 8, 11, 16, 18, 33, 28, 27, 16, 6]);
		expect(mass.perGroup[at('Dream')].histogram).toEqual([7, 25, 43, 28, 16, 5, 0, 0, 0, 0]);
		expect(mass.perGroup[at('Torgersen')].histogram).toEqual([4, 10, 17, 9, 8, 3, 0, 0, 0, 0]);
		const species = r.columns[1];
		if (species.kind !== 'category') throw new Error('expected category');
		// d['Species'].value_counts().index[:5]; g['Species'].value_counts().unstack().div(g.size(), axis=0)
		expect(species.categories).toEqual(['Adelie', 'Gentoo', 'Chinstrap']);
		expect(species.indices).toEqual([0, 2, 1]);
		closeAll(species.perGroup[at('Biscoe')].shares, [0.261905, 0.738095, 0], 6);
		closeAll(species.perGroup[at('Dream')].shares, [0.451613, 0, 0.548387], 6);
		const sex = r.columns[2];
		// g['Sex'].apply(lambda s: s.isna().mean())
		expect(sex.perGroup[at('Torgersen')].missing).toBeCloseTo(0.09615384615384616, 12);
		expect(r.unsegmented).toBe(0);
	});

	it('matches pandas groupby on seattle-weather split by month of date', async () => {
		const r = await report<SegmentsReport>(segments, weather, { segment: 'date', by: 'month', columns: ['temp_max', 'weather'] });
		// m = w.groupby(w.date.dt.month); m.size()
		expect(r.groups.map((g) => g.count)).toEqual([124, 113, 124, 120, 124, 120, 124, 124, 120, 124, 120, 124]);
		expect(r.groups[0].label).toBe('Jan');
		const t = r.columns[0];
		if (t.kind !== 'number') throw new Error('expected number');
		// m['temp_max'].mean(), .median()
		closeAll(
			t.perGroup.map((g) => g.mean),
			[
				8.2290322581, 9.8601769912, 12.3870967742, 15.02, 19.2959677419, 22.4, 25.9983870968, 26.1120967742, 21.9241666667, 16.389516129,
				11.0233333333, 8.1943548387
			]
		);
		closeAll(
			t.perGroup.map((g) => g.median),
			[8.3, 10.0, 12.2, 14.15, 18.3, 22.2, 26.1, 25.85, 21.1, 15.85, 11.1, 7.8]
		);
		// np.histogram(s, bins=10, range=(w.temp_max.min(), w.temp_max.max())) for January and July
		expect(t.perGroup[0].histogram).toEqual([5, 20, 56, 37, 5, 1, 0, 0, 0, 0]);
		expect(t.perGroup[6].histogram).toEqual([0, 0, 0, 0, 0, 14, 34, 40, 24, 12]);
		const w = r.columns[1];
		if (w.kind !== 'category') throw new Error('expected category');
		expect(w.categories).toEqual(['rain', 'sun', 'fog', 'drizzle', 'snow']);
		closeAll(w.perGroup[0].shares, [0.49193548, 0.22580645, 0.13709677, 0.08064516, 0.06451613], 8);
		closeAll(w.perGroup[6].shares, [0.12903226, 0.72580645, 0.08064516, 0.06451613, 0], 8);
	});

	it('takes every other column when none are chosen, and groups by weekday and year', async () => {
		const r = await report<SegmentsReport>(segments, penguins, { segment: 'Species', by: 'month', columns: [] });
		expect(r.columns.map((c) => c.name)).not.toContain('Species');
		expect(r.columns).toHaveLength(6);
		const wd = await report<SegmentsReport>(segments, weather, { segment: 'date', by: 'weekday', columns: ['wind'] });
		// 2012-01-01 was a Sunday; pd.to_datetime(w.date).dt.dayofweek.value_counts().sort_index() -> 209 each day but 208 on three
		expect(wd.groups.map((g) => g.label)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
		expect(wd.groups.reduce((s, g) => s + g.count, 0)).toBe(1461);
		const yr = await report<SegmentsReport>(segments, weather, { segment: 'date', by: 'year', columns: ['wind'] });
		expect(yr.groups.map((g) => g.label)).toEqual(['2012', '2013', '2014', '2015']);
	});

	it('names the column in its errors', async () => {
		await expect(report(segments, penguins, { segment: '', by: 'month', columns: [] })).rejects.toThrow(/Segment by/);
		await expect(report(segments, penguins, { segment: 'Body Mass (g)', by: 'month', columns: [] })).rejects.toThrow(
			/"Body Mass \(g\)" is number/
		);
		const many = Array.from({ length: 13 }, () => 'Sex');
		await expect(report(segments, penguins, { segment: 'Island', by: 'month', columns: many })).rejects.toThrow(/at most 12/);
	});
});

describe('explore.scatter-matrix', () => {
	const cols = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];

	it('samples reproducibly and uniformly without repeats', () => {
		const rows = Array.from({ length: 10_000 }, (_, i) => i);
		const a = sampleRows(rows, 2000, 7);
		expect(a).toEqual(sampleRows(rows, 2000, 7));
		expect(a).not.toEqual(sampleRows(rows, 2000, 8));
		expect(new Set(a).size).toBe(2000);
		expect(a).toEqual([...a].sort((x, y) => x - y));
		expect(sampleRows([3, 1], 5, 1)).toEqual([3, 1]);
	});

	it('keeps every penguin (under 2,000 rows) and counts histograms over all rows', async () => {
		const r = await report<ScatterMatrixReport>(scatterMatrix as never, penguins, { columns: cols, color: 'Species', seed: 3 });
		expect(r.columns).toEqual(cols);
		expect(r.sampled).toBe(344);
		expect(r.points[0]).toEqual([39.1, 18.7, 181, 3750]);
		expect(r.points[3]).toEqual([null, null, null, null]);
		expect(r.colors).toHaveLength(344);
		// np.histogram(d['Body Mass (g)'].dropna(), bins=20)[0]
		expect(r.histograms[3].counts).toEqual([3, 12, 13, 30, 32, 39, 35, 18, 25, 17, 19, 22, 16, 12, 10, 17, 11, 5, 5, 1]);
		expect(r.histograms[3].edges[0]).toBe(2700);
		expect(r.histograms[3].edges[20]).toBe(6300);
	});

	it('samples large data with its seed', async () => {
		const n = 5000;
		const frame = createFrame([
			num(
				'a',
				Array.from({ length: n }, (_, i) => i)
			),
			num(
				'b',
				Array.from({ length: n }, (_, i) => i % 7)
			)
		]);
		const big = datasetOf(frame, 'matrix-test');
		const run = (seed: number) => report<ScatterMatrixReport>(scatterMatrix as never, big, { columns: [], color: '', seed });
		const a = await run(5);
		expect(a.sampled).toBe(2000);
		expect(a.rowCount).toBe(5000);
		expect((await run(5)).points).toEqual(a.points);
		expect((await run(6)).points).not.toEqual(a.points);
		// every sampled point is a real row: b = a mod 7
		for (const [x, y] of a.points) expect(y).toBe((x as number) % 7);
		// histograms count every row, not just the sample
		expect(a.histograms[0].counts.reduce((s, c) => s + c, 0)).toBe(5000);
	});

	it('rejects more than 8 or fewer than 2 columns', async () => {
		const nine = Array.from({ length: 9 }, () => 'Body Mass (g)');
		await expect(report(scatterMatrix as never, penguins, { columns: nine, color: '', seed: 0 })).rejects.toThrow(/at most 8/);
		await expect(report(scatterMatrix as never, penguins, { columns: ['Body Mass (g)'], color: '', seed: 0 })).rejects.toThrow(
			/at least 2/
		);
		await expect(report(scatterMatrix as never, penguins, { columns: ['Island', 'Sex'], color: '', seed: 0 })).rejects.toThrow(
			/"Island" is category/
		);
	});
});
