import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTableBytes } from '../lib/core/frame/readers';
import type { Frame } from '../lib/core/frame/types';
import type { LoadedSource } from '../lib/core/nodes/define';
import { contentHash } from '../lib/core/util/digest';
import { UsageError } from './args';

/** Where the bundled samples live: the same files the studio serves. */
export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'static', 'samples');

export function datasetName(path: string): string {
	return basename(path, extname(path));
}

/** Errors that mean "this file is malformed", as opposed to a bug: the user can fix them. */
const FILE_ERRORS = new Set(['CsvError', 'JsonTableError', 'EncodingError', 'ParquetError', 'ArrowError']);

/**
 * Read and parse a data file (CSV / TSV, JSON / NDJSON, Parquet, Arrow IPC: by extension,
 * else by content); a missing file or a malformed row is a usage error (exit 2).
 */
export async function loadCsvFile(path: string, name = datasetName(path)): Promise<LoadedSource & { bytes: number }> {
	let size: number;
	try {
		const s = await stat(path);
		if (!s.isFile()) throw new Error();
		size = s.size;
	} catch {
		throw new UsageError(`cannot read "${path}": no such file`);
	}
	// One read serves the parse and the content hash.
	const bytes = new Uint8Array(await readFile(path));
	let frame: Frame;
	try {
		frame = await readTableBytes(bytes, { fileName: path });
	} catch (e) {
		if (e instanceof Error && FILE_ERRORS.has(e.name)) throw new UsageError(`${path}: ${e.message}`);
		throw e;
	}
	const hash = await contentHash(bytes);
	return { frame, hash, name, bytes: size };
}

export async function loadSample(name: string): Promise<LoadedSource> {
	if (!/^[a-z0-9-]+$/.test(name)) throw new UsageError(`unknown sample "${name}"`);
	const loaded = await loadCsvFile(join(SAMPLES_DIR, `${name}.csv`), name);
	return loaded;
}
