/**
 * Frames and sticky notes (format 3): their limits, and reading them from a hostile file.
 * They never run, so a bad one never refuses the file: it is dropped or reset with a
 * warning that names it. Only a list too long to be honest refuses the file, as for nodes.
 */
import { isRecord, own, show, type RawRecord } from './raw';
import { FRAME_COLOURS, type DocFrame, type DocNote, type FrameColour, type Position, type Size } from './types';

export const ANNOTATION_LIMITS = {
	maxFrames: 500,
	maxNotes: 500,
	maxIdLength: 100,
	maxTitleLength: 200,
	/** A note is a few paragraphs, not a book: 20 000 characters. */
	maxNoteLength: 20_000,
	minSize: 40,
	maxSize: 20_000
} as const;

export const DEFAULT_FRAME_SIZE: Size = { width: 480, height: 280 };
export const DEFAULT_NOTE_SIZE: Size = { width: 240, height: 160 };

export function isFrameColour(v: unknown): v is FrameColour {
	return typeof v === 'string' && (FRAME_COLOURS as readonly string[]).includes(v);
}

/** A size inside the limits, or a sentence saying what is wrong with it. */
export function sizeProblem(size: Size): string | null {
	const { minSize, maxSize } = ANNOTATION_LIMITS;
	for (const [name, v] of [
		['width', size.width],
		['height', size.height]
	] as const)
		if (!Number.isFinite(v) || v < minSize || v > maxSize) return `${name} must be a number from ${minSize} to ${maxSize}, got ${show(v)}`;
	return null;
}

interface Sink {
	readonly errors: string[];
	readonly warnings: string[];
}

function readPosition(v: unknown): Position | null {
	if (!isRecord(v)) return null;
	const x = own(v, 'x');
	const y = own(v, 'y');
	return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

function readSize(v: unknown, fallback: Size, where: string, sink: Sink): Size {
	if (v === undefined) return fallback;
	const width = isRecord(v) ? own(v, 'width') : undefined;
	const height = isRecord(v) ? own(v, 'height') : undefined;
	const problem = typeof width === 'number' && typeof height === 'number' ? sizeProblem({ width, height }) : 'expected { width, height }';
	if (!problem) return { width: width as number, height: height as number };
	sink.warnings.push(`${where}.size: ${problem}; reset to ${fallback.width}×${fallback.height}`);
	return fallback;
}

/** The list under `key`, or null (with an error) when it is not one or too long. */
function readList(raw: RawRecord, key: 'frames' | 'notes', max: number, sink: Sink): unknown[] | null {
	const list = own(raw, key) ?? [];
	if (!Array.isArray(list)) {
		sink.warnings.push(`${key}: expected a list, got ${show(list)}; ignored`);
		return null;
	}
	if (list.length > max) {
		sink.errors.push(`${key}: the file has ${list.length} ${key}; the limit is ${max}`);
		return null;
	}
	return list;
}

/**
 * Reads `frames` and `notes`. `taken` holds the node ids: a frame or note shares the canvas
 * with nodes, so its id must differ from theirs and from every other annotation's.
 */
export function readAnnotations(raw: RawRecord, taken: ReadonlySet<string>, sink: Sink): { frames: DocFrame[]; notes: DocNote[] } {
	const ids = new Set(taken);
	const claim = (id: unknown, path: string): id is string => {
		if (typeof id !== 'string' || id.length === 0 || id.length > ANNOTATION_LIMITS.maxIdLength) {
			sink.warnings.push(
				`${path}.id: expected a non-empty id of at most ${ANNOTATION_LIMITS.maxIdLength} characters, got ${show(id)}; dropped`
			);
			return false;
		}
		if (ids.has(id)) {
			sink.warnings.push(`${path}: the id "${id}" is already used by a node, frame or note; dropped`);
			return false;
		}
		ids.add(id);
		return true;
	};

	const frames: DocFrame[] = [];
	(readList(raw, 'frames', ANNOTATION_LIMITS.maxFrames, sink) ?? []).forEach((f: unknown, i) => {
		const path = `frames[${i}]`;
		if (!isRecord(f)) return void sink.warnings.push(`${path}: expected a frame object, got ${show(f)}; dropped`);
		const id = own(f, 'id');
		if (!claim(id, path)) return;
		const where = `frame "${id}" (${path})`;
		const position = readPosition(own(f, 'position'));
		if (!position) return void sink.warnings.push(`${where}.position: expected { x, y } finite numbers; dropped`);
		let title = own(f, 'title') ?? '';
		if (typeof title !== 'string' || title.length > ANNOTATION_LIMITS.maxTitleLength) {
			sink.warnings.push(
				`${where}.title: expected text of at most ${ANNOTATION_LIMITS.maxTitleLength} characters, got ${show(title)}; cleared`
			);
			title = '';
		}
		let colour = own(f, 'colour') ?? 'slate';
		if (!isFrameColour(colour)) {
			sink.warnings.push(`${where}.colour: expected one of ${FRAME_COLOURS.join(', ')}, got ${show(colour)}; slate used`);
			colour = 'slate';
		}
		let collapsed = own(f, 'collapsed') ?? false;
		if (typeof collapsed !== 'boolean') {
			sink.warnings.push(`${where}.collapsed: expected true or false, got ${show(collapsed)}; expanded`);
			collapsed = false;
		}
		const size = readSize(own(f, 'size'), DEFAULT_FRAME_SIZE, where, sink);
		frames.push({ id, title: title as string, colour: colour as FrameColour, position, size, collapsed: collapsed as boolean });
	});

	const notes: DocNote[] = [];
	(readList(raw, 'notes', ANNOTATION_LIMITS.maxNotes, sink) ?? []).forEach((n: unknown, i) => {
		const path = `notes[${i}]`;
		if (!isRecord(n)) return void sink.warnings.push(`${path}: expected a note object, got ${show(n)}; dropped`);
		const id = own(n, 'id');
		if (!claim(id, path)) return;
		const where = `note "${id}" (${path})`;
		const position = readPosition(own(n, 'position'));
		if (!position) return void sink.warnings.push(`${where}.position: expected { x, y } finite numbers; dropped`);
		const text = own(n, 'text') ?? '';
		if (typeof text !== 'string') return void sink.warnings.push(`${where}.text: expected Markdown text, got ${show(text)}; dropped`);
		if (text.length > ANNOTATION_LIMITS.maxNoteLength)
			return void sink.warnings.push(
				`${where}.text: ${text.length} characters; a note holds at most ${ANNOTATION_LIMITS.maxNoteLength}; dropped`
			);
		const size = readSize(own(n, 'size'), DEFAULT_NOTE_SIZE, where, sink);
		notes.push({ id, text, position, size });
	});
	return { frames, notes };
}
