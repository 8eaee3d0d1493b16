import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../readers/csv';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import type { FactsReport } from '../../reports';
import { registry, sampleText, testContext } from '../../test-kit';
import duplicates from './duplicates';

const ctx = testContext();

/** Penguins plus five copied rows: data rows 0, 3 (all measurements missing), 51, 200, and 0 again. */
function penguinsWithCopies(): DatasetValue {
	const lines = sampleText('penguins').trimEnd().split('\n');
	const text = [...lines, lines[1], lines[4], lines[52], lines[201], lines[1]].join('\n');
	return datasetOf(readCsv(text), 'dups');
}

async function dedupe(data: DatasetValue, columns: string[] = []) {
	const out = await duplicates.run!({ data }, { columns } as never, ctx);
	return { data: out.data as DatasetValue, report: (out.report as { report: FactsReport }).report };
}

/** Row numbers (in the input) of the rows kept, found through an added row-number column. */
function keptRows(data: DatasetValue, columns: string[]): Promise<number[]> {
	const id: Column = { kind: 'number', name: 'row', values: Float64Array.from({ length: data.frame.rowCount }, (_, i) => i) };
	const chosen = columns.length ? columns : data.frame.columns.map((c) => c.name);
	const tagged = { ...data, frame: { ...data.frame, columns: [...data.frame.columns, id] } };
	return dedupe(tagged, chosen).then(({ data: out }) =>
		Array.from((getColumn(out.frame, 'row') as Extract<Column, { kind: 'number' }>).values)
	);
}

describe('clean.duplicates', () => {
	it('is registered', () => {
		expect(registry.get('clean.duplicates')).toBe(duplicates);
	});

	it('over all columns matches pandas drop_duplicates(keep="first"), missing values equal', async () => {
		// /usr/bin/python3: df = penguins + rows 0, 3, 51, 200, 0 appended;
		// df.drop_duplicates(keep='first') → 344 rows; dropped index [344, 345, 346, 347, 348]
		const data = penguinsWithCopies();
		const { data: out, report } = await dedupe(data);
		expect(out.frame.rowCount).toBe(344);
		expect(report.facts).toEqual([
			{ label: 'Rows before', value: 349 },
			{ label: 'Duplicates removed', value: 5 },
			{ label: 'Rows after', value: 344 }
		]);
		expect(await keptRows(data, [])).toEqual(Array.from({ length: 344 }, (_, i) => i));
	});

	it('over a subset matches pandas drop_duplicates(subset=[Species, Island, Sex])', async () => {
		// /usr/bin/python3: df.drop_duplicates(subset=['Species','Island','Sex'], keep='first').index
		const pandas = [0, 1, 3, 20, 21, 30, 31, 47, 152, 153, 220, 221, 246, 336];
		expect(await keptRows(penguinsWithCopies(), ['Species', 'Island', 'Sex'])).toEqual(pandas);
	});

	it('keeps the role of the first occurrence, and handles text, booleans and empty input', async () => {
		const frame = readCsv('name,flag,x\nann,true,1\nbob,false,\nann,true,1\n,false,\n,false,\nbob,false,\n');
		const roles = Uint8Array.from([1, 3, 2, 2, 1, 1]);
		const { data: out, report } = await dedupe({ ...datasetOf(frame, 't'), roles });
		// rows 2 (copy of 0) and 4 (copy of 3, missing name) and 5 (copy of 1) go
		expect(Array.from(out.roles!)).toEqual([1, 3, 2]);
		expect(report.facts[1].value).toBe(3);
		const empty = await dedupe(datasetOf(readCsv('a,b\n'), 'e'));
		expect(empty.data.frame.rowCount).toBe(0);
	});

	it('names a column that does not exist', async () => {
		await expect(dedupe(penguinsWithCopies(), ['Nope'])).rejects.toThrow(/column "Nope" does not exist/);
	});
});
