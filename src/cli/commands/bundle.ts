import { writeFile } from 'node:fs/promises';
import { packBundle, storedSources } from '../../lib/core/bundle';
import type { Registry } from '../../lib/core/nodes/registry';
import { TESSERA_VERSION } from '../../lib/core/version';
import { parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { openPipeline } from './run';
import type { CommandOutput } from './types';

/**
 * `tessera bundle`: a pipeline file and its data files (--data, checked against the recorded
 * hashes as `run` checks them) packed as the studio's share bundle, for `tessera run` or the
 * studio elsewhere. The CSV inside is written from the parsed columns, as the studio writes it.
 */
export async function bundleCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('bundle'));
	const [file, ...extra] = args.positional;
	const out = stringFlag(args, 'out');
	if (!file || extra.length || !out)
		throw new UsageError('usage: tessera bundle <pipeline.json> --out <bundle.zip> [--data <dataset-name>=<file.csv>]... [--json]');
	const { doc, host, warnings } = await openPipeline(file, args, registry);
	const inputs = [];
	for (const source of storedSources(doc, registry))
		inputs.push({ ...source, frame: (await host.loadSource({ kind: 'stored', name: source.name, hash: source.hash })).frame });
	const packed = await packBundle(doc, inputs, { created: new Date().toISOString(), tessera: TESSERA_VERSION });
	try {
		await writeFile(out, packed.bytes);
	} catch (e) {
		throw new UsageError(`cannot write "${out}": ${e instanceof Error ? e.message : String(e)}`);
	}
	const lines = [
		...warnings.map((w) => `warning: ${w}`),
		`wrote ${out} (${packed.bytes.length} bytes): the pipeline "${doc.meta.name}" with ${packed.manifest.datasets.length} dataset${packed.manifest.datasets.length === 1 ? '' : 's'}`,
		...packed.manifest.datasets.map((d) => `  ${d.path}: "${d.name}", ${d.rows} rows, content hash ${d.hash}`)
	];
	return {
		json: { command: 'bundle', pipeline: doc.meta.name, warnings, out, bytes: packed.bytes.length, datasets: packed.manifest.datasets },
		text: lines.join('\n'),
		exitCode: 0
	};
}
