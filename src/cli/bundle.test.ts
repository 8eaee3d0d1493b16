import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packBundle, storedSources } from '../lib/core/bundle';
import { parseDocument } from '../lib/core/doc/serialise';
import { registry } from '../lib/core/nodes/test-kit';
import { cli } from './test-cli';
import { loadCsvFile, SAMPLES_DIR } from './files';

const dir = mkdtempSync(join(tmpdir(), 'tessera-bundle-'));
const penguins = join(SAMPLES_DIR, 'penguins.csv');

/** A pipeline trained on an uploaded penguins.csv, bundled as the studio bundles it (frames from the stored columns). */
async function trainedBundle(): Promise<{ pipeline: string; bundle: string }> {
	const pipeline = join(dir, 'penguins.tessera.json');
	const train = await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--export', pipeline);
	expect(train.code).toBe(0);
	const parsed = parseDocument(readFileSync(pipeline, 'utf8'), registry);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	const [source] = storedSources(parsed.doc, registry);
	const loaded = await loadCsvFile(penguins, 'penguins');
	expect(source).toMatchObject({ name: 'penguins', hash: loaded.hash });
	const packed = await packBundle(parsed.doc, [{ ...source, frame: loaded.frame }], { created: '', tessera: '0.1.0' });
	const bundle = join(dir, 'penguins-bundle.zip');
	writeFileSync(bundle, packed.bytes);
	return { pipeline, bundle };
}

describe('tessera run bundle.zip', () => {
	it('runs with no --data and gives the metrics the pipeline gives with its data file', async () => {
		const { pipeline, bundle } = await trainedBundle();
		const withData = await cli('run', pipeline, '--data', `penguins=${penguins}`, '--json');
		expect(withData.code).toBe(0);
		const fromBundle = await cli('run', bundle, '--json');
		expect(fromBundle.stderr).toBe('');
		expect(fromBundle.code).toBe(0);
		const a = withData.json();
		const b = fromBundle.json();
		expect(Object.keys(b)).toEqual(Object.keys(a));
		expect(b.evaluations).toHaveLength(1);
		expect(b.evaluations[0].test).toEqual(a.evaluations[0].test);
		expect(b.evaluations[0].validation).toEqual(a.evaluations[0].validation);
		// The bundled CSV, taken out, is also the file its pipeline names (hash checked by --data).
		const files = unzipSync(readFileSync(bundle));
		writeFileSync(join(dir, 'out.tessera.json'), files['pipeline.tessera.json']);
		writeFileSync(join(dir, 'out.csv'), files['data/penguins.csv']);
		const extracted = await cli('run', join(dir, 'out.tessera.json'), '--data', `penguins=${join(dir, 'out.csv')}`, '--json');
		expect(extracted.code).toBe(0);
		expect(extracted.json().evaluations[0].test).toEqual(a.evaluations[0].test);
	});

	it('a damaged bundle exits 2 naming the problem', async () => {
		const { bundle } = await trainedBundle();
		const files = unzipSync(readFileSync(bundle));
		files['data/penguins.csv'] = strToU8(strFromU8(files['data/penguins.csv']).replace('Adelie', 'Adelia'));
		const tampered = join(dir, 'tampered.zip');
		writeFileSync(tampered, zipSync(files as Zippable));
		const r = await cli('run', tampered);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(
			/tampered\.zip cannot be opened: data\/penguins\.csv \("penguins"\) has content hash sha256:[0-9a-f]{64}, but manifest\.json records sha256:[0-9a-f]{64}/
		);
		const notBundle = join(dir, 'images.zip');
		writeFileSync(notBundle, zipSync({ 'a/1.png': new Uint8Array([1]) }));
		const images = await cli('run', notBundle, '--json');
		expect(images.code).toBe(2);
		expect(images.stderr).toMatch(/holds images, not a Tessera bundle/);
	});
});

describe('tessera bundle', () => {
	it('packs a pipeline with its --data file; the bundle runs as the pipeline does', async () => {
		const pipeline = join(dir, 'bundle-cmd.tessera.json');
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--export', pipeline)).code).toBe(0);
		const out = join(dir, 'bundle-cmd.zip');
		const made = await cli('bundle', pipeline, '--data', `penguins=${penguins}`, '--out', out, '--json');
		expect(made.stderr).toBe('');
		expect(made.code).toBe(0);
		const doc = made.json();
		expect(Object.keys(doc)).toEqual(['command', 'pipeline', 'warnings', 'out', 'bytes', 'datasets']);
		expect(doc.datasets).toEqual([
			expect.objectContaining({
				name: 'penguins',
				path: 'data/penguins.csv',
				rows: 344,
				replaces: expect.stringMatching(/^sha256:[0-9a-f]{64}$/)
			})
		]);
		const withData = (await cli('run', pipeline, '--data', `penguins=${penguins}`, '--json')).json();
		const fromBundle = await cli('run', out, '--json');
		expect(fromBundle.code).toBe(0);
		expect(fromBundle.json().evaluations[0].test).toEqual(withData.evaluations[0].test);
		// Without its data the pipeline cannot be bundled: exit 2, naming the dataset.
		const missing = await cli('bundle', pipeline, '--out', join(dir, 'nope.zip'));
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/needs the dataset "penguins"/);
		const noOut = await cli('bundle', pipeline, '--data', `penguins=${penguins}`);
		expect(noOut.code).toBe(2);
		expect(noOut.stderr).toMatch(/usage: tessera bundle/);
	});
});
