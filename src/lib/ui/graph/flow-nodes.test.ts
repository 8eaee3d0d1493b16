import { describe, expect, it } from 'vitest';
import { addFrame, addNode, addNote, changeFrame, connect, createDocument, type EditResult } from '$lib/core/doc';
import type { PipelineDocument } from '$lib/core/doc/types';
import { registry } from '$lib/core/nodes/test-kit';
import { KIND_HEX } from '../primitives/kinds';
import { carried, dropPlace, startCarrying } from './flow-drag';
import { flowFromDocument, nodeName, type FlowBefore } from './flow-nodes';
import type { CanvasFlowNode } from './types';

function ok(r: EditResult & { id?: string }): { doc: PipelineDocument; id: string } {
	if (!r.ok) throw new Error(r.error);
	return { doc: r.doc, id: r.id ?? '' };
}

/** A Dataset wired to a Split and a note, inside a frame at (0, 0) of 600 × 400; another Split outside it, wired to the Dataset. */
function pipeline(collapsed: boolean) {
	let doc = createDocument('flow', new Date(Date.UTC(2026, 0, 1)));
	const dataset = addNode(doc, registry, 'io.dataset', { x: 40, y: 60 });
	const split = addNode(dataset.doc, registry, 'split.train-test', { x: 300, y: 60 });
	const outside = addNode(split.doc, registry, 'split.train-test', { x: 900, y: 60 });
	doc = outside.doc;
	for (const to of [split.id, outside.id]) {
		const c = connect(doc, registry, { node: dataset.id, port: 'data' }, { node: to, port: 'data' });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const note = ok(addNote(doc, { x: 40, y: 250 }, 'why'));
	const frame = ok(addFrame(note.doc, { title: 'Prep', position: { x: 0, y: 0 }, size: { width: 600, height: 400 } }));
	doc = collapsed ? ok(changeFrame(frame.doc, frame.id, { collapsed: true })).doc : frame.doc;
	return { doc, dataset: dataset.id, split: split.id, outside: outside.id, note: note.id, frame: frame.id };
}

const none: FlowBefore = { nodes: [], edges: [], selectedNodes: new Set(), selectedEdges: new Set() };

describe('flow nodes from the document', () => {
	it('draws frames behind, then nodes, then notes, with the edges coloured by the kind they carry', () => {
		const p = pipeline(false);
		const { nodes, edges } = flowFromDocument(p.doc, registry, none);
		expect(nodes.map((n) => [n.id, n.type])).toEqual([
			[p.frame, 'frame'],
			[p.dataset, 'pipeline'],
			[p.split, 'pipeline'],
			[p.outside, 'pipeline'],
			[p.note, 'note']
		]);
		expect(nodes[0]).toMatchObject({ zIndex: -1, width: 600, height: 400, data: { members: 2 }, dragHandle: '.bar' });
		expect(nodes[1]).toMatchObject({ ariaLabel: 'Dataset', hidden: false, position: { x: 40, y: 60 } });
		expect(edges).toHaveLength(2);
		expect(edges.every((e) => e.style === `stroke:${KIND_HEX.dataset};stroke-width:2` && !e.hidden)).toBe(true);
	});

	it('a collapsed frame hides its members and takes their outside wires; wires inside it are hidden', () => {
		const p = pipeline(true);
		const { nodes, edges } = flowFromDocument(p.doc, registry, none);
		expect(nodes.find((n) => n.id === p.frame)).toMatchObject({ height: 40 });
		expect(nodes.filter((n) => n.hidden).map((n) => n.id)).toEqual([p.dataset, p.split, p.note]);
		const inside = edges.find((e) => e.target === p.frame);
		expect(inside).toMatchObject({ source: p.frame, sourceHandle: 'out', targetHandle: 'in', hidden: true });
		const out = edges.find((e) => e.target === p.outside);
		expect(out).toMatchObject({ source: p.frame, sourceHandle: 'out', targetHandle: 'data', hidden: false });
	});

	it('reuses the flow node and edge of an unchanged document node, and redraws what the selection changed', () => {
		const p = pipeline(false);
		const first = flowFromDocument(p.doc, registry, none);
		const again = flowFromDocument(p.doc, registry, { ...none, nodes: first.nodes, edges: first.edges });
		expect(again.nodes.every((n, i) => n === first.nodes[i])).toBe(true);
		expect(again.edges.every((e, i) => e === first.edges[i])).toBe(true);
		const selected = flowFromDocument(p.doc, registry, {
			nodes: first.nodes,
			edges: first.edges,
			selectedNodes: new Set([p.split]),
			selectedEdges: new Set([first.edges[0].id])
		});
		expect(selected.nodes.filter((n, i) => n !== first.nodes[i]).map((n) => [n.id, n.selected])).toEqual([[p.split, true]]);
		expect(selected.edges[0]).toMatchObject({ selected: true });
		expect(selected.edges[1]).toBe(first.edges[1]);
	});

	it('names a node by its type and label', () => {
		const p = pipeline(false);
		const node = p.doc.nodes.find((n) => n.id === p.split)!;
		expect(nodeName(node, registry)).toBe('Split');
		expect(nodeName({ ...node, label: 'hold-out' }, registry)).toBe('Split: hold-out');
	});
});

describe('dragging a frame', () => {
	const p = pipeline(false);
	const { nodes } = flowFromDocument(p.doc, registry, none);
	const at = (ns: readonly CanvasFlowNode[], id: string) => ns.find((n) => n.id === id)!.position;

	it('carries the members that are not dragged themselves, as far as the frame moved', () => {
		const frame = nodes.find((n) => n.id === p.frame)!;
		const dataset = nodes.find((n) => n.id === p.dataset)!;
		const c = startCarrying(p.doc, [frame, dataset], nodes)!;
		expect(c.frame).toBe(p.frame);
		expect([...c.members.keys()]).toEqual([p.split, p.note]);
		const moved = { ...frame, position: { x: 30, y: -10 } };
		const next = carried(c, [moved, dataset], nodes)!;
		expect(at(next, p.split)).toEqual({ x: 330, y: 50 });
		expect(at(next, p.note)).toEqual({ x: 70, y: 240 });
		// The dragged Dataset is Svelte Flow's to move; the node outside stays.
		expect(at(next, p.dataset)).toEqual({ x: 40, y: 60 });
		expect(at(next, p.outside)).toEqual({ x: 900, y: 60 });
	});

	it('carries nothing when no frame is dragged', () => {
		const split = nodes.find((n) => n.id === p.split)!;
		expect(startCarrying(p.doc, [split], nodes)).toBeNull();
		const frame = nodes.find((n) => n.id === p.frame)!;
		const c = startCarrying(p.doc, [frame], nodes)!;
		expect(carried(c, [split], nodes)).toBeNull();
	});

	it('a node from the palette lands about where it was held', () => {
		expect(dropPlace({ x: 310.4, y: 80.6 })).toEqual({ x: 200, y: 61 });
	});
});
