import { addNode, connect, setLabel } from '../doc/commands';
import { createDocument } from '../doc/create';
import type { PipelineDocument, Position } from '../doc/types';
import type { ParamValue } from '../nodes/params';
import type { Registry } from '../nodes/registry';

/** An output of a node already added: what a later node's input is wired to. */
export interface Out {
	readonly node: string;
	readonly port: string;
}

/** Column and row spacing of the arrangement: a node is 220 px wide and about 110 px tall, so a long chain still fits a view. */
export const COLUMN = 260;
export const ROW = 150;

/** A fixed date for every template, so building one twice gives the same document. */
const BUILT = new Date('2026-12-07T00:00:00Z');

/**
 * Builds a template's document with the ordinary edit commands (so the file is exactly what
 * the studio would save), then lays it out left to right by data flow.
 */
export class TemplateBuilder {
	private doc: PipelineDocument;

	constructor(
		private readonly registry: Registry,
		name: string
	) {
		this.doc = createDocument(name, BUILT);
	}

	/**
	 * Adds a node labelled with the step it performs and wires its inputs; returns a handle
	 * whose `out(port)` feeds later nodes. A wrong port or kind throws: a template is code.
	 */
	add(
		type: string,
		label: string,
		params: Readonly<Record<string, ParamValue>> = {},
		inputs: Readonly<Record<string, Out>> = {}
	): { id: string; out: (port: string) => Out } {
		const added = addNode(this.doc, this.registry, type, { x: 0, y: 0 }, params);
		this.doc = setLabel(added.doc, added.id, label);
		for (const [port, from] of Object.entries(inputs)) {
			const wired = connect(this.doc, this.registry, from, { node: added.id, port });
			if (!wired.ok) throw new Error(`template wiring ${from.node}.${from.port} → ${added.id}.${port}: ${wired.reason}`);
			this.doc = wired.doc;
		}
		const id = added.id;
		return { id, out: (port: string) => ({ node: id, port }) };
	}

	/** The finished document, arranged in columns by depth. */
	done(): PipelineDocument {
		const positions = arrange(this.doc);
		return { ...this.doc, nodes: this.doc.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
	}
}

/**
 * A layered left-to-right arrangement: a node's column is the longest path from a source, so
 * every wire runs rightwards; within a column nodes sit in the order of their inputs' rows,
 * nodes that feed others before end points (a chart, a metric), then in the order they were
 * added, which keeps the main chain on one row and its side views beneath it.
 */
export function arrange(doc: PipelineDocument): Map<string, Position> {
	const parents = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
	for (const e of doc.edges) parents.get(e.to.node)?.push(e.from.node);
	const feeds = new Set(doc.edges.map((e) => e.from.node));
	const depth = new Map<string, number>();
	const depthOf = (id: string): number => {
		const known = depth.get(id);
		if (known !== undefined) return known;
		const d = Math.max(-1, ...(parents.get(id) ?? []).map(depthOf)) + 1;
		depth.set(id, d);
		return d;
	};
	const columns: string[][] = [];
	for (const n of doc.nodes) (columns[depthOf(n.id)] ??= []).push(n.id);
	const row = new Map<string, number>();
	const order = new Map(doc.nodes.map((n, i) => [n.id, i]));
	const out = new Map<string, Position>();
	columns.forEach((ids, c) => {
		const wanted = (id: string) => {
			const rows = (parents.get(id) ?? []).map((p) => row.get(p) ?? 0);
			return rows.length ? Math.min(...rows) : 0;
		};
		const leaf = (id: string) => (feeds.has(id) ? 0 : 1);
		const sorted = [...ids].sort((a, b) => wanted(a) - wanted(b) || leaf(a) - leaf(b) || order.get(a)! - order.get(b)!);
		let next = 0;
		for (const id of sorted) {
			const r = Math.max(next, wanted(id));
			row.set(id, r);
			next = r + 1;
			out.set(id, { x: c * COLUMN, y: r * ROW });
		}
	});
	return out;
}
