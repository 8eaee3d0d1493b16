import type { NodeTypeInfo, NodeTypeLookup } from '../nodes/define';
import type { PortKind, PortSpec } from '../nodes/ports';
import type { DocEdge, DocNode, PortRef } from './types';

type EdgeLike = Pick<DocEdge, 'from' | 'to'>;

function adjacency(edges: readonly EdgeLike[]): Map<string, string[]> {
	const next = new Map<string, string[]>();
	for (const e of edges) {
		const list = next.get(e.from.node);
		if (list) list.push(e.to.node);
		else next.set(e.from.node, [e.to.node]);
	}
	return next;
}

/** Whether `target` can be reached from `start` along the edges. Iterative: graphs come from files. */
export function reaches(edges: readonly EdgeLike[], start: string, target: string): boolean {
	const next = adjacency(edges);
	const seen = new Set<string>([start]);
	const stack = [start];
	while (stack.length > 0) {
		const at = stack.pop() as string;
		if (at === target) return true;
		for (const n of next.get(at) ?? []) {
			if (!seen.has(n)) {
				seen.add(n);
				stack.push(n);
			}
		}
	}
	return false;
}

/** An edge from → to closes a loop when `to` already reaches `from` (or they are the same node). */
export function wouldCreateCycle(edges: readonly EdgeLike[], from: string, to: string): boolean {
	return from === to || reaches(edges, to, from);
}

/**
 * Kahn's algorithm: `ids` in an order where every edge points forward, ties in the order
 * given (the first ready node goes first). Only edges between two of `ids` count. Nodes on
 * a cycle, or downstream of one, never become ready and are left out of `order`.
 */
export function topologicalOrder(ids: Iterable<string>, edges: readonly EdgeLike[]): string[] {
	const indegree = new Map<string, number>();
	for (const id of ids) indegree.set(id, 0);
	const inside = edges.filter((e) => indegree.has(e.from.node) && indegree.has(e.to.node));
	for (const e of inside) indegree.set(e.to.node, indegree.get(e.to.node)! + 1);
	const next = adjacency(inside);
	const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
	const order: string[] = [];
	for (let i = 0; i < ready.length; i++) {
		const id = ready[i];
		order.push(id);
		for (const n of next.get(id) ?? []) {
			const d = indegree.get(n)! - 1;
			indegree.set(n, d);
			if (d === 0) ready.push(n);
		}
	}
	return order;
}

/** Whether the edges close a loop; their end points count as nodes too. */
export function hasCycle(nodeIds: Iterable<string>, edges: readonly EdgeLike[]): boolean {
	const ids = new Set(nodeIds);
	for (const e of edges) {
		ids.add(e.from.node);
		ids.add(e.to.node);
	}
	return topologicalOrder(ids, edges).length < ids.size;
}

/** `node "impute-1" (clean.impute)`: how messages name a node. */
export function describeNode(node: Pick<DocNode, 'id' | 'type'>): string {
	return `node "${node.id}" (${node.type})`;
}

export type PortSide = 'input' | 'output';

/**
 * Why an edge between these ports cannot exist, or null when it can. Shared by the
 * editor's connect command and by the file importer so both refuse the same things.
 * An inert node (`info` undefined) has ports nobody can check; its side is trusted.
 */
export function edgeProblem(
	fromNode: DocNode,
	fromInfo: NodeTypeInfo | undefined,
	from: PortRef,
	toNode: DocNode,
	toInfo: NodeTypeInfo | undefined,
	to: PortRef
): string | null {
	if (from.node === to.node) return `${describeNode(fromNode)} cannot feed itself`;
	const out = fromInfo ? portOf(fromNode, fromInfo, from.port, 'output') : null;
	if (typeof out === 'string') return out;
	const inp = toInfo ? portOf(toNode, toInfo, to.port, 'input') : null;
	if (typeof inp === 'string') return inp;
	if (out && inp && out.kind !== inp.kind)
		return `${article(out.kind)} ${out.kind} output cannot feed ${article(inp.kind)} ${inp.kind} input (${describeNode(fromNode)} "${from.port}" → ${describeNode(toNode)} "${to.port}")`;
	return null;
}

function article(kind: PortKind): string {
	return /^[aeiou]/.test(kind) ? 'an' : 'a';
}

/** The port spec, or a message saying what is wrong with the reference. */
function portOf(node: DocNode, info: NodeTypeInfo, name: string, side: PortSide): PortSpec | string {
	const own = side === 'output' ? info.outputs : info.inputs;
	const other = side === 'output' ? info.inputs : info.outputs;
	if (Object.prototype.hasOwnProperty.call(own, name)) return own[name];
	if (Object.prototype.hasOwnProperty.call(other, name))
		return side === 'output'
			? `connections go from an output to an input: "${name}" is an input of ${describeNode(node)}`
			: `connections go from an output to an input: "${name}" is an output of ${describeNode(node)}`;
	return `${describeNode(node)} has no ${side} "${name}"`;
}

/** The info for a node that can run, or undefined for an inert or unknown one. */
export function liveInfo(node: DocNode, lookup: NodeTypeLookup): NodeTypeInfo | undefined {
	return node.inert ? undefined : lookup.get(node.type);
}
