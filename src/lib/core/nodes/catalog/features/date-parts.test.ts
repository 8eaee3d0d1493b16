import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import { sampleDataset, testContext } from '../../test-kit';
import dateParts from './date-parts';

const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const sum = (v: Float64Array, n = v.length) => v.subarray(0, n).reduce((a, b) => a + b, 0);
const all = {
	year: true,
	quarter: true,
	month: true,
	day: true,
	weekday: true,
	hour: true,
	dayOfYear: true,
	isWeekend: true,
	cyclical: true,
	dropOriginal: false
};

async function apply(data: DatasetValue, params: Record<string, unknown>) {
	const full = { column: 'date', ...all, ...params } as never;
	const state = await dateParts.step!.fit(data, full, testContext());
	return dateParts.step!.apply(data, state, full);
}

describe('Date parts', () => {
	it('matches pandas .dt accessors on seattle-weather', async () => {
		const out = await apply(sampleDataset('seattle-weather'), {});
		const col = (s: string) => num(getColumn(out.frame, `date_${s}`));
		// /usr/bin/python3 -c "import pandas as pd; d=pd.to_datetime(pd.read_csv('static/samples/seattle-weather.csv')['date']).dt;
		//   print(d.year.sum(), d.quarter.sum(), d.month.sum(), d.day.sum(), d.dayofweek.sum(), d.hour.sum(), d.dayofyear.sum(), (d.dayofweek>=5).sum())"
		// → 2941722 3665 9530 22981 4380 0 267546 417
		expect(col('year').length).toBe(1461);
		expect([
			sum(col('year')),
			sum(col('quarter')),
			sum(col('month')),
			sum(col('day')),
			sum(col('weekday')),
			sum(col('hour')),
			sum(col('dayofyear')),
			sum(col('is_weekend'))
		]).toEqual([2941722, 3665, 9530, 22981, 4380, 0, 267546, 417]);
		// list(d.dayofweek[:8]) → [6, 0, 1, 2, 3, 4, 5, 6] (2012-01-01 was a Sunday); d.dayofyear[59] → 60 (29 Feb); d.dayofyear[1460] → 365
		expect(Array.from(col('weekday').subarray(0, 8))).toEqual([6, 0, 1, 2, 3, 4, 5, 6]);
		expect(col('dayofyear')[59]).toBe(60);
		expect(col('dayofyear')[1460]).toBe(365);
		// numpy on the same accessors: sin(2π(month-1)/12).sum(), cos(2π·dayofweek/7).sum(),
		// s = sin(2π(dayofyear-1)/(365+is_leap_year)): s[100], s[500], s[:200].sum(); cos(2π(month-1)/12)[500]
		expect(sum(col('month_sin'))).toBeCloseTo(-4.571796769724486, 9);
		expect(sum(col('weekday_cos'))).toBeCloseTo(1.1234898018586517, 9);
		expect(col('dayofyear_sin')[100]).toBeCloseTo(0.9893724130196829, 12);
		expect(col('dayofyear_sin')[500]).toBeCloseTo(0.7412220108485961, 12);
		expect(sum(col('dayofyear_sin'), 200)).toBeCloseTo(114.17937641931137, 9);
		expect(col('month_cos')[500]).toBeCloseTo(-0.5, 12);
	});

	it('adds only the chosen parts, keeps missing dates missing, reads hours in UTC and can drop the date', async () => {
		const frame = {
			rowCount: 3,
			columns: [
				{ kind: 'date' as const, name: 'when', values: Float64Array.of(Date.UTC(2024, 11, 31, 23, 30), NaN, Date.UTC(2023, 5, 3, 7)) }
			]
		};
		const out = await apply(datasetOf(frame, 'x'), {
			column: 'when',
			year: false,
			quarter: true,
			month: false,
			day: false,
			weekday: true,
			hour: true,
			dayOfYear: true,
			isWeekend: true,
			cyclical: false,
			dropOriginal: true
		});
		expect(out.frame.columns.map((c) => c.name)).toEqual([
			'when_quarter',
			'when_weekday',
			'when_hour',
			'when_dayofyear',
			'when_is_weekend'
		]);
		const row = (i: number) => out.frame.columns.map((c) => num(c)[i]);
		expect(row(0)).toEqual([4, 1, 23, 366, 0]); // Tuesday, the 366th day of a leap year
		expect(row(1).every(Number.isNaN)).toBe(true);
		expect(row(2)).toEqual([2, 5, 7, 154, 1]); // Saturday 3 June 2023
	});

	it('works on an empty frame and names a column of the wrong kind', async () => {
		const empty = datasetOf({ rowCount: 0, columns: [{ kind: 'date', name: 'date', values: new Float64Array(0) }] }, 'x');
		expect((await apply(empty, {})).frame.rowCount).toBe(0);
		await expect(apply(sampleDataset('seattle-weather'), { column: 'wind' })).rejects.toThrow(/column "wind" is number/);
		await expect(apply(sampleDataset('seattle-weather'), { column: '' })).rejects.toThrow(/choose a date column/);
	});
});
