import type { EngineHost } from '../lib/core/engine/run';
import type { DataSourceRef, LoadedSource } from '../lib/core/nodes/define';
import { UsageError } from './args';
import { loadCsvFile, loadSample, parseTable } from './files';
import type { UnpackedDataset } from '../lib/core/bundle';
import type { ReaderChoices } from '../lib/core/readers/import-options';
import { LEGACY_CHECKSUM_NOTE } from '../lib/core/util/fingerprint';

/**
 * Sources for a headless run: bundled samples from static/samples, and uploaded datasets
 * from files named on the command line (--data name=file), checked against their hash.
 */
export function createNodeHost(
	files: ReadonlyMap<string, string>,
	choices: ReaderChoices = {},
	/** `tessera retrain`: the files are new data for the pipeline's datasets, so their hashes differ by design. */
	newData = false,
	/** `tessera run bundle.zip`: the datasets the bundle holds (their hashes already checked); --data overrides. */
	bundled: readonly UnpackedDataset[] = [],
	/** The bundle's file name, for messages. */
	bundleName = '',
	/** Told when a file was checked with the older 64-bit checksum a pipeline recorded (a warning for the person). */
	note: (message: string) => void = () => {}
): EngineHost {
	const cache = new Map<string, Promise<LoadedSource>>();
	const load = (ref: DataSourceRef): Promise<LoadedSource> => {
		const key = `${ref.kind}:${ref.name}`;
		let hit = cache.get(key);
		if (!hit) {
			hit = (async () => {
				if (ref.kind === 'sample') return loadSample(ref.name);
				const path = files.get(ref.name);
				const inBundle = bundled.find((d) => d.name === ref.name && (!ref.hash || d.hash === ref.hash));
				if (!path && inBundle)
					// Read as uploads are read (no reading options), which is what the recorded hash means.
					return { frame: await parseTable(inBundle.data, `${bundleName}:${inBundle.path}`), hash: inBundle.hash, name: ref.name };
				if (!path) throw new UsageError(`the pipeline needs the dataset "${ref.name}": pass it with --data "${ref.name}=<file.csv>"`);
				const loaded = await loadCsvFile(path, ref.name, choices, newData ? undefined : ref.hash || undefined);
				if (loaded.check?.kind === 'different')
					throw new UsageError(
						`${path} is not the "${ref.name}" the pipeline was built on (content hash ${loaded.hash}, expected ${ref.hash})`
					);
				if (loaded.check?.kind === 'same-legacy')
					note(`"${ref.name}": the pipeline was ${LEGACY_CHECKSUM_NOTE} (${ref.hash}); ${path} is ${loaded.hash}`);
				return loaded;
			})();
			cache.set(key, hit);
		}
		return hit;
	};
	return { loadSource: load, sourceHash: async (ref) => (await load(ref)).hash };
}
