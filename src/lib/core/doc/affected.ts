import type { DocEdge, DocNode, PipelineDocument } from './types';

/**
 * Which nodes' results an edit can change, found by comparing the document before and after
 * it: a node whose type, params or incoming edges changed, a node that is new, and every node
 * when the document seed changed (it is part of every signature). Moving, renaming or
 * relabelling changes no result. What depends on an affected node is stale too; the caller
 * follows the edges (the run state does). Diffing, rather than asking each command, means no
 * edit path can forget to say what it touched.
 */
export type Affected =
	{ readonly kind: 'all' } | { readonly kind: 'nodes'; readonly nodes: ReadonlySet<string>; readonly removed: ReadonlySet<string> };

const edgeKey = (e: DocEdge) => `${e.from.node}\u0000${e.from.port}\u0000${e.to.port}`;

function incoming(doc: PipelineDocument): Map<string, string> {
	const byNode = new Map<string, string[]>();
	for (const e of doc.edges) byNode.set(e.to.node, [...(byNode.get(e.to.node) ?? []), edgeKey(e)]);
	return new Map([...byNode].map(([node, keys]) => [node, keys.sort().join('\u0001')]));
}

function sameNode(a: DocNode, b: DocNode): boolean {
	return a.type === b.type && JSON.stringify(a.params) === JSON.stringify(b.params) && !!a.inert === !!b.inert;
}

export function affectedBy(before: PipelineDocument, after: PipelineDocument): Affected {
	if (before.seeds.global !== after.seeds.global) return { kind: 'all' };
	const old = new Map(before.nodes.map((n) => [n.id, n]));
	const oldInputs = incoming(before);
	const newInputs = incoming(after);
	const nodes = new Set<string>();
	for (const node of after.nodes) {
		const was = old.get(node.id);
		if (!was || !sameNode(was, node) || (oldInputs.get(node.id) ?? '') !== (newInputs.get(node.id) ?? '')) nodes.add(node.id);
	}
	const present = new Set(after.nodes.map((n) => n.id));
	const removed = new Set(before.nodes.filter((n) => !present.has(n.id)).map((n) => n.id));
	return { kind: 'nodes', nodes, removed };
}
