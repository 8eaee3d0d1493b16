/**
 * Where nodes moved on the canvas are kept in the document. Svelte Flow moves nodes on screen
 * (a drag, or 5 px per arrow key, 20 with Shift); the document takes the new places once the
 * move ends, as one undo step.
 */
import type { PipelineDocument, Position } from '$lib/core/doc/types';
import { dropDragged } from '$lib/state/annotations';
import type { ProjectState } from '$lib/state/project.svelte';
import type { CanvasFlowNode } from './types';

/** The same place once rounded to whole pixels, as the document stores it. */
export const samePlace = (a: Position | undefined, b: Position): boolean =>
	!!a && Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y);

/** The selected flow nodes that stand somewhere else than the document has them. */
export function movedOnScreen(doc: PipelineDocument, nodes: readonly CanvasFlowNode[]): CanvasFlowNode[] {
	const stored = new Map<string, Position>([...doc.nodes, ...doc.notes, ...doc.frames].map((n) => [n.id, n.position]));
	return nodes.filter((n) => n.selected && !samePlace(stored.get(n.id), n.position));
}

/** The moves as one undo step: pipeline nodes alone move as nodes; with a frame or note among them, a frame carries its members (annotations.ts). */
export function keepMoves(project: ProjectState, moved: readonly CanvasFlowNode[]): void {
	const places = moved.map((n) => ({ id: n.id, position: n.position }));
	if (moved.some((n) => n.type !== 'pipeline')) dropDragged(project, places);
	else project.moveNodes(places);
}
