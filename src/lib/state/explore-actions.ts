import type { PortRef } from '$lib/core/doc/types';
import type { ParamValue } from '$lib/core/nodes/params';
import { runPipeline } from './actions';
import type { Studio } from './context';

/** The output that feeds `node`'s `port` input, if one is connected. */
function upstreamOf(studio: Studio, node: string, port = 'data'): PortRef | null {
	const edge = studio.project.doc?.edges.find((e) => e.to.node === node && e.to.port === port);
	return edge ? edge.from : null;
}

/**
 * Reuse a node of `type` fed from `from` (updating its params), or add one next to `near`
 * and connect it; then select it and run up to it. Returns its id, or null with a message.
 */
async function openFrom(
	studio: Studio,
	near: string,
	type: string,
	params: Readonly<Record<string, ParamValue>>,
	focusColumn: string | null = null
): Promise<string | null> {
	const { project, selection, messages } = studio;
	const doc = project.doc;
	if (!doc) return null;
	const from = upstreamOf(studio, near);
	if (!from) {
		messages.say('Connect a dataset to this node first.', 'warning');
		return null;
	}
	const existing = doc.edges.find(
		(e) =>
			e.from.node === from.node &&
			e.from.port === from.port &&
			e.to.port === 'data' &&
			doc.nodes.find((n) => n.id === e.to.node)?.type === type
	);
	let id: string;
	if (existing) {
		id = existing.to.node;
		const node = doc.nodes.find((n) => n.id === id);
		const changed = Object.entries(params).some(([k, v]) => node?.params[k] !== v);
		if (changed) {
			const outcome = project.setParams(id, params);
			if (!outcome.ok) {
				messages.say(outcome.error, 'error');
				return null;
			}
		}
	} else {
		const at = doc.nodes.find((n) => n.id === near)?.position;
		let added: string | null;
		try {
			added = project.addNode(type, undefined, params, at ?? null);
		} catch (e) {
			messages.say(e instanceof Error ? e.message : String(e), 'error');
			return null;
		}
		if (!added) return null;
		const linked = project.connect(from, { node: added, port: 'data' });
		if (!linked.ok) {
			messages.say(linked.reason, 'error');
			return added;
		}
		id = added;
	}
	selection.select(id);
	selection.focusColumn = focusColumn;
	await runPipeline(studio, id);
	return id;
}

/** Scatter x against y from the data that feeds `fromNode` (e.g. a Correlations node). */
export function openScatter(studio: Studio, fromNode: string, x: string, y: string): Promise<string | null> {
	return openFrom(studio, fromNode, 'explore.scatter', { x, y });
}

/** Profile of the data that feeds `fromNode`, scrolled to `column`. */
export function openProfile(studio: Studio, fromNode: string, column: string): Promise<string | null> {
	return openFrom(studio, fromNode, 'explore.profile', {}, column);
}
