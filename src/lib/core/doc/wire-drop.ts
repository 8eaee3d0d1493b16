/**
 * A wire dropped on empty canvas: which node types could take its loose end, and by which
 * port. Checked with `edgeProblem`, the same rule `connect` applies, so the palette never
 * offers a node that the connection would then refuse.
 */
import type { NodeTypeInfo, NodeTypeLookup } from '../nodes/define';
import { edgeProblem, liveInfo, type PortSide } from './graph';
import type { DocNode, PipelineDocument, PortRef } from './types';

/** The end of a wire that is attached: a node's port, and whether that port is an output or an input. */
export interface WireEnd extends PortRef {
	readonly side: PortSide;
}

/** A node type that fits, and its port the wire would plug into. */
export interface WireFit {
	readonly type: string;
	readonly port: string;
}

/** The placeholder id a candidate node is checked under; never stored. */
const CANDIDATE = '\u0000candidate';

/** Each of `types` (in their order) that fits the wire, with its first fitting port. */
export function typesForWire(doc: PipelineDocument, lookup: NodeTypeLookup, types: readonly NodeTypeInfo[], end: WireEnd): WireFit[] {
	const node = doc.nodes.find((n) => n.id === end.node);
	if (!node || node.inert) return [];
	const info = liveInfo(node, lookup);
	if (!info) return [];
	const fits: WireFit[] = [];
	for (const t of types) {
		const candidate: DocNode = { id: CANDIDATE, type: t.type, params: {}, position: { x: 0, y: 0 } };
		const ports = Object.keys(end.side === 'output' ? t.inputs : t.outputs);
		const port = ports.find((p) =>
			end.side === 'output'
				? edgeProblem(node, info, end, candidate, t, { node: CANDIDATE, port: p }) === null
				: edgeProblem(candidate, t, { node: CANDIDATE, port: p }, node, info, end) === null
		);
		if (port) fits.push({ type: t.type, port });
	}
	return fits;
}

/** The edge to make once the chosen node exists as `id`: from the wire's output to its input. */
export function wireEdge(end: WireEnd, id: string, port: string): { from: PortRef; to: PortRef } {
	const loose = { node: id, port };
	const fixed = { node: end.node, port: end.port };
	return end.side === 'output' ? { from: fixed, to: loose } : { from: loose, to: fixed };
}
