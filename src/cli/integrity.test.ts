import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cli } from './test-cli';
import { SAMPLES_DIR } from './files';

/**
 * Files written before fingerprints were SHA-256 (made by the previous Tessera's own CLI:
 * `tessera train penguins.csv --target Species --model logistic --seed 3 --export …`, the
 * same with `--delimiter ,`, and `tessera bundle … --data penguins=penguins.csv`) still open and
 * run: their 16-digit checksums are recognised by form and checked with the older checksum,
 * with a warning that says so; a different or tampered file is still refused.
 */
const FIXTURES = join(__dirname, '..', '..', 'e2e', 'fixtures', 'integrity');
const penguins = join(SAMPLES_DIR, 'penguins.csv');
const dir = mkdtempSync(join(tmpdir(), 'tessera-integrity-'));
const sha256 = (b: Uint8Array | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** The figures the previous Tessera printed for this pipeline on penguins.csv (`tessera run --json`). */
const RECORDED_VALIDATION = { rows: 52, accuracy: 0.9807692307692307, f1Macro: 0.9753639417693168 };

describe('fingerprints in the CLI', () => {
	it('profile and train print the SHA-256 fingerprint of the file (as node:crypto computes it)', async () => {
		const expected = sha256(readFileSync(penguins));
		const profile = await cli('profile', penguins, '--json');
		expect(profile.code).toBe(0);
		expect(profile.json().hash).toBe(expected);
		const pipeline = join(dir, 'new.tessera.json');
		const train = await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--seed', '3', '--export', pipeline, '--json');
		expect(train.code).toBe(0);
		expect(train.json().dataset.hash).toBe(expected);
		const nodes: { type: string; params: Record<string, unknown> }[] = JSON.parse(readFileSync(pipeline, 'utf8')).nodes;
		expect(nodes.filter((n) => n.type === 'io.dataset').map((n) => n.params.hash)).toEqual([expected]);
	});

	it('a pipeline that recorded the older checksum runs on its file, with a warning, to the figures it gave then', async () => {
		const r = await cli('run', join(FIXTURES, 'penguins-legacy-hash.tessera.json'), '--data', `penguins=${penguins}`, '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const out = r.json();
		expect(out.warnings).toEqual([
			`"penguins": the pipeline was made by an older Tessera: checked with the older 64-bit checksum, not SHA-256 (9a15badbd5e78a83); ${penguins} is ${sha256(readFileSync(penguins))}`
		]);
		expect(out.evaluations[0].validation).toMatchObject(RECORDED_VALIDATION);
	});

	it('the older checksum of a file read with forced options (--delimiter) is recomputed the old way too', async () => {
		const file = join(FIXTURES, 'penguins-legacy-options.tessera.json');
		const right = await cli('run', file, '--data', `penguins=${penguins}`, '--delimiter', ',', '--json');
		expect(right.code).toBe(0);
		expect(right.json().warnings).toHaveLength(1);
		// The same bytes read with the detected options are another dataset, as they always were.
		const wrong = await cli('run', file, '--data', `penguins=${penguins}`, '--json');
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toContain('is not the "penguins" the pipeline was built on');
		expect(wrong.stderr).toContain('expected ac5e85fea6ba6ef4');
	});

	it('a different file is refused for a pipeline with the older checksum (exit 2), naming both', async () => {
		const other = join(dir, 'penguins-less.csv');
		const lines = readFileSync(penguins, 'utf8').split('\n');
		writeFileSync(other, lines.slice(0, -2).join('\n') + '\n');
		const r = await cli('run', join(FIXTURES, 'penguins-legacy-hash.tessera.json'), '--data', `penguins=${other}`);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(`content hash ${sha256(readFileSync(other))}, expected 9a15badbd5e78a83`);
	});

	it('a version-1 bundle runs, its data checked with the older checksum and said so', async () => {
		const r = await cli('run', join(FIXTURES, 'penguins-bundle.v1.zip'), '--json');
		expect(r.code).toBe(0);
		const out = r.json();
		expect(out.warnings).toEqual([
			'this bundle was made by an older Tessera: checked with the older 64-bit checksum, not SHA-256; its data matched that checksum'
		]);
		expect(out.evaluations[0].validation).toMatchObject(RECORDED_VALIDATION);
	});

	it('a version-1 bundle whose data was changed is refused by the older checksum', async () => {
		const files = unzipSync(new Uint8Array(readFileSync(join(FIXTURES, 'penguins-bundle.v1.zip'))));
		files['data/penguins.csv'] = strToU8(strFromU8(files['data/penguins.csv']).replace('39.1', '39.2'));
		const tampered = join(dir, 'tampered-v1.zip');
		writeFileSync(tampered, zipSync(files));
		const r = await cli('run', tampered);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(
			/has content hash sha256:[0-9a-f]{64}, but manifest\.json records 78cf4a8811209198: the file was changed or damaged/
		);
	});

	it('tessera bundle writes version 2 with SHA-256 fingerprints; a dataset changed inside it is refused', async () => {
		const pipeline = join(dir, 'bundle-me.tessera.json');
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--export', pipeline)).code).toBe(0);
		const out = join(dir, 'new-bundle.zip');
		const packed = await cli('bundle', pipeline, '--out', out, '--data', `penguins=${penguins}`, '--json');
		expect(packed.code).toBe(0);
		const files = unzipSync(new Uint8Array(readFileSync(out)));
		const manifest = JSON.parse(strFromU8(files['manifest.json']));
		expect(manifest.version).toBe(2);
		expect(manifest.datasets[0].hash).toBe(sha256(files['data/penguins.csv']));
		expect(JSON.parse(strFromU8(files['pipeline.tessera.json'])).data[0].hash).toBe(manifest.datasets[0].hash);
		expect((await cli('run', out, '--json')).code).toBe(0);

		files['data/penguins.csv'] = strToU8(strFromU8(files['data/penguins.csv']).replace('39.1', '39.2'));
		const tampered = join(dir, 'tampered-v2.zip');
		writeFileSync(tampered, zipSync(files));
		const r = await cli('run', tampered);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(
			`has content hash ${sha256(files['data/penguins.csv'])}, but manifest.json records ${manifest.datasets[0].hash}: the file was changed or damaged`
		);
		// A version-2 manifest with an older-form checksum is malformed, not quietly checked the weak way.
		manifest.datasets[0].hash = '78cf4a8811209198';
		files['manifest.json'] = strToU8(JSON.stringify(manifest));
		const downgraded = join(dir, 'downgraded.zip');
		writeFileSync(downgraded, zipSync(files));
		const d = await cli('run', downgraded);
		expect(d.code).toBe(2);
		expect(d.stderr).toContain('datasets[0].hash must be a SHA-256 fingerprint ("sha256:" and 64 hex digits)');
	});

	it('tessera model prints the full SHA-256 content hash, of a version-1 file too', async () => {
		const v1 = join(__dirname, '..', '..', 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model');
		const files = unzipSync(new Uint8Array(readFileSync(v1)));
		const expected = 'sha256:' + createHash('sha256').update(files['model.json']).update(files['arrays.bin']).digest('hex');
		const r = await cli('model', v1);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain(`content hash ${expected}`);
		expect(r.stdout).toContain('note: written by an older Tessera: the pipeline hash above was recomputed as SHA-256');
		expect(r.stdout).toContain('penguins (9a15badbd5e78a83 (older 64-bit checksum), 344 rows)');
		const json = (await cli('model', v1, '--json')).json();
		expect(json.contentHash).toBe(expected);
		expect(json.version).toBe(1);
	});
});
