import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dropKindOf, dropKindOfFile } from './drops';

const ROOT = join(__dirname, '..', '..', '..');
const file = (name: string, bytes: Uint8Array) => Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name });

describe('what a dropped file is', () => {
	it('a pipeline file by its format line, other JSON as data', async () => {
		const pipeline = readFileSync(join(ROOT, 'e2e', 'fixtures', 'pipeline-v2.json'));
		expect(await dropKindOfFile(file('teammate.json', pipeline))).toEqual({ kind: 'pipeline' });
		expect(dropKindOf('rows.json', strToU8('[{"a":1}]'), null)).toEqual({ kind: 'data' });
		expect(dropKindOf('rows.ndjson', strToU8('{"a":1}\n'), null)).toEqual({ kind: 'data' });
	});

	it('CSV, Parquet and Arrow files are data', async () => {
		expect(await dropKindOfFile(file('penguins.csv', readFileSync(join(ROOT, 'static', 'samples', 'penguins.csv'))))).toEqual({
			kind: 'data'
		});
		expect(dropKindOf('x.parquet', strToU8('PAR1'), null)).toEqual({ kind: 'data' });
		expect(dropKindOf('x.arrow', strToU8('ARROW1'), null)).toEqual({ kind: 'data' });
	});

	it('zips: a bundle by its manifest, images by their entries, a model file sent to the Models page', async () => {
		expect(
			await dropKindOfFile(file('b.zip', zipSync({ 'manifest.json': strToU8('{}'), 'pipeline.tessera.json': strToU8('{}') })))
		).toEqual({
			kind: 'bundle'
		});
		expect(await dropKindOfFile(file('digits.zip', readFileSync(join(ROOT, 'static', 'samples', 'digits.zip'))))).toEqual({
			kind: 'images'
		});
		const model = await dropKindOfFile(
			file('m.tessera-model', zipSync({ 'manifest.json': strToU8('{}'), 'model.json': strToU8('{}'), 'arrays.bin': new Uint8Array(1) }))
		);
		expect(model).toEqual({ kind: 'unusable', why: 'it is a model file: import it on the Models page (Import model file)' });
		expect((await dropKindOfFile(file('notes.zip', zipSync({ 'a.txt': strToU8('x') })))).kind).toBe('unusable');
	});

	it('says why anything else is not used', () => {
		expect(dropKindOf('report.pdf', strToU8('%PDF-1.7'), null)).toEqual({
			kind: 'unusable',
			why: 'Tessera does not read .pdf files (it reads pipeline files, bundles, CSV, TSV, JSON, Parquet, Arrow, and image zips or folders)'
		});
		expect(dropKindOf('cat.png', new Uint8Array([0x89, 0x50]), null)).toEqual({
			kind: 'unusable',
			why: 'a single image is not a dataset: drop the folder of class folders, or a zip of it'
		});
	});
});
