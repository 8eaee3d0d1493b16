/**
 * A registry directory on disk: model files plus `registry.json` (core/lifecycle/registry-index.ts
 * has its shape and every edit). This module is the one place that reads and writes the index:
 * `tessera serve` reads it, `retrain`, `promote`, `rollback` and the server's automatic
 * rollback change it. A write goes to a temporary file in the same folder and is renamed over
 * registry.json, so a reader (the server's watcher) sees the old index or the new one, never
 * half of either.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseRegistryIndex, RegistryIndexError, serialiseRegistryIndex, type RegistryIndex } from '../lib/core/lifecycle/registry-index';

export const REGISTRY_INDEX = 'registry.json';

export const indexPath = (dir: string): string => join(dir, REGISTRY_INDEX);

/**
 * The index of `dir`; with `missingIsEmpty`, a folder without one (a first retrain) reads as no
 * models. An index that cannot be read or is malformed is a RegistryIndexError (the user's to fix).
 */
export async function readRegistryIndex(dir: string, missingIsEmpty = false): Promise<RegistryIndex> {
	const path = indexPath(dir);
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (e) {
		if (missingIsEmpty && (e as NodeJS.ErrnoException).code === 'ENOENT') return { models: {} };
		throw new RegistryIndexError(
			`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`
		);
	}
	return parseRegistryIndex(text, path);
}

/** Replace the index atomically (temporary file + rename in the same folder). */
export async function writeRegistryIndex(dir: string, index: RegistryIndex): Promise<void> {
	const target = indexPath(dir);
	const temp = join(dir, `.${REGISTRY_INDEX}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	await writeFile(temp, serialiseRegistryIndex(index));
	try {
		await rename(temp, target);
	} catch (e) {
		await unlink(temp).catch(() => {});
		throw e;
	}
}

/**
 * Read, change and write the index in one step. Writers in one process are queued so two
 * edits cannot interleave; across processes the last rename wins, which is why each edit is
 * computed from the index as it is at that moment (a stale edit is refused by its checks).
 */
let queue: Promise<unknown> = Promise.resolve();
export function updateRegistryIndex(
	dir: string,
	change: (index: RegistryIndex) => RegistryIndex,
	missingIsEmpty = false
): Promise<RegistryIndex> {
	const run = queue.then(async () => {
		const current = await readRegistryIndex(dir, missingIsEmpty);
		const next = change(current);
		// An edit that finds nothing to do returns the index it was given: nothing is written.
		if (next !== current) await writeRegistryIndex(dir, next);
		return next;
	});
	queue = run.catch(() => {});
	return run;
}

/** A file the index names, resolved inside the folder (an index cannot point outside it). */
export function versionPath(dir: string, file: string): string {
	const path = resolve(dir, file);
	if (!path.startsWith(resolve(dir) + '/')) throw new Error(`${indexPath(dir)}: "${file}" is outside the registry folder`);
	return path;
}
