/**
 * The share bundle: one zip holding a pipeline file, the uploaded datasets it names (as CSV)
 * and a README for whoever receives it. The manifest lists each dataset with the content
 * hash the app computes for an upload of that file (`datasetHash` with no reading options),
 * and the bundle's pipeline names the same hashes, so the bundled files satisfy it in the
 * studio (as uploads) and in `tessera run` alike.
 */
export const BUNDLE_FORMAT = 'tessera/bundle';
/**
 * 2: dataset hashes are SHA-256 fingerprints (`sha256:…`, util/fingerprint.ts). Version 1
 * recorded a 16-digit checksum; such bundles still open, their data checked with that older
 * checksum and a warning that says so.
 */
export const BUNDLE_VERSION = 2;
/** The first version whose hashes are SHA-256 fingerprints. */
export const BUNDLE_FINGERPRINT_VERSION = 2;
export const MANIFEST_PATH = 'manifest.json';
export const PIPELINE_PATH = 'pipeline.tessera.json';
export const README_PATH = 'README.txt';
export const DATA_DIR = 'data/';

export const BUNDLE_LIMITS = {
	/** The whole archive. */
	maxFileBytes: 1024 * 1024 * 1024,
	/** One dataset, unpacked. */
	maxDatasetBytes: 1024 * 1024 * 1024,
	maxManifestBytes: 1024 * 1024,
	maxPipelineBytes: 20 * 1024 * 1024,
	maxDatasets: 1000,
	maxEntries: 1010
} as const;

export interface BundleDataset {
	/** The dataset's name, as the pipeline's Dataset nodes name it. */
	readonly name: string;
	/** Where its CSV lies in the archive (under data/). */
	readonly path: string;
	/**
	 * Fingerprint of the CSV's bytes, as an upload of it is hashed: the pipeline records the same
	 * (`sha256:…`; the older 16-digit checksum in a version-1 bundle).
	 */
	readonly hash: string;
	readonly rows: number;
	readonly bytes: number;
	/**
	 * The hash the pipeline recorded before it was bundled, when it differs: the studio keeps
	 * parsed columns, not the uploaded bytes, so the bundle's CSV is written anew from them.
	 */
	readonly replaces?: string;
}

export interface BundleManifest {
	readonly format: typeof BUNDLE_FORMAT;
	readonly version: number;
	readonly pipeline: string;
	readonly created: string;
	/** Tessera's version that wrote it. */
	readonly tessera: string;
	readonly datasets: readonly BundleDataset[];
}

/** A bundle that cannot be opened; the message names the problem and where. */
export class BundleError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BundleError';
	}
}

/**
 * An entry name that could escape a folder if someone unzipped the bundle naively: absolute,
 * a drive, a backslash, a `..` or empty segment, or a control character. Refused, not cleaned.
 */
export function unsafeEntryName(name: string): boolean {
	if (name.length === 0 || name.length > 500) return true;
	if (name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name)) return true;
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (/[\u0000-\u001f]/.test(name)) return true;
	const segments = name.replace(/\/$/, '').split('/');
	return segments.some((s) => s === '..' || s === '.' || s === '');
}

/** The archive path of a dataset's CSV: its name made file-safe, `.csv` added, unique among `taken`. */
export function datasetPath(name: string, taken: ReadonlySet<string>): string {
	const base =
		name
			.replace(/\.(csv|tsv|txt)$/i, '')
			.replace(/[^A-Za-z0-9._-]+/g, '_')
			.replace(/^[._]+/, '')
			.slice(0, 80) || 'dataset';
	let path = `${DATA_DIR}${base}.csv`;
	for (let k = 2; taken.has(path); k++) path = `${DATA_DIR}${base}-${k}.csv`;
	return path;
}
