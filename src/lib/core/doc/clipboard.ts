/**
 * Copy and paste of part of a pipeline. What travels is an ordinary pipeline document holding
 * the copied nodes, the edges between them and the data entries they name: written with
 * `serialiseDocument` it is readable JSON in any text editor, and read back with
 * `parseDocument` it goes through the same limits, migrations and validation as opening a
 * file. Pasting gives the nodes fresh ids (the target's id scheme), keeps their internal edges
 * and moves them to where they should land.
 */
import { frameMembers } from './annotation-commands';
import { idPrefixForType, newId } from './create';
import type { DataEntry, DocEdge, DocFrame, DocNode, DocNote, PipelineDocument, Position } from './types';

/** How far a paste without a pointer (or a duplicate) lands from the originals, per step. */
export const PASTE_OFFSET = 40;

/**
 * The chosen nodes as a document of their own: the edges with both ends among them, the data
 * entries their params name, the type versions they use, and the chosen frames and notes (a
 * frame brings the nodes and notes it holds). Unknown ids are ignored; the order is the
 * document's, so the same selection always gives the same text.
 */
export function extractSubgraph(doc: PipelineDocument, ids: Iterable<string>): PipelineDocument {
	const chosen = new Set(ids);
	const frames = doc.frames.filter((f) => chosen.has(f.id));
	for (const f of frames) {
		const held = frameMembers(doc, f.id);
		for (const id of [...held.nodes, ...held.notes]) chosen.add(id);
	}
	const nodes = doc.nodes.filter((n) => chosen.has(n.id));
	const kept = new Set(nodes.map((n) => n.id));
	const edges = doc.edges.filter((e) => kept.has(e.from.node) && kept.has(e.to.node));
	const named = new Set(nodes.map((n) => n.params.name).filter((v): v is string => typeof v === 'string'));
	const types = new Set(nodes.map((n) => `node:${n.type}`));
	const sequences = Object.fromEntries(Object.entries(doc.schema.sequences).filter(([k]) => k === 'doc' || types.has(k)));
	return {
		...doc,
		schema: { sequences },
		nodes,
		edges,
		data: doc.data.filter((d) => named.has(d.name)),
		frames,
		notes: doc.notes.filter((n) => chosen.has(n.id))
	};
}

export interface PasteResult {
	readonly doc: PipelineDocument;
	/** The pasted nodes' new ids, in the fragment's order, then the pasted frames' and notes'. */
	readonly ids: readonly string[];
	/** What was left out or kept as it was, each naming what. */
	readonly warnings: readonly string[];
}

/** The top-left corner of the items' positions. */
function topLeft(nodes: readonly { readonly position: Position }[]): Position {
	return {
		x: Math.min(...nodes.map((n) => n.position.x)),
		y: Math.min(...nodes.map((n) => n.position.y))
	};
}

/**
 * Where the fragment's nodes go: with `at` (the pointer, in canvas coordinates) the fragment's
 * top-left corner lands there; without it, the nodes keep their positions shifted by
 * PASTE_OFFSET — and by one more step each time a node already sits on that spot, so pasting
 * twice does not stack the copies exactly on each other.
 */
export function pasteShift(target: PipelineDocument, nodes: readonly { readonly position: Position }[], at: Position | null): Position {
	if (nodes.length === 0) return { x: 0, y: 0 };
	const corner = topLeft(nodes);
	if (at) return { x: Math.round(at.x - corner.x), y: Math.round(at.y - corner.y) };
	const first = nodes[0].position;
	const placed = [...target.nodes, ...target.notes, ...target.frames];
	const taken = (dx: number, dy: number) => placed.some((n) => n.position.x === first.x + dx && n.position.y === first.y + dy);
	let step = 1;
	while (step < 1000 && taken(step * PASTE_OFFSET, step * PASTE_OFFSET)) step++;
	return { x: step * PASTE_OFFSET, y: step * PASTE_OFFSET };
}

/**
 * Adds a fragment (a document from `extractSubgraph` or from a parsed clipboard text) to
 * `target`. Nodes a file kept but this app cannot run (inert) are left out, with their edges,
 * and said so. Data entries are added unless the target already has one of that name (then the
 * target's is kept, and a different hash is reported).
 */
export function pasteFragment(target: PipelineDocument, fragment: PipelineDocument, at: Position | null): PasteResult {
	const warnings: string[] = [];
	const inert = fragment.nodes.filter((n) => n.inert);
	for (const n of inert) warnings.push(`${n.label ?? n.type} (“${n.id}”) was not pasted: ${n.inert!.reason}`);
	const nodes = fragment.nodes.filter((n) => !n.inert);
	if (nodes.length + fragment.notes.length + fragment.frames.length === 0) return { doc: target, ids: [], warnings };

	// Frames and notes move with the nodes: one shift for everything pasted.
	const shift = pasteShift(target, [...nodes, ...fragment.notes, ...fragment.frames], at);
	const taken = [...target.nodes, ...target.frames, ...target.notes].map((n) => n.id);
	const rename = new Map<string, string>();
	const pasted: DocNode[] = nodes.map((n) => {
		const id = newId(idPrefixForType(n.type), taken);
		taken.push(id);
		rename.set(n.id, id);
		return { ...n, id, position: { x: n.position.x + shift.x, y: n.position.y + shift.y } };
	});

	const edgeIds = target.edges.map((e) => e.id);
	const edges: DocEdge[] = [];
	for (const e of fragment.edges) {
		const from = rename.get(e.from.node);
		const to = rename.get(e.to.node);
		if (!from || !to) continue;
		const id = newId('e', edgeIds);
		edgeIds.push(id);
		edges.push({ id, from: { node: from, port: e.from.port }, to: { node: to, port: e.to.port } });
	}

	const data: DataEntry[] = [...target.data];
	for (const d of fragment.data) {
		const same = target.data.find((t) => t.name === d.name);
		if (!same) data.push(d);
		else if (same.hash !== d.hash)
			warnings.push(`dataset “${d.name}” differs from the one this project already has under that name: the project's is kept`);
	}

	const sequences = { ...target.schema.sequences };
	for (const n of pasted) {
		const key = `node:${n.type}`;
		const version = fragment.schema.sequences[key];
		if (version !== undefined) sequences[key] = version;
	}

	const moved = <T extends DocFrame | DocNote>(item: T, prefix: string): T => {
		const id = newId(prefix, taken);
		taken.push(id);
		return { ...item, id, position: { x: item.position.x + shift.x, y: item.position.y + shift.y } };
	};
	const frames = fragment.frames.map((f) => moved(f, 'frame-'));
	const notes = fragment.notes.map((n) => moved(n, 'note-'));

	return {
		doc: {
			...target,
			schema: { sequences },
			nodes: [...target.nodes, ...pasted],
			edges: [...target.edges, ...edges],
			data,
			frames: [...target.frames, ...frames],
			notes: [...target.notes, ...notes]
		},
		ids: [...pasted, ...frames, ...notes].map((n) => n.id),
		warnings
	};
}
