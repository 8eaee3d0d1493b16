/**
 * The models a server answers for, and how a new version comes in. A `Catalog` holds one
 * immutable snapshot (name → versions and the one in use); a request resolves its model once,
 * at its start, and keeps that object to the end, so replacing the snapshot (one assignment)
 * swaps the version atomically for new requests while in-flight ones finish on the old.
 *
 * A registry directory is a plain folder of model files plus `registry.json`:
 *
 *   { "models": { "churn": { "active": "2", "versions": { "1": { "file": "churn-1.tessera-model" },
 *                                                         "2": { "file": "churn-2.tessera-model" } } } } }
 *
 * (its full shape, with stages and history, and every edit: core/lifecycle/registry-index.ts;
 * reading it and the atomic write: src/cli/registry-dir.ts).
 *
 * Every listed version is loaded (each can be asked for by /versions/{v}); `active` is the one
 * a request without a version gets. Writers replace the index by writing a temporary file and
 * renaming it over registry.json, so a reader never sees half of it; the server watches the
 * folder, re-reads the index, loads what changed and swaps only when all of it loaded — a bad
 * index or file leaves the running snapshot as it was (and says so on stderr).
 */
import { unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ModelEntry } from '../../lib/core/lifecycle/registry-index';
import { basename } from 'node:path';
import { modelOf } from '../../lib/core/model-file/build';
import { MODEL_FILE_EXTENSION, ModelFileError, readModelFile, type ModelFile } from '../../lib/core/model-file/format';
import type { ModelValue } from '../../lib/core/nodes/ports';
import { DriftWindow } from '../../lib/core/serving/drift';
import { indexPath, readRegistryIndex, REGISTRY_INDEX, versionPath } from '../registry-dir';

export { REGISTRY_INDEX };

export interface ServedModel {
	readonly name: string;
	readonly version: string;
	readonly path: string;
	readonly file: ModelFile;
	readonly model: ModelValue;
	readonly contentHash: string;
	readonly drift: DriftWindow;
	/** What identifies the file on disk: a changed file is loaded again. */
	readonly stamp: string;
}

export interface CatalogEntry {
	readonly name: string;
	readonly active: string;
	readonly versions: ReadonlyMap<string, ServedModel>;
	/** The registry index's entry (stages, history) when served from a registry folder. */
	readonly index?: ModelEntry;
}

export class Catalog {
	private snapshot: ReadonlyMap<string, CatalogEntry> = new Map();

	get entries(): ReadonlyMap<string, CatalogEntry> {
		return this.snapshot;
	}

	replace(next: ReadonlyMap<string, CatalogEntry>): void {
		this.snapshot = next;
	}

	/** The model a request names; null when the name (or version) is not served. */
	resolve(name: string, version?: string): ServedModel | null {
		const entry = this.snapshot.get(name);
		if (!entry) return null;
		return entry.versions.get(version ?? entry.active) ?? null;
	}

	*all(): Iterable<ServedModel> {
		for (const entry of this.snapshot.values()) yield* entry.versions.values();
	}
}

export interface LoadOptions {
	readonly driftWindow: number;
}

async function stampOf(path: string): Promise<string> {
	const s = await stat(path);
	return `${s.size}:${s.mtimeMs}`;
}

/** Load one model file; `previous` is reused (with its drift window) when the file did not change. */
export async function loadModel(
	path: string,
	name: string,
	version: string,
	options: LoadOptions,
	previous?: ServedModel
): Promise<ServedModel> {
	const stamp = await stampOf(path);
	if (previous && previous.path === path && previous.stamp === stamp) return previous;
	let opened;
	try {
		opened = await readModelFile(new Uint8Array(await readFile(path)));
	} catch (e) {
		if (e instanceof ModelFileError) throw new Error(`${path}: ${e.message}`);
		throw e;
	}
	const model = modelOf(opened.file);
	if (!model.input) throw new Error(`${path}: the model does not record its input columns (run its pipeline again to save a new file)`);
	return {
		name,
		version,
		path,
		file: opened.file,
		model,
		contentHash: opened.contentHash,
		drift: new DriftWindow(model.input, options.driftWindow),
		stamp
	};
}

/** Model files given on the command line: the name is the file's base name (or --name), the version the browser registry's or "1". */
export async function loadFiles(
	paths: readonly string[],
	names: readonly (string | undefined)[],
	options: LoadOptions
): Promise<Map<string, CatalogEntry>> {
	const entries = new Map<string, CatalogEntry>();
	for (let i = 0; i < paths.length; i++) {
		const path = paths[i];
		const name = names[i] ?? basename(path, MODEL_FILE_EXTENSION);
		if (entries.has(name)) throw new Error(`two models are named "${name}": give one --name`);
		const served = await loadModel(path, name, '', options);
		const version = served.file.registry ? String(served.file.registry.version) : '1';
		entries.set(name, { name, active: version, versions: new Map([[version, { ...served, version }]]) });
	}
	return entries;
}

/** Read a registry directory's index and load its files, reusing unchanged ones from `current`. */
export async function loadRegistry(
	dir: string,
	options: LoadOptions,
	current?: ReadonlyMap<string, CatalogEntry>
): Promise<Map<string, CatalogEntry>> {
	const index = await readRegistryIndex(dir);
	const entries = new Map<string, CatalogEntry>();
	for (const [name, m] of Object.entries(index.models)) {
		const versions = new Map<string, ServedModel>();
		for (const [version, { file }] of Object.entries(m.versions))
			versions.set(version, await loadModel(versionPath(dir, file), name, version, options, current?.get(name)?.versions.get(version)));
		entries.set(name, { name, active: m.active, versions, index: m });
	}
	if (entries.size === 0) throw new Error(`${indexPath(dir)}: no models listed`);
	return entries;
}

/** How often the index is polled besides the folder watch. */
const POLL_MS = 2000;
const indexStamp = (s: Stats) => `${s.ino}:${s.size}:${s.mtimeMs}`;

/**
 * Watch a registry folder and swap the catalog when its index changes. Events are coalesced
 * (an editor or a rename fires several); one reload runs at a time, and a change during a
 * reload triggers one more. `onReload` reports each outcome (for logs and tests).
 */
export function watchRegistry(dir: string, catalog: Catalog, options: LoadOptions, onReload: (error: Error | null) => void): FSWatcher {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running = false;
	let again = false;
	const reload = async () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			seen = await stat(indexPath(dir)).then(indexStamp, () => '');
			catalog.replace(await loadRegistry(dir, options, catalog.entries));
			onReload(null);
		} catch (e) {
			onReload(e instanceof Error ? e : new Error(String(e)));
		} finally {
			running = false;
			if (again) {
				again = false;
				void reload();
			}
		}
	};
	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => void reload(), 50);
	};
	const watcher = watch(dir, (_event, filename) => {
		if (filename !== null && filename !== REGISTRY_INDEX) return;
		schedule();
	});
	// inotify does not see a rename made on another machine (a shared volume written by a
	// CronJob's pod, say): poll the index too, reloading only for a version not loaded yet.
	let seen = '';
	void stat(indexPath(dir)).then(
		(s) => (seen ||= indexStamp(s)),
		() => {}
	);
	const poll = (now: Stats) => {
		if (now.mtimeMs !== 0 && indexStamp(now) !== seen) schedule();
	};
	watchFile(indexPath(dir), { interval: POLL_MS, persistent: false }, poll);
	watcher.on('close', () => {
		if (timer) clearTimeout(timer);
		unwatchFile(indexPath(dir), poll);
	});
	// The folder going away (an unmounted volume) must not take the server down: keep serving what is loaded.
	watcher.on('error', (e) => onReload(new Error(`watching ${dir} stopped: ${e.message}`)));
	return watcher;
}
