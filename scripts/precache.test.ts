import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writePrecacheManifest } from './precache.mjs';

const dirs: string[] = [];
function fakeBuild(files: Record<string, number>): string {
	const dir = mkdtempSync(join(tmpdir(), 'tessera-precache-'));
	dirs.push(dir);
	for (const [rel, size] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, rel)), { recursive: true });
		writeFileSync(join(dir, rel), Buffer.alloc(size, 1));
	}
	return dir;
}
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the offline cache list', () => {
	it('lists every file of the build, workers, their chunks and .wasm included, but not maps nor the service worker', () => {
		const dir = fakeBuild({
			'index.html': 100,
			'_app/immutable/entry/start.js': 10,
			'_app/immutable/workers/engine.worker-X.js': 20,
			'_app/immutable/workers/chunks/tfjs-webgl-Y.js': 30,
			'_app/immutable/workers/assets/tfjs-backend-wasm-Z.wasm': 40,
			'_app/immutable/workers/chunks/tfjs-webgl-Y.js.map': 999,
			'samples/digits.zip': 50,
			'service-worker.js': 5
		});
		const m = writePrecacheManifest(dir);
		const urls = m.files.map((f) => f.url);
		expect(urls).toEqual([
			'/',
			'/_app/immutable/entry/start.js',
			'/_app/immutable/workers/assets/tfjs-backend-wasm-Z.wasm',
			'/_app/immutable/workers/chunks/tfjs-webgl-Y.js',
			'/_app/immutable/workers/engine.worker-X.js',
			'/index.html',
			'/samples/digits.zip'
		]);
		expect(m.totalBytes).toBe(10 + 20 + 30 + 40 + 100 + 50);
		expect(JSON.parse(readFileSync(join(dir, 'precache.json'), 'utf8'))).toEqual(m);
		// Listing again does not list its own output.
		expect(writePrecacheManifest(dir).files.map((f) => f.url)).not.toContain('/precache.json');
	});

	it('refuses a build over its budget and names the largest files', () => {
		const dir = fakeBuild({ 'index.html': 10, 'samples/big.csv': 2000, 'a.js': 30 });
		expect(() => writePrecacheManifest(dir, { budgetBytes: 1000 })).toThrow(/over its budget of .*\/samples\/big\.csv/);
	});

	it('refuses a folder that holds no build', () => {
		const dir = fakeBuild({ 'a.js': 1 });
		expect(() => writePrecacheManifest(dir)).toThrow(/no build/);
	});
});
