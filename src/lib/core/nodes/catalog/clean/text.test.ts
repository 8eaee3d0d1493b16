import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import type { FactsReport } from '../../reports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import { categoryOf } from './labels';
import text from './text';

const ctx = testContext();
type Cat = Extract<Column, { kind: 'category' }>;

async function run(input: DatasetValue, params: Record<string, unknown>) {
	const out = await text.run!({ data: input }, { columns: [], trim: true, collapse: true, case: 'none', ...params } as never, ctx);
	return { data: out.data as DatasetValue, report: (out.report as { report: FactsReport }).report };
}
const labels = (col: Column) => (col.kind === 'category' ? Array.from(col.codes, (c) => (c < 0 ? null : col.dictionary[c])) : null);

describe('clean.text', () => {
	it('is in the catalog', () => {
		expect(registry.get('clean.text')).toBe(text);
	});

	it('trims, collapses inner whitespace and lower-cases text like pandas str methods', async () => {
		const raw = ['  Hello   World ', 'PARIS', ' paris', 'a\tb', null];
		const d = datasetOf({ columns: [{ kind: 'text', name: 't', values: raw }], rowCount: 5 }, 't');
		const { data: out, report } = await run(d, { case: 'lower' });
		// /usr/bin/python3: s.str.strip().str.replace(r'\s+', ' ', regex=True).str.lower()
		// → ['hello world', 'paris', 'paris', 'a b', None]
		expect((getColumn(out.frame, 't') as Extract<Column, { kind: 'text' }>).values).toEqual(['hello world', 'paris', 'paris', 'a b', null]);
		expect(report.facts).toEqual([{ label: 't: values changed', value: 4 }]);
	});

	it('merges category labels that become equal into one code, with a rebuilt sorted dictionary', async () => {
		const col = categoryOf('city', [' Paris', 'paris', 'LONDON ', null, 'London', 'Paris']);
		const d = datasetOf({ columns: [col], rowCount: 6 }, 't');
		const { data: out, report } = await run(d, { case: 'upper' });
		const cat = getColumn(out.frame, 'city') as Cat;
		expect(cat.dictionary).toEqual(['LONDON', 'PARIS']);
		expect(Array.from(cat.codes)).toEqual([1, 1, 0, -1, 0, 1]);
		expect(report.facts).toEqual([{ label: 'city: categories merged', value: 3 }]);
		// Only trim: no case change, so 'Paris' and 'paris' stay apart.
		const trimmed = getColumn((await run(d, { collapse: false })).data.frame, 'city') as Cat;
		expect(trimmed.dictionary).toEqual(['London', 'LONDON', 'Paris', 'paris'].sort());
		expect(labels(trimmed)).toEqual(['Paris', 'paris', 'LONDON', null, 'London', 'Paris']);
	});

	it('lower-cases a real category (penguins Sex: 168 male, 165 female, 10 missing, 1 ".")', async () => {
		const penguins = sampleDataset('penguins');
		const { data: out } = await run(penguins, { columns: ['Sex'], case: 'lower' });
		const sex = labels(getColumn(out.frame, 'Sex'))!;
		// /usr/bin/python3: p['Sex'].str.lower().value_counts(dropna=False) → male 168, female 165, NaN 10, '.' 1
		const count = (v: string | null) => sex.filter((s) => s === v).length;
		expect([count('male'), count('female'), count(null), count('.')]).toEqual([168, 165, 10, 1]);
		// Default columns: every text/category column but the target; Species is the target here.
		const withTarget = { ...penguins, target: 'Species' };
		const all = (await run(withTarget, { case: 'upper' })).data;
		expect(getColumn(all.frame, 'Species')).toBe(getColumn(penguins.frame, 'Species'));
		expect((getColumn(all.frame, 'Island') as Cat).dictionary).toEqual(['BISCOE', 'DREAM', 'TORGERSEN']);
	});

	it('handles an empty dataset and refuses a number column by name', async () => {
		const empty = datasetOf({ columns: [{ kind: 'text', name: 't', values: [] }], rowCount: 0 }, 't');
		expect((await run(empty, {})).data.frame.rowCount).toBe(0);
		await expect(run(sampleDataset('penguins'), { columns: ['Body Mass (g)'] })).rejects.toThrow(/"Body Mass \(g\)" is number/);
	});
});
