import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../readers/csv';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import type { TableReport } from '../../reports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import outliers from './outliers';

const ctx = testContext();
const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const defaults = { columns: [], method: 'iqr', k: 1.5, z: 3, action: 'clip' };
type State = { columns: { name: string; lower: number | null; upper: number | null }[] };

async function fitApply(data: DatasetValue, params: Record<string, unknown>) {
	const all = { ...defaults, ...params } as never;
	const state = (await outliers.step!.fit(data, all, ctx)) as State;
	const out = outliers.step!.apply(data, state, all);
	const report = outliers.step!.report!(data, out, state, all).report as TableReport;
	return { state, out, report };
}

const bounds = (s: State, name: string) => s.columns.find((c) => c.name === name)!;

describe('clean.outliers', () => {
	it('is registered', () => {
		expect(registry.get('clean.outliers')).toBe(outliers);
	});

	it('IQR bounds match numpy percentile (linear) on penguins', async () => {
		// /usr/bin/python3: v = df[c].dropna(); q1, q3 = np.percentile(v, [25, 75]); q1 - 1.5*(q3-q1), q3 + 1.5*(q3-q1)
		const { state } = await fitApply(sampleDataset('penguins'), {});
		expect(bounds(state, 'Beak Length (mm)').lower).toBeCloseTo(25.312500000000004, 10);
		expect(bounds(state, 'Beak Length (mm)').upper).toBeCloseTo(62.412499999999994, 10);
		expect(bounds(state, 'Body Mass (g)').lower).toBeCloseTo(1750.0, 10);
		expect(bounds(state, 'Body Mass (g)').upper).toBeCloseTo(6550.0, 10);
		expect(bounds(state, 'Flipper Length (mm)').lower).toBeCloseTo(155.5, 10);
		expect(bounds(state, 'Flipper Length (mm)').upper).toBeCloseTo(247.5, 10);
	});

	it('z-score bounds use the population std, as numpy v.std()', async () => {
		// /usr/bin/python3: m, s = v.mean(), v.std(); m - 3*s, m + 3*s
		const { state } = await fitApply(sampleDataset('penguins'), { method: 'z-score' });
		expect(bounds(state, 'Beak Length (mm)').lower).toBeCloseTo(27.567141755075944, 10);
		expect(bounds(state, 'Beak Length (mm)').upper).toBeCloseTo(60.27671789404686, 10);
		expect(bounds(state, 'Body Mass (g)').lower).toBeCloseTo(1799.410698249556, 8);
		expect(bounds(state, 'Body Mass (g)').upper).toBeCloseTo(6604.0980736802685, 8);
	});

	it('counts values outside on penguins as numpy does (k = 0.5, z = 1.5)', async () => {
		// /usr/bin/python3: ((v < lo).sum(), (v > hi).sum()) with the bounds above for k=0.5 and z=1.5
		const iqr = (await fitApply(sampleDataset('penguins'), { k: 0.5, columns: ['Beak Length (mm)', 'Body Mass (g)'] })).report;
		expect(iqr.columns).toEqual(['column', 'lower', 'upper', 'values below', 'values above']);
		expect(iqr.rows.map((r) => [r[0], r[3], r[4]])).toEqual([
			['Beak Length (mm)', 7, 9],
			['Body Mass (g)', 8, 39]
		]);
		const z = (await fitApply(sampleDataset('penguins'), { method: 'z-score', z: 1.5, columns: ['Beak Length (mm)', 'Body Mass (g)'] }))
			.report;
		expect(z.rows.map((r) => [r[3], r[4]])).toEqual([
			[20, 15],
			[11, 34]
		]);
	});

	it('clips or drops by hand-computed bounds, leaving missing values alone', async () => {
		// x sorted: -20, 1..9, 100 (11 values); numpy linear Q1 = 2.5, Q3 = 7.5, IQR = 5 → bounds -5, 15.
		const data = datasetOf(readCsv('x,y\n-20,a\n1,b\n2,c\n3,d\n4,e\n5,f\n6,g\n7,h\n8,i\n9,j\n100,k\n,l\n'), 'h');
		const clip = await fitApply(data, {});
		expect(bounds(clip.state, 'x')).toEqual({ name: 'x', lower: -5, upper: 15 });
		expect(clip.report.rows).toEqual([['x', -5, 15, 1, 1]]);
		const x = Array.from(num(getColumn(clip.out.frame, 'x')));
		expect(x).toEqual([-5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, NaN]);
		const drop = await fitApply(data, { action: 'drop' });
		expect(drop.out.frame.rowCount).toBe(10);
		expect(Array.from(num(getColumn(drop.out.frame, 'x')))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN]);
	});

	it('names a column that is not a number column, and leaves a column with no training values unbounded', async () => {
		await expect(fitApply(sampleDataset('penguins'), { columns: ['Island'] })).rejects.toThrow(/column "Island" is category/);
		const empty = datasetOf(readCsv('x,y\n,1\n,2\n'), 'e');
		const { state, out } = await fitApply(empty, { columns: ['x'] });
		expect(bounds(state, 'x')).toEqual({ name: 'x', lower: null, upper: null });
		expect(out.frame.rowCount).toBe(2);
		expect(JSON.parse(JSON.stringify(state))).toEqual(state);
	});
});
