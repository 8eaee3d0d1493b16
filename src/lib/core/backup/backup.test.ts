import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sampleDataset, registry } from '../nodes/test-kit';
import type { Column } from '../frame/types';
import { BackupError, MANIFEST_PATH, WORKSPACE_VERSION } from './format';
import { crc32 } from './crc32';
import { planImport, resolveImport, describeTally, importedName, type LocalInventory } from './plan';
import { openWorkspace } from './read';
import { packRecord, sha256Hex } from './record';
import { chunksOfFrame, SMALL_PROJECT, smallWorkspace } from './test-kit';

const FIXTURE = join(__dirname, 'fixtures', 'workspace-v1.zip');

/** The archive's entries, changed by `edit`, zipped again. */
function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
	const files = unzipSync(bytes);
	edit(files);
	return zipSync(files as Zippable);
}

function manifestOf(files: Record<string, Uint8Array>): Record<string, unknown> {
	return JSON.parse(strFromU8(files[MANIFEST_PATH])) as Record<string, unknown>;
}

async function refusal(bytes: Uint8Array): Promise<string> {
	try {
		await openWorkspace(bytes, registry);
	} catch (e) {
		expect(e).toBeInstanceOf(BackupError);
		return (e as Error).message;
	}
	throw new Error('the archive was accepted');
}

describe('workspace archive: pack → open', () => {
	it('gives back every record and every dataset chunk exactly', async () => {
		const opened = await openWorkspace(await smallWorkspace(), registry);
		expect(opened.manifest.counts).toEqual({ projects: 1, datasets: 1, experiments: 1, models: 1 });
		expect(opened.projects[0]).toMatchObject({
			id: 'p-1',
			name: 'Penguins',
			created: SMALL_PROJECT.created,
			modified: SMALL_PROJECT.modified
		});
		expect(opened.projects[0].doc).toEqual(SMALL_PROJECT.doc);
		const e = opened.experiments[0].value;
		expect((e.metrics as Record<string, number>).odd).toBeNaN();
		expect(e.curves).toEqual({ loss: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1] });
		const model = opened.models[0];
		expect(model).toMatchObject({ id: 'species@1', name: 'species', version: 1, project: 'p-1' });
		expect((model.value.model as { weights: Float64Array }).weights).toEqual(new Float64Array([0.5, -1.25, 3]));
		expect(opened.names).toEqual([{ name: 'species', inUse: 1, history: [], lastVersion: 1, modified: '2026-12-02T00:00:00.000Z' }]);

		const frame = sampleDataset('penguins').frame;
		const d = await opened.readDataset(opened.manifest.datasets[0]);
		expect(d.record).toMatchObject({ hash: 'fp-penguins', rows: 344, chunkRows: 100, chunkCount: 4 });
		// Stored chunks back as stored: 7 columns × 4 chunks, bytes equal.
		const want = chunksOfFrame(frame, 100);
		expect(d.chunks).toHaveLength(frame.columns.length * 4);
		for (const [i, ch] of d.chunks.entries()) {
			const w = want[i];
			expect([ch.column, ch.chunk]).toEqual([w.column, w.chunk]);
			if (Array.isArray(w.data)) expect(ch.data).toEqual(w.data);
			else expect(new Uint8Array(ch.data as ArrayBuffer)).toEqual(new Uint8Array(w.data as ArrayBuffer));
		}
		expect(frame.columns.map((c: Column) => c.kind)).toContain('category');
	});

	it('writes the same bytes for the same workspace, and records each entry’s SHA-256', async () => {
		const a = await smallWorkspace();
		expect(await smallWorkspace()).toEqual(a);
		const files = unzipSync(a);
		const manifest = manifestOf(files) as { files: Record<string, { sha256: string; bytes: number }> };
		for (const [path, f] of Object.entries(manifest.files)) {
			expect(f.bytes).toBe(files[path].length);
			expect(f.sha256).toBe(await sha256Hex(files[path]));
		}
		expect(Object.keys(files).sort()).toEqual([MANIFEST_PATH, ...Object.keys(manifest.files)].sort());
	});

	it('a record’s hash ignores key order, and differs when a value does', async () => {
		const a = await packRecord({ x: 1, y: [1, 2], z: { b: 1, a: 2 } }, 'r');
		const b = await packRecord({ z: { a: 2, b: 1 }, y: [1, 2], x: 1 }, 'r');
		const c = await packRecord({ z: { a: 2, b: 1 }, y: [1, 3], x: 1 }, 'r');
		expect(a.hash).toBe(b.hash);
		expect(a.hash).not.toBe(c.hash);
		expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('CRC-32 is the zip polynomial (the check value of "123456789" is cbf43926)', () => {
		expect(crc32(strToU8('123456789')).toString(16)).toBe('cbf43926');
		expect(crc32(new Uint8Array(0))).toBe(0);
	});
});

describe('the version 1 fixture still opens', () => {
	it('reads the archive written by the first version of the format', async () => {
		const opened = await openWorkspace(new Uint8Array(readFileSync(FIXTURE)), registry);
		expect(opened.manifest.version).toBe(1);
		expect(WORKSPACE_VERSION).toBe(1);
		expect(opened.manifest.counts).toEqual({ projects: 1, datasets: 1, experiments: 1, models: 1 });
		expect(opened.projects[0].name).toBe('Penguins');
		const d = await opened.readDataset(opened.manifest.datasets[0]);
		expect(d.record.rows).toBe(344);
		// Penguins' first bill length (39.1) is the first value of the first number chunk.
		const layout = d.record.columnsLayout;
		const bill = layout.findIndex((c) => c.name === 'Beak Length (mm)');
		expect(bill).toBeGreaterThanOrEqual(0);
		const first = d.chunks.find((c) => c.column === bill && c.chunk === 0)!;
		expect(new Float64Array(first.data as ArrayBuffer)[0]).toBe(39.1);
	});
});

describe('refusals name the problem', () => {
	it('not a zip, a JSON file, a zip of images, a share bundle, a model file', async () => {
		expect(await refusal(strToU8('name,age\nA,1\n'))).toBe('this is not a Tessera workspace backup (it is not a zip archive)');
		expect(await refusal(strToU8('{"format":"tessera/pipeline"}'))).toMatch(/JSON file.*not a workspace backup/);
		expect(await refusal(zipSync({ 'cats/a.png': new Uint8Array([1]) }))).toBe(
			'this zip is not a Tessera workspace backup: it has no manifest.json'
		);
		expect(
			await refusal(
				zipSync({ 'manifest.json': strToU8('{"format":"tessera/bundle","version":1}'), 'pipeline.tessera.json': strToU8('{}') })
			)
		).toMatch(/share bundle of one project/);
		expect(await refusal(zipSync({ 'model.json': strToU8('{}'), 'arrays.bin': new Uint8Array(8) }))).toMatch(/model file/);
	});

	it('a newer format version, and a manifest whose counts do not add up', async () => {
		const bytes = await smallWorkspace();
		const newer = rezip(bytes, (f) => (f[MANIFEST_PATH] = strToU8(JSON.stringify({ ...manifestOf(f), version: 2 }))));
		expect(await refusal(newer)).toBe(
			'manifest.json: "version" is 2; this app reads workspace backups of version 1 (it was written by a newer Tessera: update the app)'
		);
		const counts = rezip(bytes, (f) => {
			const m = manifestOf(f);
			f[MANIFEST_PATH] = strToU8(JSON.stringify({ ...m, counts: { ...(m.counts as object), projects: 3 } }));
		});
		expect(await refusal(counts)).toBe('manifest.json: "counts".projects says 3, but 1 are listed');
	});

	it('an entry changed, added, or missing', async () => {
		const bytes = await smallWorkspace();
		const changed = rezip(bytes, (f) => (f['projects/1.json'] = strToU8(strFromU8(f['projects/1.json']).replace('Penguins', 'Penguinz'))));
		expect(await refusal(changed)).toBe(
			'projects/1.json does not match the SHA-256 the manifest records: the backup was changed or damaged'
		);
		const added = rezip(bytes, (f) => (f['projects/2.json'] = strToU8('{}')));
		expect(await refusal(added)).toBe('projects/2.json is in the archive but not in the manifest: the backup was changed');
		const missing = rezip(bytes, (f) => delete f['datasets/1/3.2.bin']);
		expect(await refusal(missing)).toBe('datasets/1/3.2.bin, listed in the manifest, is missing from the archive');
	});

	it('a chunk changed inside: the SHA-256 catches it when the dataset is read', async () => {
		const bytes = await smallWorkspace();
		const flipped = rezip(bytes, (f) => {
			const chunk = f['datasets/1/2.0.bin'].slice();
			chunk[0] ^= 1;
			f['datasets/1/2.0.bin'] = chunk;
		});
		const opened = await openWorkspace(flipped, registry);
		await expect(opened.readDataset(opened.manifest.datasets[0])).rejects.toThrow(
			'datasets/1/2.0.bin does not match the SHA-256 the manifest records'
		);
	});

	it('a truncated archive, and an entry name that escapes the folder', async () => {
		const bytes = await smallWorkspace();
		expect(await refusal(bytes.subarray(0, bytes.length - 200))).toMatch(/^the backup is truncated or damaged/);
		const escaping = zipSync({ 'manifest.json': strToU8('{}'), '../evil.sh': strToU8('rm -rf /') });
		expect(await refusal(escaping)).toBe('the backup is refused: the entry name "../evil.sh" points outside the backup\'s folder');
	});

	it('a pipeline that does not validate is refused with the project named', async () => {
		// A consistent archive (hashes recomputed) whose project's node list is not a list.
		const bytes = await smallWorkspace();
		const files = unzipSync(bytes);
		const bad = strFromU8(files['projects/1.json']).replace('"nodes":[]', '"nodes":"oops"');
		expect(bad).not.toBe(strFromU8(files['projects/1.json']));
		files['projects/1.json'] = strToU8(bad);
		const m = manifestOf(files) as { files: Record<string, { sha256: string; bytes: number }> };
		m.files['projects/1.json'] = { sha256: await sha256Hex(files['projects/1.json']), bytes: files['projects/1.json'].length };
		files[MANIFEST_PATH] = strToU8(JSON.stringify(m));
		expect(await refusal(zipSync(files as Zippable))).toMatch(/^projects\/1\.json \("Penguins"\): its pipeline cannot be opened: .*nodes/);
	});
});

describe('merge planning', () => {
	const empty: LocalInventory = {
		projects: new Map(),
		experiments: new Map(),
		models: new Map(),
		fingerprints: new Set(),
		modelNames: new Set()
	};

	async function manifest() {
		return (await openWorkspace(await smallWorkspace(), registry)).manifest;
	}

	it('into an empty browser everything is new; with the same content, everything is already here', async () => {
		const m = await manifest();
		const fresh = planImport(m, empty);
		expect(fresh.items.map((i) => [i.kind, i.status])).toEqual([
			['project', 'new'],
			['dataset', 'new'],
			['experiment', 'new'],
			['model', 'new']
		]);
		const here: LocalInventory = {
			projects: new Map([['p-1', m.projects[0].hash]]),
			experiments: new Map([['r1:m', m.experiments[0].hash]]),
			models: new Map([['species@1', m.models[0].hash]]),
			fingerprints: new Set(['fp-penguins']),
			modelNames: new Set(['species'])
		};
		const again = planImport(m, here);
		expect(again.conflicts).toBe(0);
		expect(again.items.every((i) => i.status === 'same')).toBe(true);
		const resolved = resolveImport(again, 'replace', here, () => 'x');
		expect(resolved.actions.every((a) => a.op === 'skip' && a.why === 'same')).toBe(true);
	});

	it('a differing project, experiment and model under each choice', async () => {
		const m = await manifest();
		const here: LocalInventory = {
			projects: new Map([['p-1', 'other']]),
			experiments: new Map([['r1:m', 'other']]),
			models: new Map([['species@1', 'other']]),
			fingerprints: new Set(),
			modelNames: new Set(['species', 'species (imported)'])
		};
		const plan = planImport(m, here);
		expect(plan.conflicts).toBe(3);
		expect(describeTally('project', plan.tally.project)).toBe('1 project: 1 differs');
		expect(describeTally('dataset', plan.tally.dataset)).toBe('1 dataset: 1 new');

		const skip = resolveImport(plan, 'skip', here, () => 'x');
		expect(skip.actions.map((a) => [a.kind, a.op])).toEqual([
			['project', 'skip'],
			['dataset', 'add'],
			['experiment', 'skip'],
			['model', 'skip']
		]);
		const replace = resolveImport(plan, 'replace', here, () => 'x');
		expect(replace.actions.filter((a) => a.kind !== 'dataset').map((a) => [a.op, a.op === 'replace' ? a.id : null])).toEqual([
			['replace', 'p-1'],
			['replace', 'r1:m'],
			['replace', 'species@1']
		]);
		let n = 0;
		const both = resolveImport(plan, 'keep-both', here, () => `id-${++n}`);
		expect(both.actions.filter((a) => a.kind !== 'dataset')).toEqual([
			{ op: 'add', kind: 'project', from: 'p-1', id: 'id-1', rename: 'Penguins (imported)' },
			{ op: 'add', kind: 'experiment', from: 'r1:m', id: 'id-2', rename: null },
			// "species (imported)" is taken here already.
			{ op: 'add', kind: 'model', from: 'species@1', id: 'species (imported 2)@1', rename: 'species (imported 2)' }
		]);
		expect(both.projectIds.get('p-1')).toBe('id-1');
		expect(both.modelNames.get('species')).toBe('species (imported 2)');
	});

	it('summaries read as a person says them', () => {
		expect(describeTally('project', { new: 3, same: 1, differs: 1 })).toBe('5 projects: 3 new, 1 already here, 1 differs');
		expect(describeTally('model', { new: 0, same: 0, differs: 0 })).toBeNull();
		expect(describeTally('model', { new: 1, same: 0, differs: 0 })).toBe('1 model version: 1 new');
		expect(importedName('a', new Set())).toBe('a (imported)');
	});
});
