import { describe, expect, it } from 'vitest';
import { histogram2d } from '../../../stats/binning2d';
import { boxStats } from '../../../stats/boxplot';
import { createFrame } from '../../../frame/frame';
import { gaussianKde, kdeAt } from '../../../stats/kde';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue, ReportValue } from '../../ports';
import { registry, SAMPLES, sampleDataset, testContext } from '../../test-kit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTableBytes } from '../../../readers/readers';
import classBalance, { type ClassBalanceReport } from './class-balance';
import distributions, { type DistributionsReport } from './distributions';
import missingPattern, { type MissingPatternReport } from './missing-pattern';
import scatter, { type ScatterReport } from './scatter';

const ctx = testContext();
const penguins = sampleDataset('penguins');

async function report<T>(node: typeof scatter, data: DatasetValue, params: Record<string, unknown>): Promise<T> {
	const out = await node.run!({ data }, params as never, ctx);
	return (Object.values(out)[0] as ReportValue).report as T;
}
const num = (name: string, values: number[]): Column => ({ kind: 'number', name, values: Float64Array.from(values) });

describe('exploratory chart nodes are in the catalog', () => {
	it('registers scatter, distributions, class balance and missing patterns', () => {
		for (const t of ['explore.scatter', 'explore.distributions', 'explore.class-balance', 'explore.missing-pattern'])
			expect(registry.get(t)?.type).toBe(t);
	});
});

describe('Gaussian KDE', () => {
	it('matches scipy.stats.gaussian_kde (Scott) on a small sample', () => {
		// s=[1,2,2.5,4,7,7.5,10]; k=gaussian_kde(s); sqrt(k.covariance[0,0]); k(np.linspace(1,10,5))
		const k = gaussianKde(Float64Array.from([1, 2, 2.5, 4, 7, 7.5, 10]), 5)!;
		expect(k.bandwidth).toBeCloseTo(2.2703697690541675, 12);
		expect(k.xs).toEqual([1, 3.25, 5.5, 7.75, 10]);
		const ref = [0.07974022, 0.09554479, 0.08256715, 0.07354904, 0.05020956];
		k.density.forEach((d, i) => expect(d).toBeCloseTo(ref[i], 8));
		expect(kdeAt(Float64Array.from([0]), [0], 1)[0]).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
	});
	it('is null for fewer than two values or no spread', () => {
		expect(gaussianKde(Float64Array.from([3]))).toBeNull();
		expect(gaussianKde(Float64Array.from([3, 3, 3]))).toBeNull();
	});
});

describe('box statistics', () => {
	it('uses numpy quartiles and matplotlib whiskers', () => {
		const b = boxStats(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 100]));
		// np.quantile(x, [.25, .5, .75]) -> 3, 5, 7; fences -3 .. 13
		expect(b).toMatchObject({ q1: 3, median: 5, q3: 7, whiskerLow: 1, whiskerHigh: 8, outliers: 1, min: 1, max: 100, count: 9 });
		expect(boxStats(new Float64Array(0)).count).toBe(0);
	});
});

describe('2-D histogram', () => {
	it('bins like numpy.histogram2d', () => {
		// np.histogram2d([0,.5,1,1,2,3,3,9.99,10], [0,1,2,2,3,4,5,6,10], bins=4)
		const h = histogram2d(Float64Array.from([0, 0.5, 1, 1, 2, 3, 3, 9.99, 10]), Float64Array.from([0, 1, 2, 2, 3, 4, 5, 6, 10]), 4);
		expect(h.counts).toEqual([4, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
		expect(h.xEdges).toEqual([0, 2.5, 5, 7.5, 10]);
	});
});

describe('Scatter plot', () => {
	it('sends the points and category colors of penguins', async () => {
		const r = await report<ScatterReport>(scatter, penguins, { x: 'Beak Length (mm)', y: 'Beak Depth (mm)', color: 'Species' });
		// df[['Beak Length (mm)','Beak Depth (mm)']].dropna().shape[0] -> 342
		expect(r).toMatchObject({ type: 'scatter', plotted: 342, skipped: 2, color: 'Species' });
		expect(r.points!.slice(0, 4)).toEqual([39.1, 18.7, 39.5, 17.4]);
		expect(r.colors).toHaveLength(342);
		expect(r.legend![r.colors![0]]).toBe('Adelie');
		expect(r.density).toBeUndefined();
	});
	it('colors by a number column with its range', async () => {
		const r = await report<ScatterReport>(scatter, penguins, { x: 'Beak Length (mm)', y: 'Beak Depth (mm)', color: 'Body Mass (g)' });
		expect(r.colorRange).toEqual([2700, 6300]);
		expect(r.colors![0]).toBe(3750);
	});
	it('bins more than 100,000 rows into a 200×200 density grid', async () => {
		const n = 100_001;
		const xs = Array.from({ length: n }, (_, i) => (i % 997) * 0.5);
		const ys = Array.from({ length: n }, (_, i) => Math.sqrt(i));
		const data = datasetOf(createFrame([num('x', xs), num('y', ys)]), 'big');
		const r = await report<ScatterReport>(scatter, data, { x: 'x', y: 'y', color: '' });
		expect(r.points).toBeUndefined();
		const d = r.density!;
		// H, xe, ye = np.histogram2d(X, Y, bins=200): H[0,0], H[199,199], H[100,150], H.sum(), xe[1] -> 3 5 4 100001 2.49
		expect([d.counts[0], d.counts[199 * 200 + 199], d.counts[100 * 200 + 150]]).toEqual([3, 5, 4]);
		expect(d.counts.reduce((a, b) => a + b, 0)).toBe(n);
		expect(d.xEdges[1]).toBeCloseTo(2.49, 12);
	});
	it('names a column of the wrong kind', async () => {
		await expect(report(scatter, penguins, { x: 'Species', y: 'Beak Depth (mm)', color: '' })).rejects.toThrow(/"Species" is category/);
	});
});

describe('Distributions by group', () => {
	it('matches numpy quartiles and scipy KDE for flipper length by species', async () => {
		const r = await report<DistributionsReport>(distributions, penguins, { value: 'Flipper Length (mm)', group: 'Species' });
		// for sp, g in df.groupby('Species'): x = g[v].dropna(); np.quantile(x, [.25,.5,.75]); whiskers within 1.5 IQR
		expect(r.groups.map((g) => g.label)).toEqual(['Adelie', 'Gentoo', 'Chinstrap']);
		expect(r.groups.map((g) => g.index)).toEqual([0, 2, 1]);
		const [adelie, gentoo, chinstrap] = r.groups;
		expect(adelie).toMatchObject({
			count: 151,
			missing: 1,
			min: 172,
			q1: 186,
			median: 190,
			q3: 195,
			max: 210,
			whiskerLow: 174,
			whiskerHigh: 208,
			outliers: 2
		});
		expect(gentoo).toMatchObject({ count: 123, q1: 212, median: 216, q3: 221, outliers: 0 });
		expect(chinstrap).toMatchObject({ count: 68, q1: 191, median: 196, q3: 201, whiskerLow: 178, whiskerHigh: 212 });
		// k = gaussian_kde(x_adelie); k(np.linspace(x.min(), x.max(), 64))[[0, 31, 63]]; sqrt(k.covariance)
		const k = adelie.kde!;
		expect(k.xs).toHaveLength(64);
		expect(k.bandwidth).toBeCloseTo(2.3974321592781953, 10);
		expect(k.density[0]).toBeCloseTo(0.0023404412754835565, 10);
		expect(k.density[31]).toBeCloseTo(0.06046548219296334, 10);
		expect(k.density[63]).toBeCloseTo(0.002030799727886053, 10);
	});
	it('draws one box without a group, and asks for a value column', async () => {
		const r = await report<DistributionsReport>(distributions, penguins, { value: 'Body Mass (g)', group: '' });
		expect(r.groups).toHaveLength(1);
		expect(r.groups[0]).toMatchObject({ label: 'all rows', count: 342, missing: 2 });
		await expect(report(distributions, penguins, { value: '', group: '' })).rejects.toThrow(/Value column/);
	});
});

describe('Class balance', () => {
	it('counts penguin species and flags a rare class', async () => {
		// df['Species'].value_counts() -> Adelie 152, Gentoo 124, Chinstrap 68
		const r = await report<ClassBalanceReport>(classBalance, penguins, { column: 'Species', threshold: 0.1 });
		expect(r.classes.map((c) => [c.label, c.count])).toEqual([
			['Adelie', 152],
			['Gentoo', 124],
			['Chinstrap', 68]
		]);
		expect(r.classes[0].share).toBeCloseTo(152 / 344, 12);
		expect(r.imbalanced).toBe(false);
		// df['Sex'].value_counts(dropna=False) -> MALE 168, FEMALE 165, NaN 10, '.' 1
		const s = await report<ClassBalanceReport>(classBalance, penguins, { column: 'Sex', threshold: 0.1 });
		expect(s).toMatchObject({ missing: 10, imbalanced: true });
		expect(s.ratio).toBeCloseTo(1 / 168, 12);
		expect(s.message).toMatch(/"\."/);
	});
	it('defaults to the target and explains when there is none', async () => {
		const r = await report<ClassBalanceReport>(classBalance, { ...penguins, target: 'Island' }, { column: '', threshold: 0.1 });
		expect(r.column).toBe('Island');
		await expect(report(classBalance, penguins, { column: '', threshold: 0.1 })).rejects.toThrow(/choose one/);
	});
	it('shows a few example images per class when the rows are images, none for a table', async () => {
		const frame = await readTableBytes(new Uint8Array(readFileSync(join(SAMPLES, 'digits.zip'))), { fileName: 'digits.zip' });
		const r = await report<ClassBalanceReport>(classBalance, datasetOf(frame, 'digits'), { column: 'label', threshold: 0.1 });
		expect(r.examples!.shape).toEqual({ height: 8, width: 8, channels: 1 });
		expect(Object.keys(r.examples!.byClass).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
		const label = frame.columns.find((c) => c.name === 'label') as Extract<Column, { kind: 'category' }>;
		const firstSeven = [...label.codes].findIndex((code) => label.dictionary[code] === '7');
		const px = (name: string) => (frame.columns.find((c) => c.name === name) as Extract<Column, { kind: 'number' }>).values[firstSeven];
		const seven = r.examples!.byClass['7'];
		expect(seven).toHaveLength(4);
		expect(seven[0]).toHaveLength(64);
		expect(seven[0][0]).toBe(Math.round(px('px_0_0_0') * 255));
		expect(seven[0][63]).toBe(Math.round(px('px_7_7_0') * 255));
		const table = await report<ClassBalanceReport>(classBalance, penguins, { column: 'Species', threshold: 0.1 });
		expect(table.examples).toBeUndefined();
	});
});

describe('Missing-value patterns', () => {
	it('matches pandas df.isna().value_counts() on penguins', async () => {
		const r = await report<MissingPatternReport>(missingPattern, penguins, { columns: [], top: 10 });
		// df.isna().sum() -> 0, 0, 2, 2, 2, 2, 10; value_counts -> complete 334, Sex only 8, all four numbers + Sex 2
		expect(r.columns.map((c) => c.missing)).toEqual([0, 0, 2, 2, 2, 2, 10]);
		expect(r.patterns).toEqual([
			{ missing: [], count: 334 },
			{ missing: [6], count: 8 },
			{ missing: [2, 3, 4, 5, 6], count: 2 }
		]);
		expect(r.distinct).toBe(3);
		const one = await report<MissingPatternReport>(missingPattern, penguins, { columns: ['Sex'], top: 1 });
		expect(one.patterns).toEqual([{ missing: [], count: 334 }]);
	});
});
