/**
 * Tidy layout: positions for a pipeline's nodes, left to right by data flow, computed with
 * dagre's layered (Sugiyama) algorithm. Pure: sizes come in, positions come out; the studio,
 * Quick model and templates all lay graphs out through `tidyLayout` so a generated graph and
 * a tidied one look alike.
 */
import dagre from '@dagrejs/dagre';
import type { NodeTypeLookup } from '../nodes/define';
import { moveNode } from './commands';
import { liveInfo } from './graph';
import type { DocEdge, DocNode, PipelineDocument, Position } from './types';

export interface Size {
	readonly width: number;
	readonly height: number;
}

export interface LayoutBox extends Size {
	readonly id: string;
	/** Port names top to bottom, so wires are checked from the port they leave; absent: the box's middle. */
	readonly inputs?: readonly string[];
	readonly outputs?: readonly string[];
}

type EdgeLike = Pick<DocEdge, 'from' | 'to'>;

export interface LayoutOptions {
	/** Where the top-left corner of the laid-out graph goes. */
	readonly origin?: Position;
	/** Horizontal space between columns (ranks) of nodes. */
	readonly rankGap?: number;
	/** Vertical space between nodes of one column. */
	readonly nodeGap?: number;
}

/**
 * The node card's geometry, as `ui/graph/PipelineNode.svelte` draws it (its CSS is the source:
 * 220 px wide, a 29 px title row, a 20 px label row, 20 px per port row between 6 px paddings).
 * An estimate that errs large, so nodes laid out with it never overlap on screen.
 */
export const NODE_WIDTH = 220;
const HEAD_H = 29;
const LABEL_H = 20;
const PORTS_PAD = 6;
const PORT_ROW = 20;
/** Room below the ports for a one-line note, progress bar or two lines of error. */
const FOOT_H = 34;

function portNames(node: DocNode, lookup: NodeTypeLookup): { inputs: string[]; outputs: string[] } {
	const info = liveInfo(node, lookup);
	return { inputs: Object.keys(info?.inputs ?? {}), outputs: Object.keys(info?.outputs ?? {}) };
}

/** The size a node's card takes on the canvas (see NODE_WIDTH). */
export function estimatedSize(node: DocNode, lookup: NodeTypeLookup): Size {
	const { inputs, outputs } = portNames(node, lookup);
	const rows = Math.max(inputs.length, outputs.length, 1);
	return { width: NODE_WIDTH, height: HEAD_H + LABEL_H + 2 * PORTS_PAD + rows * PORT_ROW + FOOT_H };
}

/** Where a wire leaves (output) or enters (input) a node card at `position`, relative to the canvas. */
export function portAnchor(
	node: DocNode,
	lookup: NodeTypeLookup,
	side: 'input' | 'output',
	port: string,
	position = node.position
): Position {
	const { inputs, outputs } = portNames(node, lookup);
	return {
		x: position.x + (side === 'output' ? NODE_WIDTH : 0),
		y: position.y + portOffset(side === 'input' ? inputs : outputs, port)
	};
}

function portOffset(ports: readonly string[], port: string): number {
	return HEAD_H + LABEL_H + PORTS_PAD + Math.max(0, ports.indexOf(port)) * PORT_ROW + PORT_ROW / 2;
}

/**
 * Top-left positions for `boxes`, left to right by the edges among them (edges to nodes not
 * in `boxes` are ignored). Nodes with no edges are laid out too, as their own components.
 * Deterministic: the same input gives the same positions.
 */
export function tidyPositions(boxes: readonly LayoutBox[], edges: readonly EdgeLike[], options: LayoutOptions = {}): Map<string, Position> {
	const origin = options.origin ?? { x: 0, y: 0 };
	const g = new dagre.graphlib.Graph({ multigraph: true });
	g.setGraph({
		rankdir: 'LR',
		ranksep: options.rankGap ?? 70,
		nodesep: options.nodeGap ?? 36,
		edgesep: 24,
		// network-simplex ranks keep long edges short; tight-tree would stretch the evaluate links.
		ranker: 'network-simplex'
	});
	g.setDefaultEdgeLabel(() => ({}));
	const ids = new Set(boxes.map((b) => b.id));
	for (const b of boxes) g.setNode(b.id, { width: b.width, height: b.height });
	edges.forEach((e, i) => {
		if (ids.has(e.from.node) && ids.has(e.to.node) && e.from.node !== e.to.node) g.setEdge(e.from.node, e.to.node, {}, `e${i}`);
	});
	dagre.layout(g);
	// dagre gives centres; a document stores top-left corners.
	const placed: Placed[] = boxes.map((b) => {
		const n = g.node(b.id);
		return { box: b, x: n.x - b.width / 2, y: n.y - b.height / 2 };
	});
	clearWires(placed, edges, options.nodeGap ?? 36);
	// Shift so the graph starts at origin.
	const minX = Math.min(...placed.map((p) => p.x));
	const minY = Math.min(...placed.map((p) => p.y));
	const out = new Map<string, Position>();
	for (const p of placed) out.set(p.box.id, { x: Math.round(origin.x + p.x - minX), y: Math.round(origin.y + p.y - minY) });
	return out;
}

interface Placed {
	readonly box: LayoutBox;
	x: number;
	y: number;
}

/** Where a wire meets a placed box. */
function anchor(p: Placed, side: 'input' | 'output', port: string): Position {
	const ports = side === 'input' ? p.box.inputs : p.box.outputs;
	return { x: p.x + (side === 'output' ? p.box.width : 0), y: p.y + (ports ? portOffset(ports, port) : p.box.height / 2) };
}

/**
 * dagre routes an edge that skips a column around the node in that column with bends, but a
 * canvas draws it as one curve from port to port, which then runs under that node and seems
 * to leave it. So: for each straight wire that crosses a node it does not touch, move that node
 * up or down (whichever is the shorter move) until the wire clears it, pushing the nodes of its
 * column along so none overlap. Bounded, so a pathological graph ends merely untidy.
 */
function clearWires(placed: Placed[], edges: readonly EdgeLike[], gap: number): void {
	const byId = new Map(placed.map((p) => [p.box.id, p]));
	const wires = edges.filter((e) => byId.has(e.from.node) && byId.has(e.to.node) && e.from.node !== e.to.node);
	const margin = 12;
	for (let round = 0; round < 4 * placed.length * Math.max(1, wires.length); round++) {
		const hit = firstCrossing(placed, wires, byId);
		if (!hit) return;
		const { under, a, b } = hit;
		// The wire's height over the node's width (it is straight, so its ends there bound it).
		const at = (x: number) => a.y + ((b.y - a.y) * (Math.min(Math.max(x, a.x), b.x) - a.x)) / (b.x - a.x || 1);
		const top = Math.min(at(under.x), at(under.x + under.box.width));
		const bottom = Math.max(at(under.x), at(under.x + under.box.width));
		const up = under.y + under.box.height - (top - margin);
		const down = bottom + margin - under.y;
		const dir = up <= down ? -1 : 1;
		under.y += dir * (dir < 0 ? up : down);
		push(placed, under, dir, gap);
	}
}

function firstCrossing(
	placed: readonly Placed[],
	wires: readonly EdgeLike[],
	byId: ReadonlyMap<string, Placed>
): { under: Placed; a: Position; b: Position } | null {
	for (const e of wires) {
		const from = byId.get(e.from.node)!;
		const to = byId.get(e.to.node)!;
		const a = anchor(from, 'output', e.from.port);
		const b = anchor(to, 'input', e.to.port);
		for (const p of placed) if (p !== from && p !== to && segmentCrossesRect(a, b, p)) return { under: p, a, b };
	}
	return null;
}

/** Moves the nodes sharing `moved`'s column out of its way, in direction `dir`, one after another. */
function push(placed: readonly Placed[], moved: Placed, dir: -1 | 1, gap: number): void {
	const column = placed
		.filter((p) => p !== moved && p.x < moved.x + moved.box.width && moved.x < p.x + p.box.width)
		.sort((p, q) => dir * (p.y - q.y));
	let last = moved;
	for (const p of column) {
		if (dir > 0 && p.y < last.y) continue;
		if (dir < 0 && p.y > last.y) continue;
		if (dir > 0 && p.y < last.y + last.box.height + gap) p.y = last.y + last.box.height + gap;
		else if (dir < 0 && p.y + p.box.height + gap > last.y) p.y = last.y - gap - p.box.height;
		else continue;
		last = p;
	}
}

/** Liang–Barsky: whether the segment a→b passes through the inside of the rectangle. */
export function segmentCrossesRect(a: Position, b: Position, r: { x: number; y: number; box: Size }): boolean {
	let t0 = 0;
	let t1 = 1;
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const clips: [number, number][] = [
		[-dx, a.x - r.x],
		[dx, r.x + r.box.width - a.x],
		[-dy, a.y - r.y],
		[dy, r.y + r.box.height - a.y]
	];
	for (const [p, q] of clips) {
		if (p === 0) {
			if (q <= 0) return false;
			continue;
		}
		const t = q / p;
		if (p < 0) t0 = Math.max(t0, t);
		else t1 = Math.min(t1, t);
		if (t0 >= t1) return false;
	}
	return true;
}

/**
 * The document with `only` (default: every node) tidied; the other nodes stay where they are.
 * `sizeOf` gives measured sizes where the canvas has them (a card grown by a long error).
 */
export function tidyLayout(
	doc: PipelineDocument,
	lookup: NodeTypeLookup,
	options: LayoutOptions & { readonly only?: ReadonlySet<string>; readonly sizeOf?: (node: DocNode) => Size | undefined } = {}
): PipelineDocument {
	const nodes = options.only ? doc.nodes.filter((n) => options.only!.has(n.id)) : doc.nodes;
	if (nodes.length === 0) return doc;
	const boxes = nodes.map((n) => {
		// A measured card can be smaller than the estimate (no label row), never the port rows
		// above it: the larger of the two keeps the port anchors and the gaps honest.
		const estimate = estimatedSize(n, lookup);
		const measured = options.sizeOf?.(n);
		const width = Math.max(estimate.width, measured?.width ?? 0);
		const height = Math.max(estimate.height, measured?.height ?? 0);
		return { id: n.id, width, height, ...portNames(n, lookup) };
	});
	// By default the tidied graph keeps its top-left corner where the nodes' top-left was.
	const origin = options.origin ?? {
		x: Math.min(...nodes.map((n) => n.position.x)),
		y: Math.min(...nodes.map((n) => n.position.y))
	};
	const positions = tidyPositions(boxes, doc.edges, { ...options, origin });
	let next = doc;
	for (const [id, at] of positions) {
		const n = next.nodes.find((x) => x.id === id)!;
		if (n.position.x !== at.x || n.position.y !== at.y) next = moveNode(next, id, at);
	}
	return next;
}
