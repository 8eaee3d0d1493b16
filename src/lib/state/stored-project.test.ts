import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DOC_VERSION } from '$lib/core/doc/types';
import { db } from '$lib/persistence/db';
import { decodeValue, loadDatabase, type DatabaseDump } from '$lib/persistence/idb-dump';
import { ProjectState } from './project.svelte';

// The studio opens a project saved by the first release (a database written by that release's
// own code: src/lib/persistence/fixtures/idb-v1.json) in today's format, so what reads
// `frames` and `notes`, or saves the project, finds them.
it('a project saved by the first release opens upgraded, and an edit saves it in the current format', async () => {
	const dump = JSON.parse(readFileSync(join(__dirname, '../persistence/fixtures/idb-v1.json'), 'utf8')) as DatabaseDump;
	await db().delete();
	await loadDatabase(indexedDB, dump);
	await db().open();
	const stored = dump.stores
		.find((s) => s.name === 'projects')!
		.records.map((r) => decodeValue(r) as { id: string; name: string; doc: { schema: { sequences: { doc: number } } } });
	const old = stored.find((p) => p.name === 'Penguin species')!;
	expect(old.doc.schema.sequences.doc).toBeLessThan(DOC_VERSION);
	expect(old.doc).not.toHaveProperty('frames');

	const project = new ProjectState();
	await project.load(old.id);
	expect(project.loadError).toBeNull();
	expect(project.doc!.schema.sequences.doc).toBe(DOC_VERSION);
	expect(project.doc!.frames).toEqual([]);
	expect(project.doc!.notes).toEqual([]);
	expect(project.doc!.nodes.map((n) => n.type)).toEqual(['io.dataset', 'split.train-test', 'model.gbdt', 'evaluate.metrics']);
	// Version 1 models without a seed of their own ran with their type's default then (0): kept.
	expect(project.doc!.nodes.find((n) => n.type === 'model.gbdt')!.params.seed).toBe(0);

	project.rename('Penguin species, upgraded');
	await project.flush();
	expect((await db().projects.get(old.id))!.doc.schema.sequences.doc).toBe(DOC_VERSION);
});
