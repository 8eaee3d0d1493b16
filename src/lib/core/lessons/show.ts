/**
 * "Show me": a step's actions turned into document edits through the ordinary commands (so
 * each is one Undo step in the studio and is validated like any edit) or a request to run.
 * Adding is idempotent: pressing Show me twice never adds a second node of the same type.
 */
import { addNote, frameAround } from '../doc/annotation-commands';
import { addNode, connect, setParam } from '../doc/commands';
import type { PipelineDocument, Position } from '../doc/types';
import type { NodeTypeLookup } from '../nodes/define';
import { nodesOfType } from './check';
import type { LessonAction } from './types';

export type ShowOutcome =
	| { readonly kind: 'edit'; readonly doc: PipelineDocument }
	| { readonly kind: 'run' }
	| { readonly kind: 'error'; readonly message: string };

const COLUMN = 280;
const ROW = 150;

function titleOf(type: string, lookup: NodeTypeLookup): string {
	const info = lookup.get(type);
	return info && 'title' in info && typeof info.title === 'string' ? info.title : type;
}

/** Right of the `after` node (the next free row down), or right of everything. */
function placeFor(doc: PipelineDocument, after: string | undefined): Position {
	if (doc.nodes.length === 0) return { x: 40, y: 120 };
	const anchor = after ? nodesOfType(doc, after)[0] : undefined;
	let at: Position = anchor
		? { x: anchor.position.x + COLUMN, y: anchor.position.y }
		: { x: Math.max(...doc.nodes.map((n) => n.position.x)) + COLUMN, y: Math.min(...doc.nodes.map((n) => n.position.y)) };
	while (doc.nodes.some((n) => Math.abs(n.position.x - at.x) < COLUMN - 40 && Math.abs(n.position.y - at.y) < ROW - 20))
		at = { x: at.x, y: at.y + ROW };
	return at;
}

export function applyLessonAction(doc: PipelineDocument, lookup: NodeTypeLookup, action: LessonAction): ShowOutcome {
	const need = (type: string): string | { message: string } =>
		nodesOfType(doc, type)[0]?.id ?? { message: `there is no ${titleOf(type, lookup)} node yet: do the earlier steps first` };
	switch (action.kind) {
		case 'add-node': {
			if (nodesOfType(doc, action.type).length > 0) return { kind: 'edit', doc };
			try {
				return { kind: 'edit', doc: addNode(doc, lookup, action.type, placeFor(doc, action.after), action.params ?? {}).doc };
			} catch (e) {
				return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
			}
		}
		case 'connect': {
			const from = need(action.from.type);
			const to = need(action.to.type);
			if (typeof from !== 'string') return { kind: 'error', ...from };
			if (typeof to !== 'string') return { kind: 'error', ...to };
			const r = connect(doc, lookup, { node: from, port: action.from.port }, { node: to, port: action.to.port });
			return r.ok ? { kind: 'edit', doc: r.doc } : { kind: 'error', message: r.reason };
		}
		case 'set-param': {
			const id = need(action.type);
			if (typeof id !== 'string') return { kind: 'error', ...id };
			const r = setParam(doc, lookup, id, action.param, action.value);
			return r.ok ? { kind: 'edit', doc: r.doc } : { kind: 'error', message: r.error };
		}
		case 'add-note': {
			if (doc.notes.some((n) => n.text === action.text)) return { kind: 'edit', doc };
			const near = action.near ? nodesOfType(doc, action.near)[0] : undefined;
			const at = near ? { x: near.position.x, y: near.position.y + ROW } : { x: 40, y: 0 };
			const r = addNote(doc, at, action.text);
			return r.ok ? { kind: 'edit', doc: r.doc } : { kind: 'error', message: r.error };
		}
		case 'frame-all': {
			if (doc.frames.length > 0) return { kind: 'edit', doc };
			const r = frameAround(
				doc,
				doc.nodes.map((n) => n.id),
				action.title
			);
			return r.ok ? { kind: 'edit', doc: r.doc } : { kind: 'error', message: r.error };
		}
		case 'run':
			return { kind: 'run' };
	}
}

/**
 * A step's actions in order: the edits folded into one document (one Undo step), and
 * whether a run follows them. Stops at the first action that cannot be done.
 */
export function planShowMe(
	doc: PipelineDocument,
	lookup: NodeTypeLookup,
	actions: readonly LessonAction[]
): { ok: true; doc: PipelineDocument; run: boolean } | { ok: false; error: string } {
	let next = doc;
	let run = false;
	for (const action of actions) {
		const out = applyLessonAction(next, lookup, action);
		if (out.kind === 'error') return { ok: false, error: out.message };
		if (out.kind === 'run') run = true;
		else next = out.doc;
	}
	return { ok: true, doc: next, run };
}
