import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../../../engine/recipe';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import type { DatasetValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import derive from './derive';

const ctx = testContext();
type Num = Extract<Column, { kind: 'number' }>;

async function derived(sample: string, name: string, expression: string): Promise<DatasetValue> {
	const data = sampleDataset(sample);
	const state = await derive.step!.fit(data, { name, expression }, ctx);
	return derive.step!.apply(data, state, { name, expression });
}
async function column(sample: string, expression: string): Promise<Column> {
	return getColumn((await derived(sample, 'out', expression)).frame, 'out');
}
const numbers = async (sample: string, expression: string) => ((await column(sample, expression)) as Num).values;
const nansum = (v: Float64Array) => v.reduce((a, b) => (Number.isNaN(b) ? a : a + b), 0);
const missing = (v: Float64Array) => v.filter(Number.isNaN).length;

describe('features.derive on penguins (values from pandas)', () => {
	// /usr/bin/python3: df = pd.read_csv('static/samples/penguins.csv'); columns renamed bl, bd, fl, bm
	it('a ratio: r = df.bl / df.bd', async () => {
		const r = await numbers('penguins', '`Beak Length (mm)` / [Beak Depth (mm)]');
		// np.nansum(r) → 891.1317900631311; r.isna().sum() → 2; r.iloc[[0,1,2,4,100,343]]
		expect(nansum(r)).toBeCloseTo(891.1317900631311, 9);
		expect(missing(r)).toBe(2);
		const at = [0, 1, 2, 4, 100, 343].map((i) => r[i]);
		[2.0909090909090913, 2.270114942528736, 2.238888888888889, 1.9015544041450778, 1.9553072625698324, 3.0993788819875774].forEach((e, i) =>
			expect(at[i]).toBeCloseTo(e, 12)
		);
	});

	it('functions and powers: np.log(df.bm) + df.fl ** 2 / 1000', async () => {
		const x = await numbers('penguins', 'log(`Body Mass (g)`) + `Flipper Length (mm)` ^ 2 / 1000');
		// np.nansum(x) → 16720.23291331791; x.iloc[:3] → [40.99051111896446, 42.83875634571447, 46.11141027532378]
		expect(nansum(x)).toBeCloseTo(16720.23291331791, 8);
		expect(x[0]).toBeCloseTo(40.99051111896446, 12);
		expect(x[1]).toBeCloseTo(42.83875634571447, 12);
		expect(x[2]).toBeCloseTo(46.11141027532378, 12);
	});

	it('round half to even: np.nansum(np.round(df.bm / 1000, 1)) → 1437.1', async () => {
		expect(nansum(await numbers('penguins', 'round(`Body Mass (g)` / 1000, 1)'))).toBeCloseTo(1437.1, 9);
	});

	it('a text result from categories and literals becomes a category column', async () => {
		const col = await column('penguins', "if(`Body Mass (g)` > 4000, 'heavy', 'light')");
		expect(col.kind).toBe('category');
		const c = col as Extract<Column, { kind: 'category' }>;
		expect(c.dictionary).toEqual(['heavy', 'light']);
		// (df.bm > 4000).sum() → 172; the two rows without a mass are 'light' (a missing condition takes the else branch)
		expect(c.codes.filter((k) => k === 0).length).toBe(172);
		expect(c.codes.filter((k) => k === 1).length).toBe(172);
		expect((await column('penguins', '`Body Mass (g)` > 4000')).kind).toBe('boolean');
	});

	it('replaces a column of the same name in place, or appends a new one', async () => {
		const data = await derived('penguins', 'Body Mass (g)', '[Body Mass (g)] / 1000');
		const names = sampleDataset('penguins').frame.columns.map((c) => c.name);
		expect(data.frame.columns.map((c) => c.name)).toEqual(names);
		expect((getColumn(data.frame, 'Body Mass (g)') as Num).values[0]).toBe(3.75);
		const added = await derived('penguins', 'kg', '[Body Mass (g)] / 1000');
		expect(added.frame.columns.map((c) => c.name)).toEqual([...names, 'kg']);
	});
});

describe('features.derive on seattle-weather: dates and text', () => {
	// w = pd.read_csv('static/samples/seattle-weather.csv', parse_dates=['date']); d = w.date
	it.each([
		['year(date)', 2941722], // d.dt.year.sum()
		['month(date)', 9530], // d.dt.month.sum()
		['day(date)', 22981], // d.dt.day.sum()
		['weekday(date)', 4380], // d.dt.weekday.sum() (Monday = 0)
		['hour(date)', 0], // d.dt.hour.sum()
		["datediff(date, '2012-01-01')", 1066530], // ((d - pd.Timestamp('2012-01-01')) / pd.Timedelta(days=1)).sum()
		['length(weather)', 5262], // w.weather.str.len().sum()
		["if(contains(weather, 'rain'), 1, 0)", 641] // w.weather.str.contains('rain', regex=False).sum()
	])('sum of %s = %i', async (expression, expected) => {
		expect(nansum(await numbers('seattle-weather', expression))).toBe(expected);
	});

	it('a date result stays a date column', async () => {
		const col = await column('seattle-weather', "if(year(date) = 2012, date, '2013-01-01')");
		expect(col.kind).toBe('date');
		expect((col as Extract<Column, { kind: 'date' }>).values[1460]).toBe(Date.UTC(2013, 0, 1));
	});
});

describe('features.derive in a recipe', () => {
	it('replays on raw rows, as Predict does, and fails clearly on a frame without the column', async () => {
		const params = { name: 'ratio', expression: '`Beak Length (mm)` / `Beak Depth (mm)`' };
		const recipe = [{ type: 'features.derive', version: 1, params, state: null }];
		const raw = sampleDataset('penguins');
		const replayed = applyRecipe(registry, raw, recipe);
		expect((getColumn(replayed.frame, 'ratio') as Num).values[0]).toBeCloseTo(2.0909090909090913, 12);
		const iris = sampleDataset('iris');
		expect(() => applyRecipe(registry, iris, recipe)).toThrow(/position 1: unknown column "Beak Length \(mm\)"/);
	});

	it('asks for a name and a formula', async () => {
		await expect(derived('penguins', ' ', '1')).rejects.toThrow(/give the new column a name/);
		await expect(derived('penguins', 'x', '')).rejects.toThrow(/write a formula/);
	});
});
