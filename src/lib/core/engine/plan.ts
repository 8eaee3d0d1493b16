import { topologicalOrder } from '../doc/graph';
import type { DocEdge, DocNode, PipelineDocument } from '../doc/types';
import type { NodeDefinition } from '../nodes/define';
import type { Registry } from '../nodes/registry';

export interface PlannedNode {
	readonly node: DocNode;
	readonly def: NodeDefinition;
	/** input port → the edge feeding it */
	readonly inputs: ReadonlyMap<string, DocEdge>;
}

export interface Plan {
	/** Runnable nodes in a topological order (a valid sequential schedule). */
	readonly order: readonly PlannedNode[];
	/** Nodes that cannot run, with the reason; their descendants are listed too. */
	readonly blocked: ReadonlyMap<string, string>;
}

/**
 * Validate the graph and order it. Problems are per node, so one broken branch does not
 * stop the others: a cycle, an unknown or inert type, a missing required input, or an
 * edge between incompatible kinds blocks that node and everything downstream.
 */
export function planRun(doc: PipelineDocument, registry: Registry, targets?: readonly string[]): Plan {
	const byId = new Map(doc.nodes.map((n) => [n.id, n]));
	const blocked = new Map<string, string>();
	const incoming = new Map<string, Map<string, DocEdge>>();
	for (const n of doc.nodes) incoming.set(n.id, new Map());
	for (const e of doc.edges) {
		if (!byId.has(e.from.node) || !byId.has(e.to.node)) continue;
		incoming.get(e.to.node)!.set(e.to.port, e);
	}

	let wanted: Set<string> = new Set(doc.nodes.map((n) => n.id));
	if (targets && targets.length) {
		wanted = new Set();
		const stack = [...targets];
		while (stack.length) {
			const id = stack.pop()!;
			if (wanted.has(id) || !byId.has(id)) continue;
			wanted.add(id);
			for (const e of incoming.get(id)!.values()) stack.push(e.from.node);
		}
	}

	for (const n of doc.nodes) {
		if (!wanted.has(n.id)) continue;
		const def = registry.get(n.type);
		if (n.inert) blocked.set(n.id, `not run: ${n.inert.reason}`);
		else if (!def) blocked.set(n.id, `unknown node type "${n.type}"`);
		else {
			for (const [name, spec] of Object.entries(def.inputs)) {
				const edge = incoming.get(n.id)!.get(name);
				if (!edge) {
					if (!spec.optional) blocked.set(n.id, `input "${spec.label ?? name}" is not connected`);
					continue;
				}
				const fromDef = registry.get(byId.get(edge.from.node)!.type);
				const fromKind = fromDef?.outputs[edge.from.port]?.kind;
				if (fromDef && fromKind !== spec.kind)
					blocked.set(n.id, `input "${name}" expects ${spec.kind} but receives ${fromKind ?? 'nothing'}`);
			}
		}
	}

	// In a topological order over the wanted nodes; whatever is left out sits on a cycle.
	const sorted = topologicalOrder(
		doc.nodes.filter((n) => wanted.has(n.id)).map((n) => n.id),
		doc.edges
	);
	const ordered = new Set(sorted);
	for (const id of wanted) if (!ordered.has(id)) blocked.set(id, 'part of a cycle: remove one of the links in the loop');

	// Blocked nodes block their descendants.
	for (const id of sorted) {
		if (blocked.has(id)) continue;
		for (const e of incoming.get(id)!.values()) {
			if (blocked.has(e.from.node)) {
				const upstream = byId.get(e.from.node)!;
				blocked.set(id, `waiting on "${upstream.label ?? upstream.type}", which cannot run`);
				break;
			}
		}
	}

	const order: PlannedNode[] = [];
	for (const id of sorted) {
		if (blocked.has(id)) continue;
		const node = byId.get(id)!;
		order.push({ node, def: registry.get(node.type)!, inputs: incoming.get(id)! });
	}
	return { order, blocked };
}
