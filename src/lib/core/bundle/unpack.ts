import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { safeJsonParse } from '../doc/safe-json';
import { parseDocument } from '../doc/serialise';
import type { PipelineDocument } from '../doc/types';
import type { NodeTypeLookup } from '../nodes/define';
import { checkDataset } from '../readers/import-options';
import { fingerprintForm, LEGACY_CHECKSUM_NOTE } from '../util/fingerprint';
import {
	BUNDLE_FINGERPRINT_VERSION,
	BUNDLE_FORMAT,
	BUNDLE_LIMITS,
	BUNDLE_VERSION,
	BundleError,
	DATA_DIR,
	MANIFEST_PATH,
	unsafeEntryName,
	type BundleDataset,
	type BundleManifest
} from './format';
import { storedSources, type SourceLookup } from './sources';

/** A dataset taken out of a bundle, its bytes checked against the manifest's hash. */
export interface UnpackedDataset extends BundleDataset {
	readonly data: Uint8Array;
}

export interface UnpackedBundle {
	readonly manifest: BundleManifest;
	readonly doc: PipelineDocument;
	/** The pipeline file's warnings (migrations, dropped parts), each naming where. */
	readonly warnings: readonly string[];
	readonly readOnly: boolean;
	readonly datasets: readonly UnpackedDataset[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether these bytes are a zip archive (its local-header signature), not a JSON pipeline file. */
export function looksLikeZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function entriesOf(bytes: Uint8Array): Record<string, Uint8Array> {
	if (bytes.length > BUNDLE_LIMITS.maxFileBytes) throw new BundleError(`the bundle is larger than ${BUNDLE_LIMITS.maxFileBytes} bytes`);
	if (!looksLikeZip(bytes)) {
		const head = strFromU8(bytes.subarray(0, 64)).trimStart();
		throw new BundleError(
			head.startsWith('{')
				? 'this is a JSON file, not a bundle: open a pipeline file as it is'
				: 'this is not a Tessera bundle (it is not a zip archive)'
		);
	}
	let count = 0;
	let problem: string | null = null;
	const limitOf = (name: string) =>
		name === MANIFEST_PATH
			? BUNDLE_LIMITS.maxManifestBytes
			: name.endsWith('.json')
				? BUNDLE_LIMITS.maxPipelineBytes
				: BUNDLE_LIMITS.maxDatasetBytes;
	let out: Record<string, Uint8Array>;
	try {
		out = unzipSync(bytes, {
			filter: (f: UnzipFileInfo) => {
				count++;
				if (count > BUNDLE_LIMITS.maxEntries) problem ??= `it has more than ${BUNDLE_LIMITS.maxEntries} entries`;
				if (unsafeEntryName(f.name)) problem ??= `the entry name "${f.name.slice(0, 120)}" points outside the bundle's folder`;
				else if (f.originalSize > limitOf(f.name))
					problem ??= `${f.name} would unpack to ${f.originalSize} bytes, over the ${limitOf(f.name)}-byte limit`;
				return !problem && !f.name.endsWith('/');
			}
		});
	} catch (e) {
		throw new BundleError(`the bundle is truncated or damaged: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (problem) throw new BundleError(`the bundle is refused: ${problem}`);
	return out;
}

/** The manifest, checked field by field; every message names the field. */
export function readManifest(text: string): BundleManifest {
	const parsed = safeJsonParse(text, { maxBytes: BUNDLE_LIMITS.maxManifestBytes, maxDepth: 8 });
	if (!parsed.ok) throw new BundleError(`${MANIFEST_PATH} cannot be read: ${parsed.errors.slice(0, 3).join('; ')}`);
	const raw = parsed.value;
	const fail = (where: string, what: string): never => {
		throw new BundleError(`${MANIFEST_PATH}: ${where} ${what}`);
	};
	if (!isRecord(raw) || raw.format !== BUNDLE_FORMAT) return fail('"format"', `must be "${BUNDLE_FORMAT}"`);
	if (!Number.isInteger(raw.version) || (raw.version as number) < 1 || (raw.version as number) > BUNDLE_VERSION)
		fail('"version"', `is ${JSON.stringify(raw.version)}; this app reads bundle versions 1 to ${BUNDLE_VERSION}`);
	const version = raw.version as number;
	// The hash's form follows the version: an older bundle's 16-digit checksum, else a SHA-256 fingerprint.
	const hashForm = version >= BUNDLE_FINGERPRINT_VERSION ? 'sha256' : 'legacy';
	if (typeof raw.pipeline !== 'string' || unsafeEntryName(raw.pipeline) || !raw.pipeline.endsWith('.json'))
		fail('"pipeline"', 'must name the pipeline .json file inside the bundle');
	if (!Array.isArray(raw.datasets)) return fail('"datasets"', 'must be a list');
	if (raw.datasets.length > BUNDLE_LIMITS.maxDatasets) fail('"datasets"', `lists more than ${BUNDLE_LIMITS.maxDatasets}`);
	const paths = new Set<string>();
	const datasets = (raw.datasets as unknown[]).map((d, i): BundleDataset => {
		const at = `datasets[${i}]`;
		if (!isRecord(d)) return fail(at, 'must be an object');
		if (typeof d.name !== 'string' || !d.name) fail(`${at}.name`, 'must be the dataset name');
		if (typeof d.path !== 'string' || unsafeEntryName(d.path) || !d.path.startsWith(DATA_DIR))
			fail(`${at}.path`, `must be a file under ${DATA_DIR}`);
		if (paths.has(d.path as string)) fail(`${at}.path`, `repeats "${d.path}"`);
		paths.add(d.path as string);
		if (typeof d.hash !== 'string' || fingerprintForm(d.hash) !== hashForm)
			fail(
				`${at}.hash`,
				hashForm === 'sha256'
					? 'must be a SHA-256 fingerprint ("sha256:" and 64 hex digits)'
					: 'must be a 16-digit hex content hash (bundle version 1)'
			);
		for (const k of ['rows', 'bytes'] as const)
			if (!Number.isSafeInteger(d[k]) || (d[k] as number) < 0) fail(`${at}.${k}`, 'must be a whole number');
		if (d.replaces !== undefined && typeof d.replaces !== 'string') fail(`${at}.replaces`, 'must be a hash');
		return {
			name: d.name as string,
			path: d.path as string,
			hash: d.hash as string,
			rows: d.rows as number,
			bytes: d.bytes as number,
			...(typeof d.replaces === 'string' ? { replaces: d.replaces } : {})
		};
	});
	return {
		format: BUNDLE_FORMAT,
		version,
		pipeline: raw.pipeline as string,
		created: typeof raw.created === 'string' ? raw.created : '',
		tessera: typeof raw.tessera === 'string' ? raw.tessera : '',
		datasets
	};
}

/**
 * Opens a bundle: the zip, its manifest, the pipeline (validated as any opened file is), and
 * each dataset, whose bytes must hash to what the manifest records. Every uploaded dataset
 * the pipeline reads must be in the bundle with the hash the pipeline records.
 */
export async function unpackBundle(bytes: Uint8Array, lookup: NodeTypeLookup & SourceLookup): Promise<UnpackedBundle> {
	const entries = entriesOf(bytes);
	const manifestBytes = entries[MANIFEST_PATH];
	if (!manifestBytes) {
		const names = Object.keys(entries);
		throw new BundleError(
			names.some((n) => /\.(png|jpe?g|gif|bmp|webp)$/i.test(n))
				? 'this zip holds images, not a Tessera bundle (it has no manifest.json): import it as an image dataset'
				: 'this zip is not a Tessera bundle: it has no manifest.json'
		);
	}
	if (entries['model.json'] && entries['arrays.bin'])
		throw new BundleError('this is a model file, not a bundle: import it on the Models page, or score with tessera predict');
	const manifest = readManifest(strFromU8(manifestBytes));
	const pipelineBytes = entries[manifest.pipeline];
	if (!pipelineBytes) throw new BundleError(`the bundle has no pipeline: ${manifest.pipeline}, named by ${MANIFEST_PATH}, is missing`);
	const parsed = parseDocument(strFromU8(pipelineBytes), lookup);
	if (!parsed.ok) throw new BundleError(`${manifest.pipeline} cannot be opened: ${parsed.errors.join('; ')}`);
	const datasets: UnpackedDataset[] = [];
	const warnings = [...parsed.warnings];
	for (const d of manifest.datasets) {
		const data = entries[d.path];
		if (!data) throw new BundleError(`${d.path} ("${d.name}"), listed in ${MANIFEST_PATH}, is missing from the bundle`);
		const check = await checkDataset(data, {}, d.hash);
		if (check.kind === 'different')
			throw new BundleError(
				`${d.path} ("${d.name}") has content hash ${check.hash}, but ${MANIFEST_PATH} records ${d.hash}: the file was changed or damaged`
			);
		datasets.push({ ...d, data });
	}
	// One note for the bundle, not one per dataset: the whole bundle was made the older way.
	if (manifest.version < BUNDLE_FINGERPRINT_VERSION && datasets.length > 0)
		warnings.push(`this bundle was ${LEGACY_CHECKSUM_NOTE}; its data matched that checksum`);
	for (const need of storedSources(parsed.doc, lookup)) {
		const found = datasets.find((d) => d.name === need.name && (!need.hash || d.hash === need.hash));
		if (!found)
			throw new BundleError(
				`the pipeline reads the dataset "${need.name}"${need.hash ? ` (content hash ${need.hash})` : ''}, which the bundle does not hold`
			);
	}
	return { manifest, doc: parsed.doc, warnings, readOnly: parsed.readOnly, datasets };
}
