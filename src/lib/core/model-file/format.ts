import { strFromU8, strToU8, unzipSync, zipSync, type UnzipFileInfo } from 'fflate';
import { formatBytes, safeJsonParse } from '../doc/safe-json';
import type { Metrics, ModelValue, Task } from '../nodes/ports';
import type { ModelInput } from './input';
import { modelFamily } from '../nodes/families';
import { pack, unpack } from './pack';
import {
	FingerprintHasher,
	fingerprintBytes,
	fingerprintForm,
	fingerprintOfHex,
	fingerprintText,
	type Fingerprint
} from '../util/fingerprint';

/**
 * The `.tessera-model` file: one trained model, portable. A zip (readable with any unzip
 * tool) of three entries:
 * - `manifest.json`: format name, version and the content hash of the other two;
 * - `model.json`: the model as JSON, numeric arrays replaced by references into…
 * - `arrays.bin`: …one blob of little-endian arrays at their exact width (pack.ts).
 * No code is stored: a recipe names node types this app implements, with fitted numbers.
 */

export const MODEL_FILE_FORMAT = 'tessera-model';
/**
 * Bump when the body changes shape, and append a migration below. 2: the manifest's content
 * hash and the pipeline's hash are SHA-256 fingerprints (`sha256:…`); version 1 wrote the
 * content hash as bare hex (SHA-256 too, so still checked in full) and the pipeline's hash as
 * a 16-digit FNV checksum (recomputed from the pipeline text the file holds).
 */
export const MODEL_FILE_VERSION = 2;
/** The first version whose hashes are SHA-256 fingerprints. */
export const MODEL_FILE_FINGERPRINT_VERSION = 2;
export const MODEL_FILE_EXTENSION = '.tessera-model';

/**
 * `modelFileMigrations[i]` turns a version-(i+1) body into a version-(i+2) one (the format
 * starts at version 1). They run on sanitised JSON before the body is checked, as the
 * pipeline format's do (core/doc/migrations.ts). A new version adds a fixture of the old.
 */
export const modelFileMigrations: readonly ((body: Record<string, unknown>) => Record<string, unknown>)[] = [
	// 1 → 2: the pipeline's FNV hash becomes the SHA-256 fingerprint of the text it names.
	(body) => {
		const p = body.pipeline;
		if (!isRecord(p) || typeof p.text !== 'string' || typeof p.hash !== 'string' || fingerprintForm(p.hash) === 'sha256') return body;
		return { ...body, pipeline: { ...p, hash: fingerprintText(p.text) } };
	}
];
if (modelFileMigrations.length !== MODEL_FILE_VERSION - 1) throw new Error('core/model-file: one migration per format version');

/** The body of a model file, current version. */
export interface ModelFile {
	readonly format: typeof MODEL_FILE_FORMAT;
	readonly version: typeof MODEL_FILE_VERSION;
	/** A name for the model (the registry's name, or what the user chose). */
	readonly name: string;
	/** ISO time the file was written. */
	readonly createdAt: string;
	/** The Tessera version that wrote it. */
	readonly tessera: string;
	/** Recipe, estimator, features, classes… (ModelValue without the engine-only `input`). */
	readonly model: ModelValue;
	/** The raw columns the recipe starts from, and reference statistics of the training rows. */
	readonly input: ModelInput;
	/** The model's metrics on the validation and test rows it was trained with. */
	readonly metrics: { readonly validation: Metrics | null; readonly test: Metrics | null };
	/** The pipeline document that trained it (its JSON text), its fingerprint and the training node. */
	readonly pipeline: { readonly text: string; readonly hash: string; readonly node: string } | null;
	/**
	 * The data it was trained on: names and fingerprints (never the data); a dataset recorded by
	 * an older Tessera keeps its 16-digit checksum, since the data is not here to recompute it.
	 */
	readonly data: readonly { readonly name: string; readonly hash: string; readonly rows?: number }[];
	/** Where it came from in a browser's model registry, if it did. */
	readonly registry?: { readonly name: string; readonly version: number };
}

/** A model file as read: the body plus what the container said about it. */
export interface ReadModelFile {
	readonly file: ModelFile;
	/** SHA-256 of model.json + arrays.bin (`sha256:…`, whatever the file's version wrote); checked on read. */
	readonly contentHash: Fingerprint;
	/** Bytes of the file. */
	readonly bytes: number;
	/** The format version the file was written in (its body is migrated to the current one). */
	readonly writtenVersion: number;
}

/** Limits that keep a hostile file from exhausting memory before it is refused. */
export const MODEL_FILE_LIMITS = {
	/** The whole file. */
	maxFileBytes: 1024 * 1024 * 1024,
	/** model.json, uncompressed. */
	maxJsonBytes: 256 * 1024 * 1024,
	/** arrays.bin, uncompressed. */
	maxBlobBytes: 2 * 1024 * 1024 * 1024 - 1,
	maxDepth: 64,
	maxArrayLength: 256 * 1024 * 1024,
	maxEntries: 16
} as const;

/**
 * SHA-256 of the parts one after another: joined and digested by WebCrypto where the page has
 * it (several times faster on a large model: bench/results/fingerprint.md), else streamed.
 */
async function contentFingerprint(parts: readonly Uint8Array[]): Promise<Fingerprint> {
	if (!(globalThis.crypto as { subtle?: unknown } | undefined)?.subtle) {
		const h = new FingerprintHasher();
		for (const p of parts) h.update(p);
		return h.digest();
	}
	const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		all.set(p, at);
		at += p.length;
	}
	return fingerprintBytes(all);
}

/** Write a model file's bytes. */
export async function writeModelFile(file: ModelFile): Promise<Uint8Array> {
	const { json, blob } = pack(file);
	const body = strToU8(json);
	const contentHash = await contentFingerprint([body, blob]);
	const manifest = strToU8(JSON.stringify({ format: MODEL_FILE_FORMAT, version: file.version, contentHash }, null, 2));
	// Deflate level 6: arrays of tree nodes and weights shrink by half or more, in well under a second.
	return zipSync({ 'manifest.json': manifest, 'model.json': [body, { level: 6 }], 'arrays.bin': [blob, { level: 6 }] }, { level: 6 });
}

/** A model file that cannot be read, with what is wrong in words a person can act on. */
export class ModelFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ModelFileError';
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string, what: string, maxBytes: number): unknown {
	const parsed = safeJsonParse(text, { maxBytes, maxDepth: MODEL_FILE_LIMITS.maxDepth });
	if (!parsed.ok) throw new ModelFileError(`${what} cannot be read: ${parsed.errors.slice(0, 3).join('; ')}`);
	return parsed.value;
}

/** Unzip with the sizes checked before anything is inflated (a zip bomb is refused by its header). */
function entries(bytes: Uint8Array): Record<string, Uint8Array> {
	if (bytes.length > MODEL_FILE_LIMITS.maxFileBytes)
		throw new ModelFileError(
			`the file is ${formatBytes(bytes.length)}; a model file may be at most ${formatBytes(MODEL_FILE_LIMITS.maxFileBytes)}`
		);
	if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
		const head = strFromU8(bytes.subarray(0, 64)).trimStart();
		if (head.startsWith('{'))
			throw new ModelFileError(
				'this is a JSON file (a pipeline?), not a model file: open pipelines with Open, and models with Import model file'
			);
		throw new ModelFileError('this is not a Tessera model file (it is not a zip archive)');
	}
	let count = 0;
	let problem: string | null = null;
	const limitOf = (name: string) =>
		name === 'arrays.bin' ? MODEL_FILE_LIMITS.maxBlobBytes : name === 'model.json' ? MODEL_FILE_LIMITS.maxJsonBytes : 64 * 1024;
	try {
		const out = unzipSync(bytes, {
			filter: (f: UnzipFileInfo) => {
				count++;
				if (count > MODEL_FILE_LIMITS.maxEntries) problem ??= `the archive has more than ${MODEL_FILE_LIMITS.maxEntries} entries`;
				const known = f.name === 'manifest.json' || f.name === 'model.json' || f.name === 'arrays.bin';
				if (known && f.originalSize > limitOf(f.name))
					problem ??= `${f.name} would unpack to ${formatBytes(f.originalSize)}, over the ${formatBytes(limitOf(f.name))} limit`;
				return known && !problem;
			}
		});
		if (problem) throw new ModelFileError(`the file is refused: ${problem}`);
		return out;
	} catch (e) {
		if (e instanceof ModelFileError) throw e;
		throw new ModelFileError(`the file is truncated or damaged: ${e instanceof Error ? e.message : String(e)}`);
	}
}

const TASKS: readonly Task[] = ['classification', 'regression'];

/** Check the shape of the parts every reader relies on; the estimator is checked by its family when it predicts. */
function checkBody(body: Record<string, unknown>): ModelFile {
	const fail = (where: string, what: string): never => {
		throw new ModelFileError(`the model file is damaged: ${where} ${what}`);
	};
	const model = body.model;
	if (!isRecord(model) || model.kind !== 'model') return fail('"model"', 'is not a trained model');
	if (typeof model.family !== 'string') fail('model.family', 'is missing');
	if (!TASKS.includes(model.task as Task)) fail('model.task', 'must be classification or regression');
	if (typeof model.target !== 'string') fail('model.target', 'is missing');
	if (!Array.isArray(model.features) || !model.features.every((f) => typeof f === 'string'))
		fail('model.features', 'must be a list of column names');
	if (model.task === 'classification' && (!Array.isArray(model.classes) || !model.classes.every((c) => typeof c === 'string')))
		fail('model.classes', 'must list the class labels');
	if (!Array.isArray(model.recipe)) fail('model.recipe', 'must be a list of steps');
	(model.recipe as unknown[]).forEach((s, i) => {
		if (!isRecord(s) || typeof s.type !== 'string' || !Number.isInteger(s.version) || !isRecord(s.params))
			fail(`model.recipe[${i}]`, 'must have a type, a version and params');
	});
	const input = body.input;
	if (!isRecord(input) || !Array.isArray(input.columns)) return fail('"input"', 'does not describe the input columns');
	(input.columns as unknown[]).forEach((c, i) => {
		if (!isRecord(c) || typeof c.name !== 'string' || typeof c.kind !== 'string' || typeof c.required !== 'boolean')
			fail(`input.columns[${i}]`, 'must have a name, a kind and whether it is required');
	});
	const family = modelFamily(model.family as string);
	if (!family) fail('model.family', `names "${String(model.family)}", a kind of model this Tessera cannot run`);
	const issue = family!.check?.(model.estimator, (model.features as string[]).length);
	if (issue) fail('model.estimator:', issue);
	if (typeof body.name !== 'string') fail('"name"', 'is missing');
	if (!isRecord(body.metrics)) fail('"metrics"', 'is missing');
	return body as unknown as ModelFile;
}

/** Read a model file's bytes: limits, content hash, migrations, then the shape of the body. */
export async function readModelFile(bytes: Uint8Array): Promise<ReadModelFile> {
	const files = entries(bytes);
	for (const name of ['manifest.json', 'model.json', 'arrays.bin'])
		if (!files[name]) throw new ModelFileError(`the file is not a complete model file: it has no ${name}`);
	const manifest = parseJson(strFromU8(files['manifest.json']), 'manifest.json', 64 * 1024);
	if (!isRecord(manifest) || manifest.format !== MODEL_FILE_FORMAT)
		throw new ModelFileError('manifest.json does not say this is a Tessera model');
	const version = manifest.version;
	if (!Number.isInteger(version) || (version as number) < 1) throw new ModelFileError('manifest.json has no valid format version');
	if ((version as number) > MODEL_FILE_VERSION)
		throw new ModelFileError(
			`this model file is format version ${version}, newer than this Tessera reads (version ${MODEL_FILE_VERSION}): update Tessera to open it`
		);
	const contentHash = await contentFingerprint([files['model.json'], files['arrays.bin']]);
	// Version 1 wrote the same SHA-256 as bare hex: put in today's form, it is checked in full all the same.
	const recorded =
		typeof manifest.contentHash === 'string' && version === 1 ? fingerprintOfHex(manifest.contentHash) : manifest.contentHash;
	if (recorded !== contentHash)
		throw new ModelFileError('the file was changed or damaged after it was written: its content hash does not match');
	let raw = parseJson(strFromU8(files['model.json']), 'model.json', MODEL_FILE_LIMITS.maxJsonBytes);
	if (!isRecord(raw)) throw new ModelFileError('model.json is not an object');
	for (let v = version as number; v < MODEL_FILE_VERSION; v++) raw = modelFileMigrations[v - 1](raw as Record<string, unknown>);
	let body: unknown;
	try {
		body = unpack(raw, files['arrays.bin'], { maxArrayLength: MODEL_FILE_LIMITS.maxArrayLength });
	} catch (e) {
		throw new ModelFileError(`the model file is damaged: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (!isRecord(body)) throw new ModelFileError('model.json is not an object');
	const file = checkBody({ ...body, version: MODEL_FILE_VERSION });
	return { file, contentHash, bytes: bytes.length, writtenVersion: version as number };
}
