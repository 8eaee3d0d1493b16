import { strToU8, zipSync, type Zippable } from 'fflate';
import { serialiseDocument } from '../doc/serialise';
import type { PipelineDocument } from '../doc/types';
import type { Frame } from '../frame/types';
import { datasetHash } from '../readers/import-options';
import { frameCsv } from './frame-csv';
import {
	BUNDLE_FORMAT,
	BUNDLE_VERSION,
	datasetPath,
	MANIFEST_PATH,
	PIPELINE_PATH,
	README_PATH,
	type BundleDataset,
	type BundleManifest
} from './format';
import { rehashDocument, type StoredSource } from './sources';
import { bundleReadme } from './readme';

/** A dataset to bundle: what the pipeline names, and its rows as the app holds them. */
export interface BundleInput extends StoredSource {
	readonly frame: Frame;
}

export interface PackedBundle {
	readonly bytes: Uint8Array;
	readonly manifest: BundleManifest;
	/** The pipeline as bundled: naming the bundled files' hashes. */
	readonly doc: PipelineDocument;
}

/**
 * Packs a pipeline and its uploaded datasets into one zip. Each dataset is written as CSV
 * from its columns and hashed as an upload of that CSV is; the bundled pipeline records
 * those hashes (and the manifest the old ones it replaces).
 */
export async function packBundle(
	doc: PipelineDocument,
	inputs: readonly BundleInput[],
	about: { readonly created: string; readonly tessera: string }
): Promise<PackedBundle> {
	const files: Zippable = {};
	const taken = new Set<string>();
	const datasets: BundleDataset[] = [];
	for (const input of inputs) {
		const bytes = strToU8(frameCsv(input.frame));
		const hash = await datasetHash(bytes, {});
		const path = datasetPath(input.name, taken);
		taken.add(path);
		files[path] = bytes;
		datasets.push({
			name: input.name,
			path,
			hash,
			rows: input.frame.rowCount,
			bytes: bytes.length,
			...(input.hash && input.hash !== hash ? { replaces: input.hash } : {})
		});
	}
	const bundled = rehashDocument(
		doc,
		inputs.map((input, k) => ({
			name: input.name,
			from: input.hash,
			hash: datasets[k].hash,
			rows: datasets[k].rows,
			bytes: datasets[k].bytes,
			nodes: input.nodes
		}))
	);
	const manifest: BundleManifest = {
		format: BUNDLE_FORMAT,
		version: BUNDLE_VERSION,
		pipeline: PIPELINE_PATH,
		created: about.created,
		tessera: about.tessera,
		datasets
	};
	files[README_PATH] = strToU8(bundleReadme(bundled, datasets));
	files[MANIFEST_PATH] = strToU8(JSON.stringify(manifest, null, 2) + '\n');
	files[PIPELINE_PATH] = strToU8(serialiseDocument(bundled));
	// CSV compresses well; a fixed mtime keeps the same bundle byte-for-byte the same.
	const bytes = zipSync(files, { level: 6, mtime: new Date(Date.UTC(2020, 0, 1)) });
	return { bytes, manifest, doc: bundled };
}
