#!/usr/bin/env node
// Regenerates the IndexedDB upgrade fixtures, src/lib/persistence/fixtures/idb-v<N>.json:
// for each Dexie schema version N, the database written by the last commit that declared N
// as its newest version, with that commit's own code.
//
//   node scripts/idb-fixtures.mjs            # every version
//   node scripts/idb-fixtures.mjs --only 4   # one version
//
// For each version it extracts the commit's src/ and samples (`git archive`) into a temporary
// folder, links this checkout's node_modules, copies in src/lib/persistence/idb-dump.ts and
// scripts/idb-fixtures/writer.fixture.mjs, and runs the writer with vitest there: the old
// repositories (projects, datasets, runs, experiments, registry, results — whatever that
// version had) write a representative database under fake-indexeddb, which is dumped to JSON.
// src/lib/persistence/upgrades.test.ts opens each with today's code.
//
// When you add a Dexie version: add its row to ERAS (the commit that adds it, once committed)
// and run this script for it, so the next version is tested against a real database of yours.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'src/lib/persistence/fixtures');

/** The last commit at which each Dexie version was the newest declared in src/lib/persistence/db.ts. */
export const ERAS = [
	{ schema: 1, commit: '4cc5900b55b78d4eb9aa83bb6293f1c08cb34a15', why: 'parent of 3bdf70c, which added version 2' },
	{ schema: 2, commit: '7716563a84029c7a467b97983f6f03c6c9c783d7', why: 'parent of 9d4f775, which added version 3' },
	{ schema: 3, commit: '5c7e05dd0cc277d5e570b7ab150479f0b9571a49', why: 'parent of 1e958c8, which added version 4' },
	{ schema: 4, commit: 'c377b8f70aee096265d254674afc62674a87631e', why: 'main when the fixtures were made (version 4 still newest)' }
];

function run(cmd, args, options = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function writeEra({ schema, commit }) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `tessera-idb-v${schema}-`));
	try {
		const archive = spawnSync('git', ['archive', commit, 'src', 'static/samples', 'package.json'], { cwd: root, maxBuffer: 1 << 30 });
		if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
		run('tar', ['-x', '-C', tmp], { input: archive.stdout, stdio: ['pipe', 'inherit', 'inherit'] });
		fs.symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'));
		fs.copyFileSync(path.join(root, 'src/lib/persistence/idb-dump.ts'), path.join(tmp, 'idb-dump.ts'));
		fs.copyFileSync(path.join(root, 'scripts/idb-fixtures/writer.fixture.mjs'), path.join(tmp, 'writer.fixture.mjs'));
		fs.writeFileSync(path.join(tmp, 'vitest.config.mjs'), "export default { test: { include: ['writer.fixture.mjs'] } };\n");
		const out = path.join(outDir, `idb-v${schema}.json`);
		run(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs'], {
			cwd: tmp,
			env: { ...process.env, IDB_FIXTURE_SCHEMA: String(schema), IDB_FIXTURE_COMMIT: commit, IDB_FIXTURE_OUT: out }
		});
		console.log(
			`version ${schema} (${commit.slice(0, 7)}) → ${path.relative(root, out)} (${(fs.statSync(out).size / 1024).toFixed(0)} KB)`
		);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const i = process.argv.indexOf('--only');
	const only = i > 0 ? Number(process.argv[i + 1]) : null;
	const eras = only === null ? ERAS : ERAS.filter((e) => e.schema === only);
	if (eras.length === 0) {
		console.error(`--only ${process.argv[i + 1]}: no such version (known: ${ERAS.map((e) => e.schema).join(', ')})`);
		process.exit(2);
	}
	fs.mkdirSync(outDir, { recursive: true });
	for (const era of eras) writeEra(era);
}
