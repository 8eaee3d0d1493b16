import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTableBytes } from '../lib/core/readers/readers';
import { cliComputePool } from './compute-threads';
import type { Frame } from '../lib/core/frame/types';
import type { LoadedSource } from '../lib/core/nodes/define';
import { checkDataset, datasetHash, readerOptions, type DatasetCheck, type ReaderChoices } from '../lib/core/readers/import-options';
import { oneOf, UsageError } from './args';
import { DECIMAL_CHOICES } from '../lib/core/frame/decimal';
import { ENCODING_CHOICES } from '../lib/core/readers/encoding';
import { sampleFileName } from '../lib/core/nodes/catalog/io/dataset';

/** Where the bundled samples live: the same files the studio serves. */
export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'static', 'samples');

export function datasetName(path: string): string {
	return basename(path, extname(path));
}

/** Errors that mean "this file is malformed", as opposed to a bug: the user can fix them. */
const FILE_ERRORS = new Set([
	'CsvError',
	'JsonTableError',
	'EncodingError',
	'ParquetError',
	'ArrowError',
	'ImageZipError',
	'ZipLimitError'
]);

/**
 * Read and parse a data file (CSV / TSV, JSON / NDJSON, Parquet, Arrow IPC: by extension,
 * else by content); a missing file or a malformed row is a usage error (exit 2). With
 * `recorded` (the hash a pipeline names), `check` says whether the file is that dataset.
 */
export async function loadCsvFile(
	path: string,
	name = datasetName(path),
	choices: ReaderChoices = {},
	recorded?: string
): Promise<LoadedSource & { bytes: number; check?: DatasetCheck }> {
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
	const frame = await parseTable(bytes, path, choices);
	if (recorded) {
		const check = await checkDataset(bytes, choices, recorded);
		return { frame, hash: check.hash, name, bytes: size, check };
	}
	return { frame, hash: await datasetHash(bytes, choices), name, bytes: size };
}

/** Parses a data file's bytes (`where` names it in messages and picks the reader by extension). */
export async function parseTable(bytes: Uint8Array, where: string, choices: ReaderChoices = {}): Promise<Frame> {
	try {
		return await readTableBytes(bytes, { fileName: where, compute: cliComputePool(), ...choices });
	} catch (e) {
		if (e instanceof Error && FILE_ERRORS.has(e.name)) throw new UsageError(`${where}: ${e.message}`);
		throw e;
	}
}

export async function loadSample(name: string): Promise<LoadedSource> {
	if (!/^[a-z0-9-]+$/.test(name)) throw new UsageError(`unknown sample "${name}"`);
	const loaded = await loadCsvFile(join(SAMPLES_DIR, sampleFileName(name)), name);
	return loaded;
}

const DELIMITERS: Record<string, ',' | ';' | '\t' | '|' | 'auto'> = { auto: 'auto', ',': ',', ';': ';', tab: '\t', '\t': '\t', '|': '|' };

/** --encoding / --delimiter / --decimal, as the studio's import options (so hashes match). */
export function readerChoices(flags: { encoding?: string; delimiter?: string; decimal?: string }): ReaderChoices {
	const encoding = oneOf('encoding', flags.encoding ?? 'auto', ENCODING_CHOICES);
	const decimal = oneOf('decimal', flags.decimal ?? 'auto', DECIMAL_CHOICES);
	const delimiter = DELIMITERS[flags.delimiter ?? 'auto'];
	if (!delimiter) throw new UsageError('--delimiter must be one of auto , ; tab |');
	return readerOptions({
		encoding: encoding as (typeof ENCODING_CHOICES)[number],
		decimal: decimal as (typeof DECIMAL_CHOICES)[number],
		delimiter
	});
}
