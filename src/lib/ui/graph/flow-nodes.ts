/**
 * The flow's nodes and edges, derived from the document (its source of truth). The previous
 * flow node (and its measured size) is reused whenever its document node is unchanged, so
 * Svelte Flow redraws only what changed. Which nodes and edges are selected comes from the
 * selection state (UI-only). A collapsed frame hides its members; their outside wires are
 * drawn to the frame.
 */
import type { Edge } from '@xyflow/svelte';
import { frameMembers } from '$lib/core/doc';
import type { DocNode, PipelineDocument } from '$lib/core/doc/types';
import type { Registry } from '$lib/core/nodes/registry';
import { KIND_HEX } from '../primitives/kinds';
import type { CanvasFlowNode, FrameFlowNode, NoteFlowNode, PipelineFlowNode } from './types';

/** What the last derivation drew, and what is selected now. */
export interface FlowBefore {
	readonly nodes: readonly CanvasFlowNode[];
	readonly edges: readonly Edge[];
	readonly selectedNodes: ReadonlySet<string>;
	readonly selectedEdges: ReadonlySet<string>;
}

/** A node as screen readers name it: what it is, and what it holds. */
export function nodeName(dn: DocNode, lookup: Registry): string {
	const title = lookup.get(dn.type)?.title ?? dn.type;
	return dn.label ? `${title}: ${dn.label}` : title;
}

export function flowFromDocument(doc: PipelineDocument, lookup: Registry, prev: FlowBefore): { nodes: CanvasFlowNode[]; edges: Edge[] } {
	const { selectedNodes, selectedEdges } = prev;
	const before = new Map(prev.nodes.map((n) => [n.id, n]));
	const hiddenIn = new Map<string, string>();
	const memberCount = new Map<string, number>();
	for (const f of doc.frames) {
		const members = frameMembers(doc, f.id);
		memberCount.set(f.id, members.nodes.length);
		if (f.collapsed) for (const id of [...members.nodes, ...members.notes]) if (!hiddenIn.has(id)) hiddenIn.set(id, f.id);
	}
	const frames = doc.frames.map((f): FrameFlowNode => {
		const old = before.get(f.id);
		const members = memberCount.get(f.id) ?? 0;
		const isSelected = selectedNodes.has(f.id);
		if (old?.type === 'frame' && old.data.frame === f && old.data.members === members && !!old.selected === isSelected) return old;
		return {
			id: f.id,
			type: 'frame',
			position: { x: f.position.x, y: f.position.y },
			width: f.size.width,
			height: f.collapsed ? 40 : f.size.height,
			data: { frame: f, members },
			zIndex: -1,
			selected: isSelected,
			dragHandle: '.bar'
		};
	});
	const pipeline = doc.nodes.map((dn: DocNode): PipelineFlowNode => {
		const old = before.get(dn.id);
		const isSelected = selectedNodes.has(dn.id);
		const hidden = hiddenIn.has(dn.id);
		if (old?.type === 'pipeline' && old.data.node === dn && !!old.selected === isSelected && !!old.hidden === hidden) return old;
		return {
			...(old?.type === 'pipeline' ? old : {}),
			id: dn.id,
			type: 'pipeline' as const,
			position: { x: dn.position.x, y: dn.position.y },
			data: { node: dn },
			selected: isSelected,
			hidden,
			// Screen readers name the focused node by what it is and what it holds.
			ariaLabel: nodeName(dn, lookup)
		};
	});
	const notes = doc.notes.map((n): NoteFlowNode => {
		const old = before.get(n.id);
		const hidden = hiddenIn.has(n.id);
		const isSelected = selectedNodes.has(n.id);
		if (old?.type === 'note' && old.data.note === n && !!old.hidden === hidden && !!old.selected === isSelected) return old;
		return {
			id: n.id,
			type: 'note',
			position: { x: n.position.x, y: n.position.y },
			width: n.size.width,
			height: n.size.height,
			data: { note: n },
			selected: isSelected,
			hidden
		};
	});
	const prevEdges = new Map(prev.edges.map((e) => [e.id, e]));
	const edges = doc.edges.map((e): Edge => {
		const from = doc.nodes.find((n) => n.id === e.from.node);
		const kind = from ? lookup.get(from.type)?.outputs[e.from.port]?.kind : undefined;
		const colour = kind ? KIND_HEX[kind] : '#94a3b8';
		const style = `stroke:${colour};stroke-width:2`;
		const old = prevEdges.get(e.id);
		const isSelected = selectedEdges.has(e.id);
		const inSource = hiddenIn.get(e.from.node);
		const inTarget = hiddenIn.get(e.to.node);
		const source = inSource ?? e.from.node;
		const sourceHandle = inSource ? 'out' : e.from.port;
		const target = inTarget ?? e.to.node;
		const targetHandle = inTarget ? 'in' : e.to.port;
		// Both ends inside one collapsed frame: nothing to draw.
		const hidden = !!inSource && inSource === inTarget;
		if (
			old &&
			old.source === source &&
			old.sourceHandle === sourceHandle &&
			old.target === target &&
			old.targetHandle === targetHandle &&
			old.style === style &&
			!!old.hidden === hidden &&
			!!old.selected === isSelected
		)
			return old;
		return { id: e.id, source, sourceHandle, target, targetHandle, hidden, selected: isSelected, style };
	});
	return { nodes: [...frames, ...pipeline, ...notes], edges };
}
