import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import type { FactsReport } from '../../reports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import convert from './convert';
import { compileDateFormat, parseWithFormat } from './date-format';

const ctx = testContext();
const text = (name: string, values: (string | null)[]): Column => ({ kind: 'text', name, values });
const data = (...columns: Column[]): DatasetValue =>
	datasetOf({ columns, rowCount: columns[0].kind === 'text' ? columns[0].values.length : 0 }, 'test');

async function run(input: DatasetValue, params: Record<string, unknown>) {
	const out = await convert.run!({ data: input }, { columns: [], to: 'number', format: '', decimalComma: false, ...params } as never, ctx);
	return { data: out.data as DatasetValue, report: (out.report as { report: FactsReport }).report };
}
const values = (d: DatasetValue, name: string) => Array.from((getColumn(d.frame, name) as { values: Float64Array }).values);
const nullNaN = (xs: number[]) => xs.map((x) => (Number.isNaN(x) ? null : x));

describe('clean.convert', () => {
	it('is in the catalog', () => {
		expect(registry.get('clean.convert')).toBe(convert);
	});

	it('reads numbers as pandas does; unreadable text becomes missing and is counted', async () => {
		const { data: d, report } = await run(data(text('v', ['1.5', '-2e3', ' 7 ', 'x', '1,5', '0.1', null, 'NA'])), { columns: ['v'] });
		// /usr/bin/python3: pd.to_numeric(pd.Series(['1.5','-2e3',' 7 ','x','1,5','0.1']).str.strip(), errors='coerce')
		// → [1.5, -2000.0, 7.0, nan, nan, 0.1]; the last two cells were missing already.
		expect(nullNaN(values(d, 'v'))).toEqual([1.5, -2000, 7, null, null, 0.1, null, null]);
		expect(getColumn(d.frame, 'v').kind).toBe('number');
		expect(report.facts).toEqual([
			{ label: 'v: unreadable → missing', value: 2 },
			{ label: 'v: first unreadable value', value: 'x' }
		]);
	});

	it('reads a decimal comma', async () => {
		const { data: d, report } = await run(data(text('v', ['3,5', '-0,25', '12', '1e3', '1.000,5'])), {
			columns: ['v'],
			decimalComma: true
		});
		// /usr/bin/python3: pd.read_csv(io.StringIO('v\n3,5\n-0,25\n12\n1e3\n'), sep=';', decimal=',')['v'] → [3.5, -0.25, 12.0, 1000.0]
		expect(nullNaN(values(d, 'v'))).toEqual([3.5, -0.25, 12, 1000, null]);
		expect(report.facts[0].value).toBe(1);
	});

	it('parses DD/MM/YYYY as UTC like pd.to_datetime(format="%d/%m/%Y")', async () => {
		const raw = ['31/01/2024', '1/2/2020', '29/02/2023', 'abc', '15/08/1999', '29/02/2024'];
		const { data: d, report } = await run(data(text('d', raw)), { columns: ['d'], to: 'date', format: 'DD/MM/YYYY' });
		// /usr/bin/python3: pd.to_datetime(pd.Series(raw), format='%d/%m/%Y', errors='coerce') as epoch ms
		expect(nullNaN(values(d, 'd'))).toEqual([1706659200000, 1580515200000, null, null, 934675200000, 1709164800000]);
		expect(getColumn(d.frame, 'd').kind).toBe('date');
		expect(report.facts).toContainEqual({ label: 'd: unreadable → missing', value: 2 });
		expect(report.facts).toContainEqual({ label: 'd: first unreadable value', value: '29/02/2023' });
	});

	it('parses MM/DD/YYYY HH:mm, and YYYYMMDD digits held in a number column', async () => {
		const { data: d } = await run(data(text('t', ['01/31/2024 08:30', '12/25/2023 23:59', '13/01/2024 00:00', '1/5/1969 7:05'])), {
			columns: ['t'],
			to: 'date',
			format: 'MM/DD/YYYY HH:mm'
		});
		// /usr/bin/python3: pd.to_datetime(..., format='%m/%d/%Y %H:%M', errors='coerce') as epoch ms
		expect(nullNaN(values(d, 't'))).toEqual([1706689800000, 1703548740000, null, -31164900000]);
		const numbers: Column = { kind: 'number', name: 'n', values: Float64Array.from([20240131, 19991231, 20231301]) };
		const { data: e } = await run(datasetOf({ columns: [numbers], rowCount: 3 }, 't'), { columns: ['n'], to: 'date', format: 'YYYYMMDD' });
		// /usr/bin/python3: pd.to_datetime(pd.Series(['20240131','19991231','20231301']), format='%Y%m%d', errors='coerce')
		expect(nullNaN(values(e, 'n'))).toEqual([1706659200000, 946598400000, null]);
	});

	it("reads a real file's dates with a format as pandas does (seattle-weather, 1461 days)", async () => {
		const weather = sampleDataset('seattle-weather');
		const asText = (await run(weather, { columns: ['date'], to: 'text' })).data;
		expect(getColumn(asText.frame, 'date').kind).toBe('text');
		const { data: d, report } = await run(asText, { columns: ['date'], to: 'date', format: 'YYYY-MM-DD' });
		const v = values(d, 'date');
		// /usr/bin/python3: d = pd.to_datetime(df['date'], format='%Y-%m-%d'); first, last, sum of epoch ms
		expect([v.length, v[0], v[v.length - 1], v.reduce((a, b) => a + b, 0)]).toEqual([1461, 1325376000000, 1451520000000, 2028522528000000]);
		expect(report.facts).toEqual([{ label: 'date: unreadable → missing', value: 0 }]);
	});

	it('converts to boolean from true/false/yes/no/1/0 and to category with a sorted dictionary', async () => {
		const { data: d, report } = await run(data(text('b', ['TRUE', 'no', '1', ' 0 ', 'Yes', 'maybe', null])), {
			columns: ['b'],
			to: 'boolean'
		});
		const b = getColumn(d.frame, 'b') as Extract<Column, { kind: 'boolean' }>;
		expect(Array.from(b.codes)).toEqual([1, 0, 1, 0, 1, -1, -1]);
		expect(report.facts[0].value).toBe(1);
		const { data: c } = await run(data(text('c', ['b', 'a', null, 'b'])), { columns: ['c'], to: 'category' });
		const cat = getColumn(c.frame, 'c') as Extract<Column, { kind: 'category' }>;
		expect(cat.dictionary).toEqual(['a', 'b']);
		expect(Array.from(cat.codes)).toEqual([1, 0, -1, 1]);
	});

	it('turns a category into numbers and back to text on real data (penguins Sex)', async () => {
		const penguins = sampleDataset('penguins');
		const { data: d, report } = await run(penguins, { columns: ['Sex', 'Body Mass (g)'], to: 'text' });
		const sex = getColumn(d.frame, 'Sex') as Extract<Column, { kind: 'text' }>;
		expect(sex.values.filter((s) => s === 'MALE').length).toBe(168); // pandas value_counts: MALE 168
		expect((getColumn(d.frame, 'Body Mass (g)') as Extract<Column, { kind: 'text' }>).values[0]).toBe('3750');
		expect(report.title).toBe('Converted 2 columns to text');
		// Column order and the other columns are untouched.
		expect(d.frame.columns.map((c) => c.name)).toEqual(penguins.frame.columns.map((c) => c.name));
		expect(getColumn(d.frame, 'Species')).toBe(getColumn(penguins.frame, 'Species'));
	});

	it('dates and booleans become epoch ms and 0/1 as numbers; kept kinds pass through', async () => {
		const date: Column = { kind: 'date', name: 'd', values: Float64Array.from([0, NaN, 86_400_000]) };
		const flag: Column = { kind: 'boolean', name: 'f', codes: Int32Array.from([1, -1, 0]) };
		const { data: d } = await run(datasetOf({ columns: [date, flag], rowCount: 3 }, 't'), { columns: ['d', 'f'], to: 'number' });
		expect(nullNaN(values(d, 'd'))).toEqual([0, null, 86_400_000]);
		expect(nullNaN(values(d, 'f'))).toEqual([1, null, 0]);
		const { data: same } = await run(datasetOf({ columns: [date], rowCount: 3 }, 't'), { columns: ['d'], to: 'date' });
		expect(getColumn(same.frame, 'd')).toBe(date);
	});

	it('handles an empty dataset', async () => {
		const { data: d } = await run(data(text('v', [])), { columns: ['v'], to: 'date', format: 'DD.MM.YYYY' });
		expect(d.frame.rowCount).toBe(0);
		expect(getColumn(d.frame, 'v').kind).toBe('date');
	});

	it('says what to do: no columns, an unknown column, a bad format, date to boolean', async () => {
		const d = data(text('v', ['1']));
		await expect(run(d, {})).rejects.toThrow(/choose the columns to convert/);
		await expect(run(d, { columns: ['w'] })).rejects.toThrow(/column "w" does not exist/);
		await expect(run(d, { columns: ['v'], to: 'date', format: 'DD/MM' })).rejects.toThrow(/needs YYYY/);
		await expect(run(d, { columns: ['v'], to: 'date', format: 'YYYY-MM-MM' })).rejects.toThrow(/MM twice/);
		const date: Column = { kind: 'date', name: 'when', values: Float64Array.from([0]) };
		await expect(run(datasetOf({ columns: [date], rowCount: 1 }, 't'), { columns: ['when'], to: 'boolean' })).rejects.toThrow(
			/"when" is date/
		);
	});
});

describe('date formats', () => {
	it('matches literals exactly and checks ranges', () => {
		const f = compileDateFormat('YYYY-MM-DDTHH:mm:ss');
		expect(parseWithFormat('2024-01-31T08:30:15', f)).toBe(Date.UTC(2024, 0, 31, 8, 30, 15));
		expect(parseWithFormat('2024-01-31 08:30:15', f)).toBeNaN();
		expect(parseWithFormat('2024-01-31T24:00:00', f)).toBeNaN();
		expect(parseWithFormat('2024-01-31T08:30:15Z', f)).toBeNaN();
		expect(parseWithFormat('0050-03-01T00:00:00', f)).toBe(new Date('0050-03-01T00:00:00Z').getTime());
		expect(parseWithFormat('2024-06', compileDateFormat('YYYY-MM'))).toBe(Date.UTC(2024, 5, 1));
	});
});
