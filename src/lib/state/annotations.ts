/**
 * Frames and sticky notes on the canvas: the studio's edits of them, each one Undo step
 * through ProjectState.edit and the pure commands in core/doc/annotation-commands.ts.
 */
import {
	addNote,
	changeFrame,
	changeNote,
	frameAround,
	frameMembers,
	moveFrame,
	moveNote,
	type FrameChange,
	type EditResult
} from '$lib/core/doc';
import { moveNode } from '$lib/core/doc/commands';
import type { PipelineDocument, Position, Size } from '$lib/core/doc/types';
import type { Outcome, ProjectState } from './project.svelte';

export type Annotation = { readonly kind: 'frame'; readonly id: string } | { readonly kind: 'note'; readonly id: string };

/** Whether a canvas id is a frame, a note, or neither (a pipeline node). */
export function annotationOf(doc: PipelineDocument | null, id: string): Annotation | null {
	if (doc?.frames.some((f) => f.id === id)) return { kind: 'frame', id };
	if (doc?.notes.some((n) => n.id === id)) return { kind: 'note', id };
	return null;
}

/** Where a new note goes when no point is given: below everything on the canvas. */
export function spotForNote(doc: PipelineDocument): Position {
	const all = [
		...doc.nodes,
		...doc.notes,
		...doc.frames.map((f) => ({ position: { x: f.position.x, y: f.position.y + f.size.height - 120 } }))
	];
	if (all.length === 0) return { x: 40, y: 40 };
	return { x: Math.min(...all.map((n) => n.position.x)), y: Math.max(...all.map((n) => n.position.y)) + 160 };
}

export function addNoteTo(project: ProjectState, at?: Position, text = 'Double-click to write a **note**.'): string | null {
	let id: string | null = null;
	const out = project.edit((doc) => {
		const r = addNote(doc, at ?? spotForNote(doc), text);
		if (r.ok) id = r.id ?? null;
		return r;
	}, 'add note');
	return out.ok ? id : null;
}

export function frameNodes(project: ProjectState, nodeIds: readonly string[], sizes?: ReadonlyMap<string, Size>): Outcome {
	return project.edit((doc) => frameAround(doc, nodeIds, 'Group', sizes), 'frame selection');
}

export function updateFrame(project: ProjectState, id: string, change: FrameChange): Outcome {
	return project.edit((doc) => changeFrame(doc, id, change), 'change frame');
}

export function setNoteText(project: ProjectState, id: string, text: string): Outcome {
	return project.edit((doc) => changeNote(doc, id, { text }), 'edit note');
}

/** A frame or note resized from any corner: its new rectangle, one Undo step. */
export function resizeAnnotation(project: ProjectState, id: string, rect: Position & Size): Outcome {
	return project.edit((doc): EditResult => {
		const what = annotationOf(doc, id);
		if (!what) return { ok: false, error: `there is no frame or note "${id}"` };
		const size = { width: rect.width, height: rect.height };
		if (what.kind === 'frame') {
			const r = changeFrame(doc, id, { size });
			const position = { x: Math.round(rect.x), y: Math.round(rect.y) };
			// Not moveFrame: resizing from the top-left must not drag the members along.
			return r.ok ? { ok: true, doc: { ...r.doc, frames: r.doc.frames.map((f) => (f.id === id ? { ...f, position } : f)) } } : r;
		}
		const r = changeNote(doc, id, { size });
		return r.ok ? { ok: true, doc: moveNote(r.doc, id, rect) } : r;
	});
}

/**
 * The end of a drag on the canvas, as one Undo step: frames move with their members, notes
 * and nodes to where they were dropped. A member dragged along with its frame moves once.
 */
export function dropDragged(project: ProjectState, moved: readonly { id: string; position: Position }[]): void {
	project.edit((doc) => {
		let next = doc;
		const carried = new Set<string>();
		for (const m of moved)
			if (annotationOf(doc, m.id)?.kind === 'frame') {
				const members = frameMembers(doc, m.id);
				for (const id of [...members.nodes, ...members.notes]) carried.add(id);
				next = moveFrame(next, m.id, m.position);
			}
		for (const m of moved) {
			if (carried.has(m.id)) continue;
			const what = annotationOf(doc, m.id);
			const at = { x: Math.round(m.position.x), y: Math.round(m.position.y) };
			if (what?.kind === 'note') next = moveNote(next, m.id, at);
			else if (!what) {
				const node = next.nodes.find((n) => n.id === m.id);
				if (node && (node.position.x !== at.x || node.position.y !== at.y)) next = moveNode(next, m.id, at);
			}
		}
		return { ok: true, doc: next };
	});
}
