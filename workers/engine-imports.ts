import { transfer } from 'comlink';
import { packBundle, storedSources, unpackBundle } from '../src/lib/core/bundle';
import type { ComputePool } from '../src/lib/core/compute/pool';
import type { EngineApi, DatasetMeta, ImportOptions, ImportProgress } from '../src/lib/core/engine/api';
import { rowWindow } from '../src/lib/core/frame/display';
import { schemaOf } from '../src/lib/core/frame/frame';
import type { Frame } from '../src/lib/core/frame/types';
import type { Registry } from '../src/lib/core/nodes/registry';
import { checkDataset, datasetHash, readerOptions, type DatasetCheck } from '../src/lib/core/readers/import-options';
import { parsePastedTable, pastedDelimiter } from '../src/lib/core/readers/paste';
import { TESSERA_VERSION } from '../src/lib/core/version';
import { storeDataset } from '../src/lib/persistence/datasets';
import type { EngineSources } from './engine-sources';
import { parseBytes } from './parse-bytes';

/** Datasets into and out of the engine: uploads (checked or not), pasted text, share bundles. */
export type ImportApi = Pick<EngineApi, 'importFile' | 'importChecked' | 'previewText' | 'cancelImport' | 'exportBundle' | 'openBundle'>;

export interface ImportApiDeps {
	readonly registry: Registry;
	readonly sources: EngineSources;
	/** The pool an upload's parse may use. */
	readonly compute?: ComputePool;
}

export function createImportApi(deps: ImportApiDeps): ImportApi {
	const { sources } = deps;
	let importController: AbortController | null = null;

	/** Parses an uploaded file and hashes it; a Cancel (or a newer import) aborts the parse. */
	async function readUpload(
		file: Blob,
		name: string,
		onProgress: (p: ImportProgress) => void,
		options: ImportOptions,
		expectedHash?: string
	): Promise<{ frame: Frame; hash: string; bytes: number; check: DatasetCheck | null }> {
		importController?.abort();
		const controller = (importController = new AbortController());
		const bytes = new Uint8Array(await file.arrayBuffer());
		let last = 0;
		const frame = await parseBytes(
			bytes,
			name,
			controller.signal,
			(n) => {
				// Progress messages at most every 1%: the page repaints, it does not need every chunk.
				if (n - last >= bytes.length / 100 || n === bytes.length) {
					last = n;
					onProgress({ bytes: n, total: bytes.length });
				}
			},
			options,
			deps.compute
		);
		// Stored datasets are keyed by hash: the same bytes read with other options are another dataset.
		// Checked against what a pipeline recorded, the older 16-digit checksum is recognised too.
		const check = expectedHash === undefined ? null : await checkDataset(bytes, readerOptions(options), expectedHash);
		const hash = check ? check.hash : await datasetHash(bytes, readerOptions(options));
		if (importController === controller) importController = null;
		return { frame, hash, bytes: bytes.length, check };
	}

	async function storeUpload(name: string, read: { frame: Frame; hash: string; bytes: number }): Promise<DatasetMeta> {
		const { frame, hash } = read;
		const meta = await storeDataset(
			{ name, hash, rows: frame.rowCount, columns: frame.columns.length, bytes: read.bytes, schema: schemaOf(frame) },
			frame
		);
		sources.remember(meta.hash, meta.name, frame);
		return meta;
	}

	return {
		async importFile(file, name, onProgress, options = {}) {
			return storeUpload(name, await readUpload(file, name, onProgress, options));
		},

		async importChecked(file, name, onProgress, options, expectedHash) {
			const read = await readUpload(file, name, onProgress, options, expectedHash);
			// A different file is refused before it is stored: nothing changes until the person decides.
			if (read.check?.kind === 'different')
				return {
					kind: 'different',
					actual: { name, hash: read.hash, rows: read.frame.rowCount, columns: read.frame.columns.length, bytes: read.bytes }
				};
			// Stored under its SHA-256 fingerprint; the caller re-points the pipeline at it.
			return { kind: 'stored', meta: await storeUpload(name, read), olderChecksum: read.check?.kind === 'same-legacy' };
		},

		async previewText(text, limit) {
			const frame = parsePastedTable(text);
			return {
				columns: frame.columns.map((c) => ({ name: c.name, kind: c.kind })),
				rows: rowWindow(frame, 0, limit).rows,
				rowCount: frame.rowCount,
				delimiter: pastedDelimiter(text)
			};
		},

		async cancelImport() {
			importController?.abort();
		},

		async exportBundle(doc) {
			const inputs = [];
			for (const source of storedSources(doc, deps.registry))
				inputs.push({ ...source, frame: (await sources.load({ kind: 'stored', name: source.name, hash: source.hash })).frame });
			const { bytes } = await packBundle(doc, inputs, { created: new Date().toISOString(), tessera: TESSERA_VERSION });
			return transfer(bytes, [bytes.buffer as ArrayBuffer]);
		},

		async openBundle(file) {
			const opened = await unpackBundle(new Uint8Array(await file.arrayBuffer()), deps.registry);
			const datasets: DatasetMeta[] = [];
			// Each CSV is read as an upload of it is (no reading options): the hash the pipeline records.
			for (const d of opened.datasets)
				datasets.push(
					await storeUpload(d.name, {
						frame: await parseBytes(d.data, d.path, undefined, undefined, {}, deps.compute),
						hash: d.hash,
						bytes: d.bytes
					})
				);
			return { doc: opened.doc, warnings: [...opened.warnings], readOnly: opened.readOnly, datasets };
		}
	};
}
