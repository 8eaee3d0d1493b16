import { readFile } from 'node:fs/promises';
import { BackupError, openWorkspace } from '../../lib/core/backup';
import type { Registry } from '../../lib/core/nodes/registry';
import { parseArgs, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import type { CommandOutput } from './types';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * `tessera workspace <backup.zip>`: what a workspace backup (the studio's Export workspace)
 * holds — projects, datasets, experiments, model versions — every entry checked against the
 * SHA-256 its manifest records, each dataset's chunks against its layout. A damaged or
 * foreign file exits 2 with the reason.
 */
export async function workspaceCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('workspace'));
	const [file, ...extra] = args.positional;
	if (!file || extra.length) throw new UsageError('usage: tessera workspace <backup.zip> [--json]');
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(file));
	} catch (e) {
		throw new UsageError(`cannot read "${file}": ${e instanceof Error ? e.message : String(e)}`);
	}
	try {
		const opened = await openWorkspace(bytes, registry);
		// Reading each dataset checks its chunks' hashes and layout; nothing is kept.
		for (const d of opened.manifest.datasets) await opened.readDataset(d);
		const m = opened.manifest;
		const c = m.counts;
		const lines = [
			`${file}: Tessera workspace backup, version ${m.version}, written ${m.created || 'at an unknown time'} by Tessera ${m.tessera || '(unknown)'}`,
			`${plural(c.projects, 'project')}, ${plural(c.datasets, 'dataset')}, ${plural(c.experiments, 'experiment')}, ${plural(c.models, 'model version')}; every entry matches its SHA-256`,
			...opened.projects.map((p) => `  project  "${p.name}" (${p.doc.nodes.length} nodes)`),
			...m.datasets.map((d) => `  dataset  "${d.name}", ${d.rows} rows, fingerprint ${d.fingerprint}`),
			...m.experiments.map((e) => `  experiment  ${e.id} "${e.name}"`),
			...m.models.map((v) => `  model  ${v.id}`)
		];
		return {
			json: {
				command: 'workspace',
				file,
				version: m.version,
				created: m.created,
				tessera: m.tessera,
				counts: c,
				projects: opened.projects.map((p) => ({ id: p.id, name: p.name, nodes: p.doc.nodes.length })),
				datasets: m.datasets.map((d) => ({ id: d.id, name: d.name, fingerprint: d.fingerprint, rows: d.rows })),
				experiments: m.experiments.map((e) => ({ id: e.id, name: e.name })),
				models: m.models.map((v) => ({ id: v.id, name: v.name }))
			},
			text: lines.join('\n'),
			exitCode: 0
		};
	} catch (e) {
		if (e instanceof BackupError) throw new UsageError(`${file}: ${e.message}`);
		throw e;
	}
}
