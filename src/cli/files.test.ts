import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { loadCsvFile } from './files';

const dir = mkdtempSync(join(tmpdir(), 'tessera-files-'));

describe('the CLI reads the same formats as the studio', () => {
	it('NDJSON, a Latin-1 semicolon file with decimal commas, by extension or content', async () => {
		const nd = join(dir, 'rows.ndjson');
		writeFileSync(nd, '{"a": 1, "b": "x"}\n{"a": 2.5, "b": "y"}\n');
		const json = await loadCsvFile(nd);
		expect(json.name).toBe('rows');
		expect(json.frame.rowCount).toBe(2);
		expect(json.frame.columns.map((c) => c.kind)).toEqual(['number', 'category']);

		const latin = join(dir, 'export.csv');
		writeFileSync(latin, Buffer.from('name;score\nRen\xe9;1,5\nJ\xfcrgen;2,25\n', 'latin1'));
		const csv = await loadCsvFile(latin);
		expect(csv.frame.columns[1]).toMatchObject({ kind: 'number', values: Float64Array.from([1.5, 2.25]) });

		const noExt = join(dir, 'rows');
		writeFileSync(noExt, '[{"a": 1}, {"a": 2}]');
		expect((await loadCsvFile(noExt)).frame.columns[0]).toMatchObject({ kind: 'number' });
	});

	it('a malformed JSON line is a usage error naming the line', async () => {
		const bad = join(dir, 'bad.jsonl');
		writeFileSync(bad, '{"a": 1}\n{"a": }\n');
		await expect(loadCsvFile(bad)).rejects.toThrow(UsageError);
		await expect(loadCsvFile(bad)).rejects.toThrow(/bad\.jsonl: line 2: not valid JSON/);
	});
});
