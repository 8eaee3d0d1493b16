import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../readers/csv';
import { dateParser } from '../../../frame/date-format';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import schema from './schema';
import { parseOverrides } from './schema-overrides';
import type { FactsReport } from '../../reports';

const ctx = testContext();
const CSV = 'id,age,zip,signup,notes,member\n1,34,02134,29/02/2024,hi,1\n2,n/a,10001,01/12/1999,yo,0\n3,51,02134,31/02/2024,,1\n';
const data = () => datasetOf(readCsv(CSV), 'test');

async function fitApply(d: DatasetValue, overrides: string) {
	const params = { overrides };
	const state = await schema.step!.fit(d, params, ctx);
	return { state, out: schema.step!.apply(d, state, params), report: schema.step!.report!(d, d, state, params) };
}

describe('io.schema', () => {
	it('is registered', () => {
		expect(registry.get('io.schema')).toBe(schema);
	});

	it('overrides kinds, parses dates with a format, drops ignored columns and keeps identifiers as text', async () => {
		const { out, report } = await fitApply(
			data(),
			'age: number; zip: category; signup: date(DD/MM/YYYY); notes: ignore\nid: identifier; member: boolean'
		);
		const f = out.frame;
		expect(f.columns.map((c) => [c.name, c.kind])).toEqual([
			['id', 'text'],
			['age', 'number'],
			['zip', 'category'],
			['signup', 'date'],
			['member', 'boolean']
		]);
		expect(getColumn(f, 'id')).toMatchObject({ values: ['1', '2', '3'] });
		expect(Array.from((getColumn(f, 'age') as Extract<Column, { kind: 'number' }>).values)).toEqual([34, NaN, 51]);
		// zip was inferred as a number (02134 → 2134); as a category it keeps the number's text
		expect(getColumn(f, 'zip')).toMatchObject({ dictionary: ['10001', '2134'] });
		// pd.to_datetime(['29/02/2024','01/12/1999'], format='%d/%m/%Y').astype('int64')//10**6 → [1709164800000, 944006400000]
		expect(Array.from((getColumn(f, 'signup') as Extract<Column, { kind: 'date' }>).values)).toEqual([1709164800000, 944006400000, NaN]);
		expect(Array.from((getColumn(f, 'member') as Extract<Column, { kind: 'boolean' }>).codes)).toEqual([1, 0, 1]);
		expect(report.report).toMatchObject({ type: 'facts' });
		const facts = (report.report as FactsReport).facts as { label: string; value: string }[];
		expect(facts.find((x) => x.label === 'signup')?.value).toMatch(/1 cells did not fit/);
		expect(facts.find((x) => x.label === 'notes')?.value).toBe('dropped');
	});

	it('replays on raw new rows (Predict) and skips columns the new rows lack', async () => {
		const { state } = await fitApply(data(), 'zip: category; signup: date(DD/MM/YYYY)');
		const fresh = datasetOf(readCsv('zip,age\n99999,3\n'), 'new');
		const out = schema.step!.apply(fresh, state, { overrides: '' });
		expect(getColumn(out.frame, 'zip')).toMatchObject({ kind: 'category', dictionary: ['99999'] });
		expect(out.frame.columns.map((c) => c.name)).toEqual(['zip', 'age']);
	});

	it('works on a real sample and with no overrides at all', async () => {
		const penguins = sampleDataset('penguins');
		const { out } = await fitApply(penguins, '');
		expect(out.frame).toEqual(penguins.frame);
		const { out: ids } = await fitApply(penguins, 'Island: identifier');
		expect(getColumn(ids.frame, 'Island').kind).toBe('text');
	});

	it('names the entry or the column that is wrong', async () => {
		await expect(fitApply(data(), 'age: number; nope: category')).rejects.toThrow(/column "nope" does not exist/);
		expect(() => parseOverrides('age: number; zip categorical')).toThrow(/entry 2 \("zip categorical"\): write it as "column: kind"/);
		expect(() => parseOverrides('age: numeric')).toThrow(/entry 1 .*unknown kind "numeric"/);
		expect(() => parseOverrides('a: date(MM/YYYY)')).toThrow(/entry 1 .*needs a year .* and a day/);
		expect(() => parseOverrides('a: number(3)')).toThrow(/only date takes a format/);
		expect(() => parseOverrides('a: number; a: text')).toThrow(/named twice/);
	});

	it('keeps odd column names: a colon in the name, __proto__', () => {
		expect(parseOverrides('time: start: date(YYYY-MM-DD HH:mm); __proto__: Text')).toEqual([
			{ column: 'time: start', kind: 'date', format: 'YYYY-MM-DD HH:mm' },
			{ column: '__proto__', kind: 'text', format: '' }
		]);
	});
});

describe('date formats', () => {
	it('reads two-digit years and one-digit fields as strptime does', () => {
		// pd.to_datetime(['05/03/24 7:05'], format='%d/%m/%y %H:%M').astype('int64')//10**6 → [1709622300000]
		expect(dateParser('DD/MM/YY H:mm')('05/03/24 7:05')).toBe(1709622300000);
		expect(dateParser('D.M.YYYY')('1.2.0050')).toBe(new Date('0050-02-01T00:00:00Z').getTime());
		expect(dateParser('YYYY-MM-DD')('2023-02-29')).toBeNaN();
		expect(dateParser('YYYY-MM-DD')('2023-02-28x')).toBeNaN();
	});
});
