import { isolated } from '$lib/core/util/bidi';
import type { DatasetMeta, ImportOptions } from '$lib/core/engine/api';
import type { Studio } from './context';
import { DATASET_NODE, shortHash, uploadTarget, type UploadTarget } from './dataset-needs';
import { notePersistence } from './storage.svelte';

/** Where an import goes: chosen by the rules of `uploadTarget`, a new Dataset node, or a given node. */
export type ImportDestination = 'auto' | 'new-node' | { readonly node: string };

/**
 * Upload and paste end alike: the file goes to the Dataset node that `uploadTarget` picks
 * (the one asked for, the selected one, one lacking its data, one waiting for a file) or to a
 * new Dataset node. A node that recorded a content hash takes only that file: a different one
 * is refused, with what was expected and what came, until the person says "use it anyway".
 * Returns the node the data went to, or null.
 */
export async function importIntoPipeline(
	studio: Studio,
	file: Blob,
	name: string,
	options?: ImportOptions,
	to: ImportDestination = 'auto'
): Promise<string | null> {
	const { project, selection, datasets, messages } = studio;
	const doc = project.doc;
	if (!doc) return null;
	// A node asked for by name goes through the same rule as the selected one.
	const target: UploadTarget =
		to === 'new-node' ? { kind: 'new-node' } : uploadTarget(doc, to === 'auto' ? selection.node : to.node, datasets.list, name);
	const expected = target.kind === 'node' ? target.expected : null;
	let meta: DatasetMeta | null;
	if (expected?.hash) {
		const checked = await datasets.uploadChecked(file, name, expected.hash, options);
		if (checked?.kind === 'different' && target.kind === 'node') {
			datasets.different = { node: target.node, file, options: { ...(options ?? datasets.options) }, expected, actual: checked.actual };
			messages.say(`${name} is not the file this pipeline was made with (“${expected.name}”): it was not used.`, 'error');
			return null;
		}
		meta = checked?.kind === 'stored' ? checked.meta : null;
		if (checked?.kind === 'stored' && checked.olderChecksum && target.kind === 'node') {
			// The pipeline named this file by the older checksum: every node that did now names its SHA-256 fingerprint.
			let placed: string | null = null;
			for (const node of expected.nodes.includes(target.node) ? expected.nodes : [target.node])
				placed = placeDataset(studio, checked.meta, node) ?? placed;
			if (placed)
				messages.say(
					`Imported ${checked.meta.name}: this pipeline was made by an older Tessera, so the file was checked with its older 64-bit checksum (${expected.hash}); the pipeline now records the file's SHA-256 fingerprint, ${shortHash(checked.meta.hash)}….`,
					'warning',
					20_000
				);
			return placed;
		}
	} else {
		meta = await datasets.upload(file, name, options);
	}
	if (!meta) {
		if (datasets.error) messages.say(datasets.error, 'error');
		else messages.say('Import cancelled.', 'warning');
		return null;
	}
	const placed = placeDataset(studio, meta, target.kind === 'node' ? target.node : null);
	if (placed) {
		const said = `Imported ${isolated(meta.name)}: ${meta.rows.toLocaleString('en-US')} rows × ${meta.columns} columns.`;
		messages.say(said, 'success');
		// The first stored dataset is when the browser is asked to keep the data (and the answer told); Firefox asks the person, so the import does not wait for it.
		void notePersistence(messages, said);
	}
	return placed;
}

/** "Use this file anyway": store the different file, point the node at it, and say results will differ. */
export async function useDifferentFile(studio: Studio): Promise<string | null> {
	const { datasets, messages } = studio;
	const different = datasets.different;
	if (!different) return null;
	datasets.different = null;
	const meta = await datasets.upload(different.file, different.actual.name, different.options);
	if (!meta) {
		if (datasets.error) messages.say(datasets.error, 'error');
		return null;
	}
	// Every node that named the expected file takes this one instead, so none is left lacking.
	let placed: string | null = null;
	for (const node of different.expected.nodes.includes(different.node) ? different.expected.nodes : [different.node])
		placed = placeDataset(studio, meta, node) ?? placed;
	if (placed)
		messages.say(
			`Using ${meta.name} (hash ${shortHash(meta.hash)}, ${meta.rows.toLocaleString('en-US')} rows) instead of “${different.expected.name}” (hash ${shortHash(different.expected.hash)}): results will differ from those the pipeline was made with.`,
			'warning',
			20_000
		);
	return placed;
}

/** Points `node` (or a new Dataset node) at stored data, recording it in the document; marks what follows stale. */
function placeDataset(studio: Studio, meta: DatasetMeta, node: string | null): string | null {
	const { project, selection } = studio;
	const entry = { name: meta.name, hash: meta.hash, rows: meta.rows, bytes: meta.bytes };
	try {
		// A new node and the data it points at are one step for Undo.
		return project.batch(`import ${meta.name}`, () => {
			const id = node ?? project.addNode(DATASET_NODE);
			if (!id) return null;
			const outcome = project.useDataset(id, entry);
			if (!outcome.ok) {
				studio.messages.say(outcome.error, 'error');
				return null;
			}
			selection.select(id);
			return id;
		});
	} catch (e) {
		studio.messages.say(e instanceof Error ? e.message : String(e), 'error');
		return null;
	}
}

/** Run the whole pipeline (or up to `target`) and report the outcome on the status line. */
export async function runPipeline(studio: Studio, target?: string): Promise<void> {
	const { project, run, messages } = studio;
	const doc = project.doc;
	if (!doc) return;
	if (doc.nodes.length === 0) {
		messages.say('Add a node first: pick one from the palette or use Quick model.', 'warning');
		return;
	}
	messages.say(target ? `Running up to ${target}…` : 'Running the pipeline…', 'info', 60_000);
	const summary = await run.run(doc, target ? [target] : undefined, project.id ?? undefined);
	if (!summary) {
		if (run.error) messages.say(run.error, 'error');
		return;
	}
	const errors = Object.keys(summary.errors).length;
	// A warning (e.g. experiments not saved: storage full) rides along with the outcome.
	const warned = summary.warnings?.length ? ` ${summary.warnings.join(' ')}` : '';
	if (summary.cancelled) messages.say(`Run cancelled.${warned}`, 'warning');
	else if (errors)
		messages.say(`Run finished with ${errors} error${errors > 1 ? 's' : ''} — select a red node to see why.${warned}`, 'error');
	else if (warned) messages.say(`Run finished in ${(summary.ms / 1000).toFixed(2)} s.${warned}`, 'warning', 12_000);
	else messages.say(`Run finished in ${(summary.ms / 1000).toFixed(2)} s on ${summary.backend}.`, 'success');
}
