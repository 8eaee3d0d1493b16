import { describe, expect, it } from 'vitest';
import { datasetOf } from '../../dataset';
import type { DatasetValue, ReportValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import node, { type TargetRelationsReport } from './target-relations';

const ctx = testContext();
const penguins = sampleDataset('penguins');

async function relations(data: DatasetValue, params: Record<string, unknown>): Promise<TargetRelationsReport> {
	const out = await node.run!({ data }, params as never, ctx);
	return (out.relations as ReportValue).report as TargetRelationsReport;
}
const strengths = (r: TargetRelationsReport) => Object.fromEntries(r.features.map((f) => [f.name, f.strength]));

/*
 * Reference values: /usr/bin/python3 with pandas + scipy on static/samples/penguins.csv —
 *   eta(cat, num): d = df[[cat, num]].dropna(); g = d.groupby(cat)[num];
 *                  sqrt((g.count() * (g.mean() - d[num].mean())**2).sum() / ((d[num] - d[num].mean())**2).sum())
 *   V(a, b): scipy.stats.contingency.association(pd.crosstab(d[a], d[b]).values, method='cramer')
 *   |r|: abs(df[a].corr(df[b]))
 */
describe('explore.target-relations', () => {
	it('is in the catalog', () => {
		expect(registry.get('explore.target-relations')?.type).toBe('explore.target-relations');
	});

	it('measures every feature against Species like pandas/scipy, strongest first', async () => {
		const r = await relations(penguins, { target: 'Species', columns: [] });
		expect(r.targetKind).toBe('category');
		const s = strengths(r);
		expect(s['Beak Length (mm)']).toBeCloseTo(0.8413139288696168, 10);
		expect(s['Beak Depth (mm)']).toBeCloseTo(0.8244750833497089, 10);
		expect(s['Flipper Length (mm)']).toBeCloseTo(0.8821728382519646, 10);
		expect(s['Body Mass (g)']).toBeCloseTo(0.8183348664745757, 10);
		expect(s['Island']).toBeCloseTo(0.6598431008795325, 10);
		expect(s['Sex']).toBeCloseTo(0.05244302205985619, 10);
		expect(r.features.map((f) => f.name)).toEqual([
			'Flipper Length (mm)',
			'Beak Length (mm)',
			'Beak Depth (mm)',
			'Body Mass (g)',
			'Island',
			'Sex'
		]);
		expect(r.features.map((f) => f.measure)).toEqual(['eta', 'eta', 'eta', 'eta', 'cramers-v', 'cramers-v']);
	});

	it('gives per-class quartiles of a number feature like pandas groupby().quantile()', async () => {
		const r = await relations(penguins, { target: 'Species', columns: ['Flipper Length (mm)'] });
		const summary = r.features[0].summary;
		if (summary.type !== 'class-quartiles') throw new Error(summary.type);
		// df.groupby('Species')['Flipper Length (mm)'].quantile([.25, .5, .75])
		expect(summary.groups.map((g) => [g.label, g.q1, g.median, g.q3])).toEqual([
			['Adelie', 186, 190, 195],
			['Chinstrap', 191, 196, 201],
			['Gentoo', 212, 216, 221]
		]);
	});

	it('measures every feature against Body Mass (g) like pandas, strongest first', async () => {
		const r = await relations(penguins, { target: 'Body Mass (g)', columns: [] });
		expect(r.targetKind).toBe('number');
		const s = strengths(r);
		expect(s['Beak Length (mm)']).toBeCloseTo(0.59510982443763, 10);
		expect(s['Beak Depth (mm)']).toBeCloseTo(0.47191562118606656, 10);
		expect(s['Flipper Length (mm)']).toBeCloseTo(0.8712017673060117, 10);
		expect(s['Species']).toBeCloseTo(0.8183348664745757, 10);
		expect(s['Island']).toBeCloseTo(0.6273573224256876, 10);
		expect(s['Sex']).toBeCloseTo(0.42697028942756726, 10);
		expect(r.features.map((f) => f.name)).toEqual([
			'Flipper Length (mm)',
			'Species',
			'Island',
			'Beak Length (mm)',
			'Beak Depth (mm)',
			'Sex'
		]);
		const measures = Object.fromEntries(r.features.map((f) => [f.name, f.measure]));
		expect(measures['Flipper Length (mm)']).toBe('pearson');
		expect(measures['Species']).toBe('eta');
	});

	it('bins the feature like pandas.qcut and averages the target per bin', async () => {
		const r = await relations(penguins, { target: 'Body Mass (g)', columns: ['Flipper Length (mm)'] });
		const summary = r.features[0].summary;
		if (summary.type !== 'binned-means') throw new Error(summary.type);
		// d = df[['Flipper Length (mm)', 'Body Mass (g)']].dropna()
		// d.groupby(pd.qcut(d['Flipper Length (mm)'], 10, duplicates='drop'), observed=True)['Body Mass (g)'].agg(['mean', 'count'])
		const want: [number, number, number][] = [
			[185, 3475.0, 41],
			[188, 3445.689655, 29],
			[191, 3673.809524, 42],
			[194, 3644.444444, 27],
			[197, 3911.486486, 37],
			[203, 3960.606061, 33],
			[210, 4456.818182, 33],
			[215, 4931.060606, 33],
			[220.9, 5078.125, 32],
			[231, 5547.857143, 35]
		];
		expect(summary.bins).toHaveLength(10);
		summary.bins.forEach((b, i) => {
			expect(b.hi).toBeCloseTo(want[i][0], 9);
			expect(b.mean).toBeCloseTo(want[i][1], 5);
			expect(b.count).toBe(want[i][2]);
		});
	});

	it('summarises a category feature by value: target means or class shares', async () => {
		const num = await relations(penguins, { target: 'Body Mass (g)', columns: ['Species'] });
		const means = num.features[0].summary;
		if (means.type !== 'value-means') throw new Error(means.type);
		expect(means.values.map((v) => v.label).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
		const cat = await relations(penguins, { target: 'Species', columns: ['Island'] });
		const shares = cat.features[0].summary;
		if (shares.type !== 'value-shares') throw new Error(shares.type);
		for (const v of shares.values) expect(v.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
	});

	it('uses the dataset target when none is chosen, and says what to do without one', async () => {
		const withTarget: DatasetValue = { ...penguins, target: 'Species' };
		expect((await relations(withTarget, { target: '', columns: [] })).target).toBe('Species');
		const noTarget = datasetOf(penguins.frame, 'x');
		await expect(relations(noTarget, { target: '', columns: [] })).rejects.toThrow(/choose one in the inspector/);
	});
});
