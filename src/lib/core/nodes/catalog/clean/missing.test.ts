import { describe, expect, it } from 'vitest';
import { migrateNodeParams } from '../../../doc/migrations';
import { readCsv } from '../../../readers/csv';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import { normaliseParams } from '../../params';
import type { DatasetValue } from '../../ports';
import { sampleDataset, testContext } from '../../test-kit';
import missing from './missing';

const ctx = testContext();
const num = (c: Column) => Array.from((c as Extract<Column, { kind: 'number' }>).values);
const labels = (c: Column) => {
	const cat = c as Extract<Column, { kind: 'category' }>;
	return Array.from(cat.codes, (k) => (k < 0 ? null : cat.dictionary[k]));
};
const v1 = { strategy: 'median', columns: [], fillNumber: 0, fillText: 'missing' };

async function fitApply(data: DatasetValue, params: Record<string, unknown>) {
	const all = normaliseParams(missing.params, params).params;
	const state = await missing.step!.fit(data, all, ctx);
	return { state, out: missing.step!.apply(data, state, all) };
}

describe('clean.missing version 2', () => {
	it('migrates v1 params to v2 defaults, and v1 params still give v1 results', async () => {
		const migrated = migrateNodeParams(missing, 1, v1);
		expect(migrated).toEqual({ ...v1, threshold: 0.5, sortBy: '', indicators: false });
		const data = sampleDataset('penguins');
		const before = await fitApply(data, v1);
		const after = await fitApply(data, migrated);
		expect(after.out.frame.columns.map((c) => c.name)).toEqual(data.frame.columns.map((c) => c.name));
		expect(num(getColumn(after.out.frame, 'Body Mass (g)'))).toEqual(num(getColumn(before.out.frame, 'Body Mass (g)')));
		// median of the 342 present body masses: /usr/bin/python3 df['Body Mass (g)'].median() → 4050.0
		expect(num(getColumn(after.out.frame, 'Body Mass (g)'))[3]).toBe(4050);
	});

	it('drop-columns drops the columns missing more than the threshold, as pandas', async () => {
		// /usr/bin/python3: df.isna().mean() → Sex 0.029069767441860465, each measurement 0.005813953488372093;
		// list(df.loc[:, df.isna().mean() <= 0.02].columns) → every column but Sex
		const data = sampleDataset('penguins');
		const { state, out } = await fitApply(data, { strategy: 'drop-columns', threshold: 0.02 });
		expect(state).toEqual({ mode: 'drop-columns', columns: ['Sex'], indicators: [] });
		expect(out.frame.columns.map((c) => c.name)).toEqual([
			'Species',
			'Island',
			'Beak Length (mm)',
			'Beak Depth (mm)',
			'Flipper Length (mm)',
			'Body Mass (g)'
		]);
		expect(out.frame.rowCount).toBe(344);
		const strict = await fitApply(data, { strategy: 'drop-columns', threshold: 0.005 });
		expect(strict.out.frame.columns.map((c) => c.name)).toEqual(['Species', 'Island']);
		const none = await fitApply(data, { strategy: 'drop-columns', threshold: 0.03 });
		expect(none.out.frame.columns.length).toBe(7);
	});

	it('forward-fill along a sort column matches pandas sort_values(kind="stable").ffill()', async () => {
		// /usr/bin/python3: f = df.sort_values('Body Mass (g)', kind='stable', na_position='last').ffill().sort_index()
		// Sex was missing in rows [3, 8, 9, 10, 11, 47, 246, 286, 324, 339]; Beak Length in [3, 339]
		const data = sampleDataset('penguins');
		const { state, out } = await fitApply(data, { strategy: 'forward-fill', sortBy: 'Body Mass (g)' });
		expect((state as { columns: string[] }).columns).not.toContain('Body Mass (g)');
		const sex = labels(getColumn(out.frame, 'Sex'));
		expect([3, 8, 9, 10, 11, 47, 246, 286, 324, 339].map((r) => sex[r])).toEqual([
			'MALE',
			'MALE',
			'FEMALE',
			'FEMALE',
			'FEMALE',
			'FEMALE',
			'MALE',
			'FEMALE',
			'FEMALE',
			'MALE'
		]);
		const beak = num(getColumn(out.frame, 'Beak Length (mm)'));
		expect([beak[3], beak[339]]).toEqual([49.2, 49.2]);
		expect(beak[0]).toBe(39.1); // present values stay, rows keep their positions
		// The sort key itself keeps its missing values.
		expect(num(getColumn(out.frame, 'Body Mass (g)')).filter(Number.isNaN).length).toBe(2);
	});

	it('forward-fill leaves leading gaps, fills text, and explains a missing or wrong sort column', async () => {
		const data = datasetOf(readCsv('t,x,note\n3,,c\n1,,a\n2,5,\n4,,\n'), 'ff');
		const { out } = await fitApply(data, { strategy: 'forward-fill', sortBy: 't' });
		// order by t: rows 1 (t=1), 2 (t=2), 0 (t=3), 3 (t=4)
		expect(num(getColumn(out.frame, 'x'))).toEqual([5, NaN, 5, 5]);
		expect(labels(getColumn(out.frame, 'note'))).toEqual(['c', 'a', 'a', 'c']);
		await expect(fitApply(data, { strategy: 'forward-fill' })).rejects.toThrow(/needs a sort column/);
		const byText = await fitApply(datasetOf(readCsv('t,x\nb,1\na,\n'), 'ff'), { strategy: 'forward-fill', sortBy: 't' }).catch(
			(e: Error) => e
		);
		expect(String(byText)).toMatch(/sorts by "t", which is (category|text); choose a number or date column/);
	});

	it('indicators: 0/1 columns for the columns that had missing values, fixed at fit time', async () => {
		const data = sampleDataset('penguins');
		const { state, out } = await fitApply(data, { strategy: 'median', indicators: true });
		expect((state as { indicators: string[] }).indicators).toEqual([
			'Beak Length (mm)',
			'Beak Depth (mm)',
			'Flipper Length (mm)',
			'Body Mass (g)',
			'Sex'
		]);
		const names = out.frame.columns.map((c) => c.name);
		expect(names.slice(7)).toEqual([
			'Beak Length (mm)_missing',
			'Beak Depth (mm)_missing',
			'Flipper Length (mm)_missing',
			'Body Mass (g)_missing',
			'Sex_missing'
		]);
		const sexMissing = num(getColumn(out.frame, 'Sex_missing'));
		expect(sexMissing.reduce((a, b) => a + b, 0)).toBe(10);
		expect(sexMissing[3]).toBe(1);
		expect(num(getColumn(out.frame, 'Body Mass (g)_missing'))[0]).toBe(0);
		// The indicator records the gap although the value itself is now filled.
		expect(Number.isNaN(num(getColumn(out.frame, 'Body Mass (g)'))[3])).toBe(false);
		// Applying twice would overwrite the indicators: refused, naming the column.
		expect(() => missing.step!.apply(datasetOf(out.frame, 'x'), state, {} as never)).toThrow(
			/column "Beak Length \(mm\)_missing" already exists/
		);
	});
});
