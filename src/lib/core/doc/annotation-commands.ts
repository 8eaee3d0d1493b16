/**
 * Edit commands for frames and sticky notes (format 3). Pure, like commands.ts: each returns
 * a new document and never mutates its input, so the state layer keeps them as undo steps.
 * A refusal (too long, too small, unknown colour) says why, as an EditResult.
 */
import { ANNOTATION_LIMITS, DEFAULT_FRAME_SIZE, DEFAULT_NOTE_SIZE, isFrameColour, sizeProblem } from './annotations';
import type { EditResult } from './commands';
import { newId } from './create';
import type { DocFrame, DocNote, FrameColour, PipelineDocument, Position, Size } from './types';

/** The size a node is drawn at when the caller cannot measure it (the studio passes real sizes). */
export const NOMINAL_NODE_SIZE: Size = { width: 220, height: 96 };
/** Room around the nodes a new frame is drawn about, and above them for its title. */
const FRAME_PAD = 24;
const FRAME_TITLE = 36;

function finite(p: Position): Position {
	if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new RangeError(`position must be finite, got (${p.x}, ${p.y})`);
	return { x: Math.round(p.x), y: Math.round(p.y) };
}

function takenIds(doc: PipelineDocument): string[] {
	return [...doc.nodes.map((n) => n.id), ...doc.frames.map((f) => f.id), ...doc.notes.map((n) => n.id)];
}

function inside(p: Position, f: { position: Position; size: Size }): boolean {
	return p.x >= f.position.x && p.y >= f.position.y && p.x <= f.position.x + f.size.width && p.y <= f.position.y + f.size.height;
}

/** The nodes (and notes) a frame holds: those whose top-left corner lies inside its rectangle. */
export function frameMembers(doc: PipelineDocument, frameId: string): { nodes: string[]; notes: string[] } {
	const frame = doc.frames.find((f) => f.id === frameId);
	if (!frame) return { nodes: [], notes: [] };
	return {
		nodes: doc.nodes.filter((n) => inside(n.position, frame)).map((n) => n.id),
		notes: doc.notes.filter((n) => inside(n.position, frame)).map((n) => n.id)
	};
}

function checkTitle(title: string): string | null {
	return title.length > ANNOTATION_LIMITS.maxTitleLength
		? `a frame title holds at most ${ANNOTATION_LIMITS.maxTitleLength} characters`
		: null;
}

function checkText(text: string): string | null {
	return text.length > ANNOTATION_LIMITS.maxNoteLength
		? `a note holds at most ${ANNOTATION_LIMITS.maxNoteLength} characters; this one has ${text.length}`
		: null;
}

export interface FrameSpec {
	readonly title?: string;
	readonly colour?: FrameColour;
	readonly position: Position;
	readonly size?: Size;
}

export function addFrame(doc: PipelineDocument, spec: FrameSpec): EditResult & { id?: string } {
	const title = (spec.title ?? 'Group').trim();
	const size = spec.size ?? DEFAULT_FRAME_SIZE;
	const colour = spec.colour ?? 'slate';
	const problem = checkTitle(title) ?? sizeProblem(size) ?? (isFrameColour(colour) ? null : `there is no frame colour "${colour}"`);
	if (problem) return { ok: false, error: problem };
	const id = newId('frame-', takenIds(doc));
	const frame: DocFrame = { id, title, colour, position: finite(spec.position), size: { ...size }, collapsed: false };
	// Behind everything drawn before it: a frame added later should not hide an older, smaller one.
	return { ok: true, id, doc: { ...doc, frames: [...doc.frames, frame] } };
}

/**
 * A frame drawn around some nodes, with room for its title. `sizes` are the nodes' drawn
 * sizes where the caller knows them.
 */
export function frameAround(
	doc: PipelineDocument,
	nodeIds: readonly string[],
	title = 'Group',
	sizes: ReadonlyMap<string, Size> = new Map()
): EditResult & { id?: string } {
	const chosen = doc.nodes.filter((n) => nodeIds.includes(n.id));
	if (chosen.length === 0) return { ok: false, error: 'select one or more nodes to frame' };
	let left = Infinity;
	let top = Infinity;
	let right = -Infinity;
	let bottom = -Infinity;
	for (const n of chosen) {
		const s = sizes.get(n.id) ?? NOMINAL_NODE_SIZE;
		left = Math.min(left, n.position.x);
		top = Math.min(top, n.position.y);
		right = Math.max(right, n.position.x + s.width);
		bottom = Math.max(bottom, n.position.y + s.height);
	}
	const position = { x: left - FRAME_PAD, y: top - FRAME_PAD - FRAME_TITLE };
	const size = { width: Math.round(right - left + 2 * FRAME_PAD), height: Math.round(bottom - top + 2 * FRAME_PAD + FRAME_TITLE) };
	return addFrame(doc, { title, position, size: { width: Math.max(size.width, 120), height: Math.max(size.height, 80) } });
}

/** Moves a frame and, by the same amount, every node and note inside it. */
export function moveFrame(doc: PipelineDocument, frameId: string, position: Position): PipelineDocument {
	const frame = doc.frames.find((f) => f.id === frameId);
	if (!frame) return doc;
	const to = finite(position);
	const dx = to.x - frame.position.x;
	const dy = to.y - frame.position.y;
	if (dx === 0 && dy === 0) return doc;
	const members = frameMembers(doc, frameId);
	const shift = (p: Position): Position => ({ x: p.x + dx, y: p.y + dy });
	return {
		...doc,
		frames: doc.frames.map((f) => (f.id === frameId ? { ...f, position: to } : f)),
		nodes: doc.nodes.map((n) => (members.nodes.includes(n.id) ? { ...n, position: shift(n.position) } : n)),
		notes: doc.notes.map((n) => (members.notes.includes(n.id) ? { ...n, position: shift(n.position) } : n))
	};
}

export type FrameChange = { readonly title?: string; readonly colour?: FrameColour; readonly collapsed?: boolean; readonly size?: Size };

export function changeFrame(doc: PipelineDocument, frameId: string, change: FrameChange): EditResult {
	const frame = doc.frames.find((f) => f.id === frameId);
	if (!frame) return { ok: false, error: `there is no frame "${frameId}"` };
	const title = change.title === undefined ? frame.title : change.title.trim();
	const problem =
		checkTitle(title) ??
		(change.size ? sizeProblem(change.size) : null) ??
		(change.colour === undefined || isFrameColour(change.colour) ? null : `there is no frame colour "${change.colour}"`);
	if (problem) return { ok: false, error: `frame "${frameId}": ${problem}` };
	const next: DocFrame = {
		...frame,
		title,
		colour: change.colour ?? frame.colour,
		collapsed: change.collapsed ?? frame.collapsed,
		size: change.size ? { width: Math.round(change.size.width), height: Math.round(change.size.height) } : frame.size
	};
	return { ok: true, doc: { ...doc, frames: doc.frames.map((f) => (f.id === frameId ? next : f)) } };
}

export function addNote(
	doc: PipelineDocument,
	position: Position,
	text = '',
	size: Size = DEFAULT_NOTE_SIZE
): EditResult & { id?: string } {
	const problem = checkText(text) ?? sizeProblem(size);
	if (problem) return { ok: false, error: problem };
	const id = newId('note-', takenIds(doc));
	const note: DocNote = { id, text, position: finite(position), size: { ...size } };
	return { ok: true, id, doc: { ...doc, notes: [...doc.notes, note] } };
}

export type NoteChange = { readonly text?: string; readonly size?: Size };

export function changeNote(doc: PipelineDocument, noteId: string, change: NoteChange): EditResult {
	const note = doc.notes.find((n) => n.id === noteId);
	if (!note) return { ok: false, error: `there is no note "${noteId}"` };
	const problem = (change.text === undefined ? null : checkText(change.text)) ?? (change.size ? sizeProblem(change.size) : null);
	if (problem) return { ok: false, error: `note "${noteId}": ${problem}` };
	const next: DocNote = {
		...note,
		text: change.text ?? note.text,
		size: change.size ? { width: Math.round(change.size.width), height: Math.round(change.size.height) } : note.size
	};
	return { ok: true, doc: { ...doc, notes: doc.notes.map((n) => (n.id === noteId ? next : n)) } };
}

export function moveNote(doc: PipelineDocument, noteId: string, position: Position): PipelineDocument {
	if (!doc.notes.some((n) => n.id === noteId)) return doc;
	const at = finite(position);
	return { ...doc, notes: doc.notes.map((n) => (n.id === noteId ? { ...n, position: at } : n)) };
}

/** Removes the frames and notes among `ids` (a frame's members stay where they are); other ids are ignored. */
export function removeAnnotations(doc: PipelineDocument, ids: readonly string[]): PipelineDocument {
	const gone = new Set(ids);
	if (!doc.frames.some((f) => gone.has(f.id)) && !doc.notes.some((n) => gone.has(n.id))) return doc;
	return { ...doc, frames: doc.frames.filter((f) => !gone.has(f.id)), notes: doc.notes.filter((n) => !gone.has(n.id)) };
}
