#!/usr/bin/env node
// Writes build/precache.json: every file the built app can load, for the service worker to
// cache on its first visit, so the studio works with the network off (issue 11).
//
//   node scripts/precache.mjs [--budget-mb 24]
//
// The list is generated from the build output, never kept by hand: SvelteKit's own
// `$service-worker` `build` list leaves out what Vite emits for workers (the engine and
// trial workers, the chunks they import dynamically — tfjs backends, the CNN and text
// network — and their .wasm files), which is how an offline run once failed with "the
// engine worker stopped". Source maps and the service worker itself are left out.
// The total is checked against a budget: a first visit downloads all of it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_BUDGET_BYTES = 24 * 1024 * 1024;
export const MANIFEST = 'precache.json';

/** Files under `dir` as URL paths relative to it ('/_app/…'), with their sizes. */
function walk(dir, prefix = '') {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const rel = `${prefix}/${entry.name}`;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...walk(full, rel));
		else if (entry.isFile()) out.push({ url: rel, bytes: fs.statSync(full).size });
	}
	return out;
}

const LEFT_OUT = [/\.map$/, /^\/service-worker\.js$/, new RegExp(`^/${MANIFEST.replace('.', '\\.')}$`)];

/**
 * Lists the build's files, writes `precache.json` beside them and returns the manifest.
 * Throws when the total is over `budgetBytes`.
 */
export function writePrecacheManifest(buildDir, { budgetBytes = DEFAULT_BUDGET_BYTES } = {}) {
	if (!fs.existsSync(path.join(buildDir, 'index.html'))) throw new Error(`${buildDir} holds no build (index.html is missing)`);
	const files = walk(buildDir)
		.filter((f) => !LEFT_OUT.some((re) => re.test(f.url)))
		.sort((a, b) => a.url.localeCompare(b.url));
	const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
	if (totalBytes > budgetBytes) {
		const biggest = [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
		throw new Error(
			`The offline cache would hold ${mb(totalBytes)}, over its budget of ${mb(budgetBytes)}. Largest files: ` +
				biggest.map((f) => `${f.url} (${mb(f.bytes)})`).join(', ')
		);
	}
	// '/' stands for index.html: the service worker answers navigations with it.
	const manifest = { totalBytes, budgetBytes, files: [{ url: '/', bytes: fs.statSync(path.join(buildDir, 'index.html')).size }, ...files] };
	fs.writeFileSync(path.join(buildDir, MANIFEST), JSON.stringify(manifest));
	return manifest;
}

export function mb(bytes) {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const i = process.argv.indexOf('--budget-mb');
	const budgetBytes = i > 0 ? Number(process.argv[i + 1]) * 1024 * 1024 : DEFAULT_BUDGET_BYTES;
	try {
		const m = writePrecacheManifest(path.join(here, '..', 'build'), { budgetBytes });
		console.log(`Offline cache: ${m.files.length} files, ${mb(m.totalBytes)} (budget ${mb(m.budgetBytes)}) → build/${MANIFEST}`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
}
