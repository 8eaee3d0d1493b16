import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './test-cli';

const FIXTURE = join(import.meta.dirname, '..', 'lib', 'core', 'backup', 'fixtures', 'workspace-v1.zip');

describe('tessera workspace', () => {
	it('lists the version-1 fixture: counts, names, rows', async () => {
		const r = await cli('workspace', FIXTURE, '--json');
		expect(r.code).toBe(0);
		expect(r.json()).toMatchObject({
			command: 'workspace',
			version: 1,
			counts: { projects: 1, datasets: 1, experiments: 1, models: 1 },
			projects: [{ id: 'p-1', name: 'Penguins', nodes: 0 }],
			datasets: [{ name: 'penguins.csv', fingerprint: 'fp-penguins', rows: 344 }],
			models: [{ id: 'species@1', name: 'species' }]
		});
		const text = await cli('workspace', FIXTURE);
		expect(text.stdout).toContain('1 project, 1 dataset, 1 experiment, 1 model version; every entry matches its SHA-256');
		expect(text.stdout).toContain('dataset  "penguins.csv", 344 rows, fingerprint fp-penguins');
	});

	it('a file that is not a backup exits 2 with the reason', async () => {
		const bad = join(tmpdir(), `not-a-backup-${process.pid}.zip`);
		writeFileSync(bad, 'name,age\nA,1\n');
		const r = await cli('workspace', bad);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('this is not a Tessera workspace backup (it is not a zip archive)');
		expect((await cli('workspace')).code).toBe(2);
	});
});
