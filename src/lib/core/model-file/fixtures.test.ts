import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../engine/recipe';
import { datasetOf } from '../nodes/dataset';
import { predictionColumns } from '../nodes/predictors';
import { registry, sampleText } from '../nodes/test-kit';
import { readCsv } from '../readers/csv';
import { modelOf } from './build';
import { MODEL_FILE_VERSION, readModelFile, type ModelFile } from './format';
import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { cacheKey } from '../util/hash';
import { fingerprintForm } from '../util/fingerprint';

/**
 * Model files of every format version keep opening and scoring to the numbers recorded when
 * they were written (`tessera train penguins.csv --target Species --model gbdt --seed 1
 * --save-model …`; version 2 is the same command after fingerprints became SHA-256, and
 * scores identically). A new format version adds its fixture here; a change to a recipe step or
 * a family that breaks old files fails here first.
 */
const FIXTURES = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures');

async function scoresAsRecorded(file: ModelFile): Promise<void> {
	const model = modelOf(file);
	const prepared = applyRecipe(registry, datasetOf(readCsv(sampleText('penguins')), 'penguins'), model.recipe);
	const columns = await predictionColumns(model, prepared.frame);
	const first = (i: number) => {
		const c = columns[i];
		return c.kind === 'category' ? Array.from(c.codes.subarray(0, 4)) : c.kind === 'number' ? Array.from(c.values.subarray(0, 4)) : [];
	};
	expect(columns.map((c) => c.name)).toEqual(['prediction', 'p(Adelie)', 'p(Chinstrap)', 'p(Gentoo)']);
	expect(first(0)).toEqual([0, 0, 0, 0]);
	// Row 4 of the sample is the one with every measurement missing.
	expect(first(1)).toEqual([0.9999999257399508, 0.9999999168445537, 0.9999995505726057, 0.9994795212190007]);
	expect(first(2)).toEqual([3.329458214819787e-8, 3.912628033567201e-8, 3.940535894222179e-7, 0.00007891295508231668]);
	expect(first(3)).toEqual([4.096546712781248e-8, 4.402916606016719e-8, 5.537380488981503e-8, 0.0004415658259170122]);
}

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
/** The file's own manifest and model.json as written, before any reading or migration. */
function rawEntries(bytes: Uint8Array): { manifest: Record<string, unknown>; body: Record<string, unknown> } {
	const files = unzipSync(bytes);
	return { manifest: JSON.parse(strFromU8(files['manifest.json'])), body: JSON.parse(strFromU8(files['model.json'])) };
}

describe('model file fixtures', () => {
	it('version 1: penguins gradient-boosted trees score the first rows as recorded', async () => {
		const bytes = fixture('penguins-gbdt.v1.tessera-model');
		const { file, writtenVersion } = await readModelFile(bytes);
		expect(writtenVersion).toBe(1);
		expect(file.version).toBe(MODEL_FILE_VERSION);
		expect(file.name).toBe('penguins-gbdt.v1');
		expect(file.model.family).toBe('gbdt');
		await scoresAsRecorded(file);
	});

	it('version 1: its bare-hex SHA-256 is checked and given the sha256: form; its FNV pipeline hash is recomputed', async () => {
		const bytes = fixture('penguins-gbdt.v1.tessera-model');
		const raw = rawEntries(bytes);
		const oldPipeline = raw.body.pipeline as { text: string; hash: string };
		// What version 1 recorded: the FNV-1a checksum of the pipeline text, 16 digits.
		expect(oldPipeline.hash).toBe(cacheKey(oldPipeline.text));
		expect(oldPipeline.hash).toMatch(/^[0-9a-f]{16}$/);
		const { file, contentHash } = await readModelFile(bytes);
		expect(contentHash).toBe(`sha256:${raw.manifest.contentHash}`);
		const files = unzipSync(bytes);
		expect(contentHash).toBe('sha256:' + createHash('sha256').update(files['model.json']).update(files['arrays.bin']).digest('hex'));
		expect(file.pipeline!.text).toBe(oldPipeline.text);
		expect(file.pipeline!.hash).toBe('sha256:' + createHash('sha256').update(oldPipeline.text, 'utf8').digest('hex'));
		// Its dataset was recorded with the older checksum, kept as it was (the data is not here to recompute it).
		expect(file.data.map((d) => fingerprintForm(d.hash))).toEqual(['legacy']);
	});

	it('version 1: a changed body is still refused by its SHA-256', async () => {
		const bytes = fixture('penguins-gbdt.v1.tessera-model');
		const files = unzipSync(bytes);
		const body = strFromU8(files['model.json']).replace('"penguins-gbdt.v1"', '"penguins-gbdt.v9"');
		const edited = zipSync({ ...files, 'model.json': strToU8(body) });
		await expect(readModelFile(edited)).rejects.toThrow(/content hash does not match/);
	});

	it('version 2: the same model, fingerprints in sha256: form, scores the first rows as recorded', async () => {
		const bytes = fixture('penguins-gbdt.v2.tessera-model');
		const raw = rawEntries(bytes);
		expect(raw.manifest.version).toBe(2);
		expect(raw.manifest.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
		const { file, contentHash, writtenVersion } = await readModelFile(bytes);
		expect(writtenVersion).toBe(2);
		expect(contentHash).toBe(raw.manifest.contentHash);
		expect(file.pipeline!.hash).toBe((raw.body.pipeline as { hash: string }).hash);
		expect(file.pipeline!.hash).toBe('sha256:' + createHash('sha256').update(file.pipeline!.text, 'utf8').digest('hex'));
		expect(file.data.map((d) => fingerprintForm(d.hash))).toEqual(['sha256']);
		await scoresAsRecorded(file);
	});

	it('version 2: a manifest with the bare-hex form of version 1 is refused (the form follows the version)', async () => {
		const bytes = fixture('penguins-gbdt.v2.tessera-model');
		const files = unzipSync(bytes);
		const manifest = JSON.parse(strFromU8(files['manifest.json']));
		manifest.contentHash = String(manifest.contentHash).slice('sha256:'.length);
		const edited = zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(manifest)) });
		await expect(readModelFile(edited)).rejects.toThrow(/content hash does not match/);
	});
});
