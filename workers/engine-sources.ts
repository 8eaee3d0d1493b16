import type { ComputePool } from '../src/lib/core/compute/pool';
import { schemaOf } from '../src/lib/core/frame/frame';
import type { Frame, FrameSchema } from '../src/lib/core/frame/types';
import { sampleFileName } from '../src/lib/core/nodes/catalog/io/dataset';
import type { DataSourceRef, LoadedSource } from '../src/lib/core/nodes/define';
import { fingerprintBytes } from '../src/lib/core/util/fingerprint';
import { findDataset, loadDatasetFrame } from '../src/lib/persistence/datasets';
import { parseBytes } from './parse-bytes';

/** The data sources the engine has read (samples and stored datasets), parsed once per session. */
export interface EngineSources {
	/** The key a source is held under: a sample by name, a stored dataset by content hash. */
	key(ref: DataSourceRef): string;
	load(ref: DataSourceRef): Promise<LoadedSource>;
	/** A source's columns without reading its rows where possible; null when it is not here. */
	schema(ref: DataSourceRef): Promise<FrameSchema | null>;
	/** A source's content hash, cheaply where it is known without parsing. */
	hash(ref: DataSourceRef): Promise<string>;
	/** Holds a dataset just stored (an upload, a bundle's dataset) so a run does not read it back. */
	remember(hash: string, name: string, frame: Frame): void;
	/** The content hashes of every source read so far (an experiment's datasets). */
	hashes(): string[];
}

export interface EngineSourcesDeps {
	readonly fetchSample: (name: string) => Promise<Uint8Array>;
	/** The pool a sample's parse may use. */
	readonly compute?: ComputePool;
}

export function createEngineSources(deps: EngineSourcesDeps): EngineSources {
	const sources = new Map<string, LoadedSource>();
	const key = (ref: DataSourceRef) => (ref.kind === 'sample' ? `sample:${ref.name}` : `stored:${ref.hash || ref.name}`);

	async function load(ref: DataSourceRef): Promise<LoadedSource> {
		const k = key(ref);
		const known = sources.get(k);
		if (known) return known;
		let loaded: LoadedSource;
		if (ref.kind === 'sample') {
			const bytes = await deps.fetchSample(ref.name);
			loaded = {
				frame: await parseBytes(bytes, sampleFileName(ref.name), undefined, undefined, {}, deps.compute),
				hash: await fingerprintBytes(bytes),
				name: ref.name
			};
		} else {
			const record = await findDataset(ref.name, ref.hash);
			if (!record)
				throw new Error(
					`dataset "${ref.name}" is not stored in this browser: upload the file (its content hash must be ${ref.hash || 'unknown'})`
				);
			if (ref.hash && record.hash !== ref.hash)
				throw new Error(
					`the stored "${ref.name}" has different content (hash ${record.hash}, the pipeline expects ${ref.hash}): upload the original file`
				);
			loaded = { frame: await loadDatasetFrame(record), hash: record.hash, name: record.name };
		}
		sources.set(k, loaded);
		return loaded;
	}

	/**
	 * A source's columns without reading its rows where possible: a stored dataset's metadata,
	 * a sample's parsed frame (small, and kept for the run); null when it is not here.
	 */
	async function schema(ref: DataSourceRef): Promise<FrameSchema | null> {
		const loaded = sources.get(key(ref));
		if (loaded) return schemaOf(loaded.frame);
		if (ref.kind === 'sample')
			return load(ref).then(
				(l) => schemaOf(l.frame),
				() => null
			);
		const record = await findDataset(ref.name, ref.hash).catch(() => undefined);
		return record && (!ref.hash || record.hash === ref.hash) ? record.schema : null;
	}

	/** A sample's content hash from its bytes, without parsing it: enough to look up stored results. */
	const sampleHashes = new Map<string, Promise<string>>();
	const sampleHash = (name: string): Promise<string> => {
		const loaded = sources.get(`sample:${name}`);
		if (loaded) return Promise.resolve(loaded.hash);
		let known = sampleHashes.get(name);
		if (!known) {
			known = deps.fetchSample(name).then((bytes) => fingerprintBytes(bytes));
			known.catch(() => sampleHashes.delete(name));
			sampleHashes.set(name, known);
		}
		return known;
	};

	return {
		key,
		load,
		schema,
		hash: async (ref) =>
			ref.kind === 'stored' && ref.hash ? ref.hash : ref.kind === 'sample' ? sampleHash(ref.name) : (await load(ref)).hash,
		remember: (hash, name, frame) => sources.set(`stored:${hash}`, { frame, hash, name }),
		hashes: () => [...new Set([...sources.values()].map((s) => s.hash))]
	};
}
