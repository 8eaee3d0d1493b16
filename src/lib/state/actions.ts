import type { DatasetMeta } from '$lib/core/engine/api';
import type { Studio } from './context';

export const DATASET_NODE = 'io.dataset';

/**
 * After an upload: point the selected Dataset node at the stored data, or add a new
 * Dataset node for it. Returns the node id.
 */
export function placeUploadedDataset(studio: Studio, meta: DatasetMeta): string | null {
	const { project, selection, run } = studio;
	const doc = project.doc;
	if (!doc) return null;
	const selected = selection.node ? doc.nodes.find((n) => n.id === selection.node) : undefined;
	const values = { source: 'stored', name: meta.name, hash: meta.hash };
	if (selected && selected.type === DATASET_NODE) {
		const outcome = project.setParams(selected.id, values);
		if (!outcome.ok) {
			studio.messages.say(outcome.error, 'error');
			return null;
		}
		run.invalidateFrom(project.doc!, selected.id);
		return selected.id;
	}
	try {
		const id = project.addNode(DATASET_NODE, undefined, values);
		if (id) selection.select(id);
		return id;
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
	else if (errors) messages.say(`Run finished with ${errors} error${errors > 1 ? 's' : ''} — select a red node to see why.${warned}`, 'error');
	else if (warned) messages.say(`Run finished in ${(summary.ms / 1000).toFixed(2)} s.${warned}`, 'warning', 12_000);
	else messages.say(`Run finished in ${(summary.ms / 1000).toFixed(2)} s on ${summary.backend}.`, 'success');
}
