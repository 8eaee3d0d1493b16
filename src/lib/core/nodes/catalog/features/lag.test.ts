import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import { takeRows } from '../../../frame/verbs';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import { sampleDataset, testContext } from '../../test-kit';
import lag from './lag';

const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const sum = (v: Float64Array) => v.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
const gaps = (v: Float64Array) => v.filter(Number.isNaN).length;

async function apply(data: DatasetValue, params: Record<string, unknown>) {
	const full = {
		columns: ['temp_max'],
		orderBy: 'date',
		groupBy: '',
		lag: 1,
		window: 3,
		mean: false,
		sum: false,
		min: false,
		max: false,
		...params
	} as never;
	const state = await lag.step!.fit(data, full, testContext());
	return lag.step!.apply(data, state, full);
}

/** seattle-weather with its rows reversed, so only the time column can put them back in order. */
function reversed(): DatasetValue {
	const data = sampleDataset('seattle-weather');
	const n = data.frame.rowCount;
	return {
		...data,
		frame: takeRows(
			data.frame,
			Uint32Array.from({ length: n }, (_, i) => n - 1 - i)
		)
	};
}

// Reference: /usr/bin/python3, pandas 1.5.3
//   s = pd.read_csv('static/samples/seattle-weather.csv', parse_dates=['date']).sort_values('date', kind='stable')
describe('Lag and rolling window', () => {
	it('matches shift(n) and shift(1).rolling(w).mean() along the time column', async () => {
		const out = await apply(reversed(), { lag: 2, window: 7, mean: true });
		// a = s['temp_max'].shift(2); b = s['temp_max'].shift(1).rolling(7).mean(); a.sum(), a.isna().sum(), b.sum(), b.isna().sum(), b.loc[10]
		// → 24006.300000000003 2 23961.614285714288 7 8.314285714285715
		const a = num(getColumn(out.frame, 'temp_max_lag2'));
		const b = num(getColumn(out.frame, 'temp_max_roll7_mean'));
		expect(sum(a)).toBeCloseTo(24006.3, 8);
		expect(gaps(a)).toBe(2);
		expect(sum(b)).toBeCloseTo(23961.614285714288, 8);
		expect(gaps(b)).toBe(7);
		expect(b[1460 - 10]).toBeCloseTo(8.314285714285715, 10); // file row 10, now at the mirrored position
	});

	it('keeps one history per group: groupby("weather") shift(1) and shift(1).rolling(3) max / sum / min', async () => {
		const out = await apply(sampleDataset('seattle-weather'), { groupBy: 'weather', lag: 1, window: 3, max: true, sum: true, min: true });
		// g = s.groupby('weather')['temp_max']; c = g.shift(1); d = g.transform(lambda x: x.shift(1).rolling(3).max()); same for sum, min
		// c.sum(), c.isna().sum(), d.sum(), d.isna().sum(), e.sum(), f.sum(), d.loc[100], c.loc[100]
		// → 23977.0 5 26970.7 15 71596.90000000001 20901.9 11.7 11.1
		const c = num(getColumn(out.frame, 'temp_max_lag1'));
		const d = num(getColumn(out.frame, 'temp_max_roll3_max'));
		expect(sum(c)).toBeCloseTo(23977.0, 8);
		expect(gaps(c)).toBe(5);
		expect(sum(d)).toBeCloseTo(26970.7, 8);
		expect(gaps(d)).toBe(15);
		expect(sum(num(getColumn(out.frame, 'temp_max_roll3_sum')))).toBeCloseTo(71596.9, 7);
		expect(sum(num(getColumn(out.frame, 'temp_max_roll3_min')))).toBeCloseTo(20901.9, 8);
		expect([d[100], c[100]]).toEqual([11.7, 11.1]);
	});

	it('excludes the present, follows file order without a time column, and leaves gaps missing', async () => {
		const frame = { rowCount: 5, columns: [{ kind: 'number' as const, name: 'x', values: Float64Array.of(1, 2, NaN, 4, 5) }] };
		const out = await apply(datasetOf(frame, 'x'), { columns: [], orderBy: '', lag: 1, window: 2, mean: true });
		expect(Array.from(num(getColumn(out.frame, 'x_lag1')))).toEqual([NaN, 1, 2, NaN, 4]);
		// Row 2's window is rows 0–1 (mean 1.5), never row 2 itself; windows touching the gap are missing.
		expect(Array.from(num(getColumn(out.frame, 'x_roll2_mean')))).toEqual([NaN, NaN, 1.5, NaN, NaN]);
		const empty = { rowCount: 0, columns: [{ kind: 'number' as const, name: 'x', values: new Float64Array(0) }] };
		expect((await apply(datasetOf(empty, 'x'), { columns: [], orderBy: '', mean: true })).frame.columns.map((c) => c.name)).toEqual([
			'x',
			'x_lag1',
			'x_roll3_mean'
		]);
		await expect(apply(sampleDataset('seattle-weather'), { orderBy: 'weather' })).rejects.toThrow(
			/column "weather" is category; order by a date/
		);
	});
});
