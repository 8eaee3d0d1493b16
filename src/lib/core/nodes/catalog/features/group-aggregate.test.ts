import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import { Role, type DatasetValue } from '../../ports';
import { sampleDataset, testContext } from '../../test-kit';
import groupAggregate from './group-aggregate';

const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const sum = (v: Float64Array) => v.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
const none = { mean: false, count: false, sum: false, min: false, max: false, distinct: false };

async function fitApply(data: DatasetValue, params: Record<string, unknown>, applyTo = data) {
	const full = { groupBy: ['Island'], value: 'Body Mass (g)', ...none, unseen: 'missing', ...params } as never;
	const state = await groupAggregate.step!.fit(data, full, testContext());
	return groupAggregate.step!.apply(applyTo, state, full);
}

/** The first `n` rows train, the rest test. */
function trainOnFirst(data: DatasetValue, n: number): DatasetValue {
	const roles = new Uint8Array(data.frame.rowCount).fill(Role.test);
	roles.fill(Role.train, 0, n);
	return { ...data, roles };
}

describe('Group aggregates', () => {
	it('matches pandas groupby().transform on the training rows', async () => {
		const out = await fitApply(sampleDataset('penguins'), { mean: true, count: true, sum: true, min: true, max: true, distinct: true });
		// /usr/bin/python3: df = pd.read_csv('static/samples/penguins.csv'); t = df.groupby('Island')['Body Mass (g)'].transform(s)
		//   print(t.sum(), t[0], t[300]) for s in mean, count, sum, min, max, nunique
		const want: [string, number, number, number][] = [
			['mean', 1445422.3905130913, 3706.372549019608, 4716.017964071856],
			['count', 46084, 51, 167],
			['sum', 199231500.0, 189025.0, 787575.0],
			['min', 964400.0, 2900.0, 2850.0],
			['max', 1898000.0, 4700.0, 6300.0],
			['distinct', 19544, 32, 71]
		];
		for (const [stat, total, r0, r300] of want) {
			const v = num(getColumn(out.frame, `Body Mass (g)_${stat}_by_Island`));
			expect(sum(v)).toBeCloseTo(total, 6);
			expect(v[0]).toBeCloseTo(r0, 9);
			expect(v[300]).toBeCloseTo(r300, 9);
		}
	});

	it('groups by several columns and leaves rows with a missing key missing', async () => {
		const out = await fitApply(sampleDataset('penguins'), { groupBy: ['Species', 'Sex'], mean: true });
		// t = df.groupby(['Species', 'Sex'])['Body Mass (g)'].transform('mean'); t.sum(), t.isna().sum(), t[0], t[1]
		// → 1405825.0 10 4043.4931506849316 3368.8356164383563
		const v = num(getColumn(out.frame, 'Body Mass (g)_mean_by_Species_Sex'));
		expect(sum(v)).toBeCloseTo(1405825.0, 6);
		expect(v.filter(Number.isNaN).length).toBe(10);
		expect(v[0]).toBeCloseTo(4043.4931506849316, 9);
		expect(v[1]).toBeCloseTo(3368.8356164383563, 9);
	});

	it('counts values of a category column: df.groupby("Island")["Sex"].transform("nunique" / "count").sum() → 856, 45248', async () => {
		const out = await fitApply(sampleDataset('penguins'), { value: 'Sex', count: true, distinct: true });
		expect(sum(num(getColumn(out.frame, 'Sex_distinct_by_Island')))).toBe(856);
		expect(sum(num(getColumn(out.frame, 'Sex_count_by_Island')))).toBe(45248);
		await expect(fitApply(sampleDataset('penguins'), { value: 'Sex', mean: true })).rejects.toThrow(
			/column "Sex" is category; the mean needs a number/
		);
	});

	it('learns from the training rows only; unseen groups get missing or the global training value', async () => {
		// The first 150 rows are all Adelie: tr = df.iloc[:150]; tr.groupby('Species')['Body Mass (g)'].mean()['Adelie'] → 3698.6577181208054,
		// tr['Body Mass (g)'].max() → 4775.0
		const data = trainOnFirst(sampleDataset('penguins'), 150);
		const missing = await fitApply(data, { groupBy: ['Species'], mean: true, max: true });
		const mean = num(getColumn(missing.frame, 'Body Mass (g)_mean_by_Species'));
		expect(mean[0]).toBeCloseTo(3698.6577181208054, 9);
		expect(mean[151]).toBeCloseTo(3698.6577181208054, 9); // a test-row Adelie gets the training mean
		expect(Number.isNaN(mean[343])).toBe(true); // Gentoo: unseen in training
		const global = await fitApply(data, { groupBy: ['Species'], mean: true, max: true, unseen: 'global' });
		expect(num(getColumn(global.frame, 'Body Mass (g)_mean_by_Species'))[343]).toBeCloseTo(3698.6577181208054, 9);
		expect(num(getColumn(global.frame, 'Body Mass (g)_max_by_Species'))[343]).toBe(4775);
	});

	it('applies to raw new rows with another dictionary, and to empty inputs', async () => {
		const data = sampleDataset('penguins');
		const fresh = datasetOf(
			{
				rowCount: 3,
				columns: [
					{ kind: 'category', name: 'Island', codes: Int32Array.of(0, 1, -1), dictionary: ['Dream', 'Atlantis'] },
					{ kind: 'number', name: 'Body Mass (g)', values: Float64Array.of(1, 2, 3) }
				]
			},
			'new'
		);
		const out = await fitApply(data, { count: true }, fresh);
		// df.groupby('Island')['Body Mass (g)'].count()['Dream'] → 124
		expect(Array.from(num(getColumn(out.frame, 'Body Mass (g)_count_by_Island')))).toEqual([124, NaN, NaN]);
		const empty = datasetOf(
			{
				rowCount: 0,
				columns: [
					{ kind: 'text', name: 'Island', values: [] },
					{ kind: 'number', name: 'Body Mass (g)', values: new Float64Array(0) }
				]
			},
			'e'
		);
		const e = await fitApply(empty, { mean: true, unseen: 'global' });
		expect(e.frame.columns.map((c) => c.name)).toContain('Body Mass (g)_mean_by_Island');
		await expect(fitApply(data, { groupBy: [], mean: true })).rejects.toThrow(/group by/);
		await expect(fitApply(data, {})).rejects.toThrow(/at least one aggregate/);
	});
});
