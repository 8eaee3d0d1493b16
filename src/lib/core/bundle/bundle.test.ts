import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDocument, serialiseDocument } from '../doc/serialise';
import type { PipelineDocument } from '../doc/types';
import type { Frame } from '../frame/types';
import { registry, SAMPLES } from '../nodes/test-kit';
import { datasetHash } from '../readers/import-options';
import { readTableBytes } from '../readers/readers';
import { BundleError, MANIFEST_PATH, PIPELINE_PATH, README_PATH, unsafeEntryName } from './format';
import { frameCsv } from './frame-csv';
import { packBundle } from './pack';
import { storedSources } from './sources';
import { unpackBundle } from './unpack';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures');

async function readSample(file: string): Promise<{ bytes: Uint8Array; frame: Frame; hash: string }> {
	const bytes = new Uint8Array(readFileSync(join(SAMPLES, file)));
	return { bytes, frame: await readTableBytes(bytes, { fileName: file }), hash: await datasetHash(bytes, {}) };
}

/** The penguins Quick model, reading penguins.csv as an upload (with its recorded hash) instead of the sample. */
async function penguinsPipeline(): Promise<{ doc: PipelineDocument; frame: Frame; hash: string }> {
	const parsed = parseDocument(readFileSync(join(FIXTURES, 'penguins-quick-model.v1.json'), 'utf8'), registry);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	const { frame, hash, bytes } = await readSample('penguins.csv');
	const doc: PipelineDocument = {
		...parsed.doc,
		nodes: parsed.doc.nodes.map((n) =>
			n.id === 'dataset-1' ? { ...n, params: { ...n.params, source: 'stored', name: 'penguins.csv', hash } } : n
		),
		data: [{ name: 'penguins.csv', hash, rows: frame.rowCount, bytes: bytes.length }]
	};
	return { doc, frame, hash };
}

async function penguinsBundle() {
	const { doc, frame, hash } = await penguinsPipeline();
	const packed = await packBundle(doc, [{ name: 'penguins.csv', hash, nodes: ['dataset-1'], frame }], {
		created: '2026-12-07T00:00:00.000Z',
		tessera: '0.1.0'
	});
	return { doc, frame, hash, packed };
}

/** Rewrites a bundle's entries with `edit` and zips it again. */
function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
	const files = unzipSync(bytes);
	edit(files);
	return zipSync(files as Zippable);
}

async function refusal(bytes: Uint8Array): Promise<string> {
	try {
		await unpackBundle(bytes, registry);
	} catch (e) {
		expect(e).toBeInstanceOf(BundleError);
		return (e as Error).message;
	}
	throw new Error('the bundle was accepted');
}

describe('frameCsv', () => {
	it.each(['penguins.csv', 'seattle-weather.csv', 'reviews.csv', 'diabetes.csv'])(
		'%s: the CSV written from the columns reads back to the same frame',
		async (file) => {
			const { frame } = await readSample(file);
			const again = await readTableBytes(strToU8(frameCsv(frame)), { fileName: 'x.csv' });
			expect(again).toEqual(frame);
		}
	);

	it('keeps quotes, commas, new lines, edge spaces and a lone missing cell', async () => {
		const frame: Frame = {
			rowCount: 4,
			columns: [{ kind: 'text', name: 'note, "quoted"', values: ['a,b', 'say "hi"', 'two\nlines', ' padded '] }]
		};
		const text = frameCsv(frame);
		expect(text.split('\n')[0]).toBe('"note, ""quoted"""');
		const again = await readTableBytes(strToU8(text), { fileName: 'x.csv' });
		expect(again.rowCount).toBe(4);
		expect(again.columns[0]).toMatchObject({ name: 'note, "quoted"' });
		const single: Frame = { rowCount: 3, columns: [{ kind: 'number', name: 'x', values: new Float64Array([1, NaN, 2.5]) }] };
		expect(frameCsv(single)).toBe('x\n1\n""\n2.5\n');
		expect(await readTableBytes(strToU8(frameCsv(single)), { fileName: 'x.csv' })).toEqual(single);
	});
});

describe('packBundle / unpackBundle', () => {
	it('round trip: the bundled pipeline names the bundled file by the hash an upload of it gets', async () => {
		const { doc, frame, hash, packed } = await penguinsBundle();
		const files = unzipSync(packed.bytes);
		expect(Object.keys(files).sort()).toEqual([README_PATH, 'data/penguins.csv', MANIFEST_PATH, PIPELINE_PATH].sort());
		const csv = files['data/penguins.csv'];
		const csvHash = await datasetHash(csv, {});
		expect(packed.manifest.datasets).toEqual([
			{ name: 'penguins.csv', path: 'data/penguins.csv', hash: csvHash, rows: 344, bytes: csv.length, replaces: hash }
		]);
		// The sample's own text has other number spellings, so the rewritten CSV hashes differently.
		expect(csvHash).not.toBe(hash);
		expect(strFromU8(files[README_PATH])).toContain('tessera run bundle.zip');

		const opened = await unpackBundle(packed.bytes, registry);
		expect(opened.warnings).toEqual([]);
		expect(opened.doc.nodes.find((n) => n.id === 'dataset-1')!.params).toMatchObject({
			source: 'stored',
			name: 'penguins.csv',
			hash: csvHash
		});
		expect(opened.doc.data).toEqual([{ name: 'penguins.csv', hash: csvHash, rows: 344, bytes: csv.length }]);
		// Everything but the dataset's identity is the pipeline that was packed.
		expect(opened.doc.nodes.map((n) => (n.id === 'dataset-1' ? n.type : n))).toEqual(
			doc.nodes.map((n) => (n.id === 'dataset-1' ? n.type : n))
		);
		expect(opened.doc.edges).toEqual(doc.edges);
		expect(storedSources(opened.doc, registry)).toEqual([{ name: 'penguins.csv', hash: csvHash, nodes: ['dataset-1'] }]);
		expect(opened.datasets).toHaveLength(1);
		expect(await readTableBytes(opened.datasets[0].data, { fileName: opened.datasets[0].path })).toEqual(frame);
	});

	it('is deterministic, and a pipeline of samples only bundles no data', async () => {
		const a = (await penguinsBundle()).packed.bytes;
		const b = (await penguinsBundle()).packed.bytes;
		expect(a).toEqual(b);
		const parsed = parseDocument(readFileSync(join(FIXTURES, 'penguins-quick-model.v1.json'), 'utf8'), registry);
		if (!parsed.ok) throw new Error('fixture');
		const samples = await packBundle(parsed.doc, [], { created: '', tessera: '0.1.0' });
		expect(samples.manifest.datasets).toEqual([]);
		expect((await unpackBundle(samples.bytes, registry)).doc.nodes).toEqual(parsed.doc.nodes);
	});

	it('refuses what is not a zip, naming what it is', async () => {
		const { packed } = await penguinsBundle();
		const pipelineText = strFromU8(unzipSync(packed.bytes)[PIPELINE_PATH]);
		expect(await refusal(strToU8(pipelineText))).toBe('this is a JSON file, not a bundle: open a pipeline file as it is');
		expect(await refusal(strToU8('a,b\n1,2\n'))).toBe('this is not a Tessera bundle (it is not a zip archive)');
		expect(await refusal(packed.bytes.subarray(0, packed.bytes.length - 40))).toMatch(/^the bundle is truncated or damaged/);
	});

	it('refuses a zip without a manifest, or with a broken one', async () => {
		const { packed } = await penguinsBundle();
		expect(await refusal(zipSync({ 'cats/1.png': new Uint8Array([1]) }))).toMatch(/holds images, not a Tessera bundle/);
		const modelFile = zipSync({ 'manifest.json': strToU8('{}'), 'model.json': strToU8('{}'), 'arrays.bin': new Uint8Array(8) });
		expect(await refusal(modelFile)).toBe(
			'this is a model file, not a bundle: import it on the Models page, or score with tessera predict'
		);
		expect(await refusal(rezip(packed.bytes, (f) => delete f[MANIFEST_PATH]))).toBe(
			'this zip is not a Tessera bundle: it has no manifest.json'
		);
		expect(await refusal(rezip(packed.bytes, (f) => (f[MANIFEST_PATH] = strToU8('{"format":"other"}'))))).toBe(
			'manifest.json: "format" must be "tessera/bundle"'
		);
		const manifest = JSON.parse(strFromU8(unzipSync(packed.bytes)[MANIFEST_PATH]));
		manifest.datasets[0].path = '../../etc/passwd';
		expect(await refusal(rezip(packed.bytes, (f) => (f[MANIFEST_PATH] = strToU8(JSON.stringify(manifest)))))).toBe(
			'manifest.json: datasets[0].path must be a file under data/'
		);
	});

	it('refuses a bundle without its pipeline', async () => {
		const { packed } = await penguinsBundle();
		expect(await refusal(rezip(packed.bytes, (f) => delete f[PIPELINE_PATH]))).toBe(
			'the bundle has no pipeline: pipeline.tessera.json, named by manifest.json, is missing'
		);
		expect(await refusal(rezip(packed.bytes, (f) => (f[PIPELINE_PATH] = strToU8('{"format":"nope"}'))))).toBe(
			'pipeline.tessera.json cannot be opened: this is not a Tessera pipeline file'
		);
	});

	it('refuses a dataset whose bytes do not match the manifest hash', async () => {
		const { packed } = await penguinsBundle();
		const tampered = rezip(packed.bytes, (f) => {
			const text = strFromU8(f['data/penguins.csv']).replace('Adelie', 'Adelia');
			f['data/penguins.csv'] = strToU8(text);
		});
		const message = await refusal(tampered);
		expect(message).toMatch(
			/^data\/penguins\.csv \("penguins\.csv"\) has content hash sha256:[0-9a-f]{64}, but manifest\.json records sha256:[0-9a-f]{64}: the file was changed or damaged$/
		);
	});

	it('refuses a bundle missing a dataset the manifest lists or the pipeline reads', async () => {
		const { packed } = await penguinsBundle();
		expect(await refusal(rezip(packed.bytes, (f) => delete f['data/penguins.csv']))).toBe(
			'data/penguins.csv ("penguins.csv"), listed in manifest.json, is missing from the bundle'
		);
		const noData = rezip(packed.bytes, (f) => {
			const manifest = JSON.parse(strFromU8(f[MANIFEST_PATH]));
			manifest.datasets = [];
			f[MANIFEST_PATH] = strToU8(JSON.stringify(manifest));
			delete f['data/penguins.csv'];
		});
		expect(await refusal(noData)).toMatch(
			/^the pipeline reads the dataset "penguins\.csv" \(content hash sha256:[0-9a-f]{64}\), which the bundle does not hold$/
		);
	});

	it('refuses entry names that would escape a folder', async () => {
		const { packed } = await penguinsBundle();
		for (const name of ['../evil.csv', '/etc/passwd', 'data/../../x', 'C:/x', 'a\\b', 'data//x'])
			expect(await refusal(rezip(packed.bytes, (f) => (f[name] = strToU8('x'))))).toBe(
				`the bundle is refused: the entry name "${name}" points outside the bundle's folder`
			);
		expect(unsafeEntryName('data/penguins.csv')).toBe(false);
	});

	it('keeps the pipeline file valid for `serialiseDocument` round trips', async () => {
		const { packed } = await penguinsBundle();
		const opened = await unpackBundle(packed.bytes, registry);
		expect(serialiseDocument(opened.doc)).toBe(serialiseDocument(packed.doc));
	});
});
