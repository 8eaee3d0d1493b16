import type { EngineHost } from '../lib/core/engine/run';
import type { DataSourceRef, LoadedSource } from '../lib/core/nodes/define';
import { UsageError } from './args';
import { loadCsvFile, loadSample } from './files';
import type { ReaderChoices } from '../lib/core/readers/import-options';

/**
 * Sources for a headless run: bundled samples from static/samples, and uploaded datasets
 * from files named on the command line (--data name=file), checked against their hash.
 */
export function createNodeHost(
	files: ReadonlyMap<string, string>,
	choices: ReaderChoices = {},
	/** `tessera retrain`: the files are new data for the pipeline's datasets, so their hashes differ by design. */
	newData = false
): EngineHost {
	const cache = new Map<string, Promise<LoadedSource>>();
	const load = (ref: DataSourceRef): Promise<LoadedSource> => {
		const key = `${ref.kind}:${ref.name}`;
		let hit = cache.get(key);
		if (!hit) {
			hit = (async () => {
				if (ref.kind === 'sample') return loadSample(ref.name);
				const path = files.get(ref.name);
				if (!path) throw new UsageError(`the pipeline needs the dataset "${ref.name}": pass it with --data "${ref.name}=<file.csv>"`);
				const loaded = await loadCsvFile(path, ref.name, choices);
				if (ref.hash && loaded.hash !== ref.hash && !newData)
					throw new UsageError(
						`${path} is not the "${ref.name}" the pipeline was built on (content hash ${loaded.hash}, expected ${ref.hash})`
					);
				return loaded;
			})();
			cache.set(key, hit);
		}
		return hit;
	};
	return { loadSource: load, sourceHash: async (ref) => (await load(ref)).hash };
}
