/**
 * Dragging on the canvas. A drag (of one node or of the whole selection) is one undo step,
 * kept when it ends (flow-moves.ts). Dragging a frame carries its members along on screen;
 * the document moves them on drop. A node type dragged in from the palette is added where it
 * is dropped.
 */
import { frameMembers } from '$lib/core/doc';
import type { PipelineDocument, Position } from '$lib/core/doc/types';
import type { CanvasFlowNode } from './types';

/** The drag data type the palette puts a node type under. */
export const NODE_DRAG_TYPE = 'application/x-tessera-node';

/** A frame being dragged: where it started, and where each member it carries (not dragged itself) started. */
export interface Carrying {
	readonly frame: string;
	readonly start: Position;
	readonly members: ReadonlyMap<string, Position>;
}

/** At the start of a drag: the frame among the dragged nodes and its members left behind, or null. */
export function startCarrying(
	doc: PipelineDocument,
	dragged: readonly CanvasFlowNode[],
	nodes: readonly CanvasFlowNode[]
): Carrying | null {
	const frame = dragged.find((n) => n.type === 'frame');
	if (!frame) return null;
	const m = frameMembers(doc, frame.id);
	const ids = new Set([...m.nodes, ...m.notes].filter((id) => !dragged.some((d) => d.id === id)));
	return {
		frame: frame.id,
		start: { ...frame.position },
		members: new Map(nodes.filter((n) => ids.has(n.id)).map((n) => [n.id, { ...n.position }]))
	};
}

/** During the drag: the flow nodes with the carried members moved as far as the frame has; null when the frame is not among the dragged. */
export function carried(c: Carrying, dragged: readonly CanvasFlowNode[], nodes: readonly CanvasFlowNode[]): CanvasFlowNode[] | null {
	const frame = dragged.find((n) => n.id === c.frame);
	if (!frame) return null;
	const dx = frame.position.x - c.start.x;
	const dy = frame.position.y - c.start.y;
	return nodes.map((n) => {
		const at = c.members.get(n.id);
		return at ? { ...n, position: { x: at.x + dx, y: at.y + dy } } : n;
	});
}

/** Where a node dropped from the palette goes: under the pointer, about where it was held (near its top left). */
export function dropPlace(at: Position): Position {
	return { x: Math.round(at.x - 110), y: Math.round(at.y - 20) };
}
