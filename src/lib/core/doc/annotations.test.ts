/** Frames and sticky notes (format 3): hostile files, the edit commands, and safe Markdown. */
import { describe, expect, it } from 'vitest';
import {
	addFrame,
	addNote,
	changeFrame,
	changeNote,
	frameAround,
	frameMembers,
	moveFrame,
	moveNote,
	removeAnnotations
} from './annotation-commands';
import { ANNOTATION_LIMITS } from './annotations';
import { addNode, removeNode } from './commands';
import { createDocument } from './create';
import { renderMarkdown } from './markdown';
import { parseDocument, serialiseDocument, type ParseResult } from './serialise';
import { testLookup } from './test-lookup';
import type { PipelineDocument } from './types';

const lookup = testLookup();
type Json = Record<string, unknown>;

function file(extra: Json): Json {
	return {
		format: 'tessera/pipeline',
		schema: { sequences: { doc: 3, 'node:io.dataset': 1 } },
		meta: { name: 'notes', created: '', modified: '' },
		seeds: { global: 1 },
		nodes: [{ id: 'a', type: 'io.dataset', position: { x: 100, y: 100 }, params: {} }],
		edges: [],
		data: [],
		frames: [],
		notes: [],
		...extra
	};
}

function opened(v: Json): Extract<ParseResult, { ok: true }> {
	const r = parseDocument(JSON.stringify(v), lookup);
	if (!r.ok) throw new Error(r.errors.join('\n'));
	return r;
}

const note = (over: Json = {}): Json => ({
	id: 'note-1',
	text: 'hi',
	position: { x: 0, y: 0 },
	size: { width: 200, height: 100 },
	...over
});
const frame = (over: Json = {}): Json => ({
	id: 'frame-1',
	title: 'T',
	colour: 'blue',
	position: { x: 0, y: 0 },
	size: { width: 400, height: 300 },
	collapsed: false,
	...over
});

describe('frames and notes in hostile files', () => {
	it('drops or resets each bad frame or note, naming it, and still opens the pipeline', () => {
		const r = opened(
			file({
				frames: [
					frame({ colour: 'url(javascript:alert(1))' }),
					frame({ id: 'a' }),
					frame({ id: 'frame-2', position: { x: 'x', y: 0 } }),
					frame({ id: 'frame-3', size: { width: 1e9, height: 10 }, collapsed: 'yes', title: 7 }),
					'<script>'
				],
				notes: [
					note(),
					note(),
					note({ id: 'note-2', text: { html: '<b>' } }),
					note({ id: 'note-3', text: 'x'.repeat(ANNOTATION_LIMITS.maxNoteLength + 1) })
				]
			})
		);
		expect(r.warnings).toEqual([
			'frame "frame-1" (frames[0]).colour: expected one of slate, blue, green, amber, rose, violet, got "url(javascript:alert(1))"; slate used',
			'frames[1]: the id "a" is already used by a node, frame or note; dropped',
			'frame "frame-2" (frames[2]).position: expected { x, y } finite numbers; dropped',
			'frame "frame-3" (frames[3]).title: expected text of at most 200 characters, got 7; cleared',
			'frame "frame-3" (frames[3]).collapsed: expected true or false, got "yes"; expanded',
			'frame "frame-3" (frames[3]).size: width must be a number from 40 to 20000, got 1000000000; reset to 480×280',
			'frames[4]: expected a frame object, got "<script>"; dropped',
			'notes[1]: the id "note-1" is already used by a node, frame or note; dropped',
			'note "note-2" (notes[2]).text: expected Markdown text, got an object; dropped',
			`note "note-3" (notes[3]).text: ${ANNOTATION_LIMITS.maxNoteLength + 1} characters; a note holds at most ${ANNOTATION_LIMITS.maxNoteLength}; dropped`
		]);
		expect(r.doc.frames.map((f) => [f.id, f.colour, f.title, f.size.width, f.collapsed])).toEqual([
			['frame-1', 'slate', 'T', 400, false],
			['frame-3', 'blue', '', 480, false]
		]);
		expect(r.doc.notes.map((n) => n.id)).toEqual(['note-1']);
		expect(r.doc.nodes.map((n) => n.id)).toEqual(['a']);
	});

	it('refuses a file with more frames than the limit, and ignores frames that are not a list', () => {
		const many = Array.from({ length: ANNOTATION_LIMITS.maxFrames + 1 }, (_, i) => frame({ id: `f${i}` }));
		const r = parseDocument(JSON.stringify(file({ frames: many })), lookup);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors).toEqual([`frames: the file has ${ANNOTATION_LIMITS.maxFrames + 1} frames; the limit is 500`]);
		expect(opened(file({ notes: 'a note' })).warnings).toEqual(['notes: expected a list, got "a note"; ignored']);
	});

	it('keeps hostile Markdown as text (it is only ever rendered safely) and __proto__ keys never reach a prototype', () => {
		const hostile = '<script>alert(1)</script>[x](javascript:alert(1))';
		const text = JSON.stringify(file({ notes: [note({ text: hostile })] })).replace(
			'"notes":[{',
			'"notes":[{"__proto__":{"polluted":true},'
		);
		const r = parseDocument(text, lookup);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.doc.notes[0].text).toBe(hostile);
		expect(({} as Json).polluted).toBeUndefined();
	});

	it('a saved frame and note round-trip exactly', () => {
		const r = opened(file({ frames: [frame({ collapsed: true })], notes: [note({ text: '# Title\n\n*why*' })] }));
		expect(r.warnings).toEqual([]);
		const again = parseDocument(serialiseDocument(r.doc), lookup);
		if (!again.ok) throw new Error(again.errors.join('\n'));
		expect(again.doc).toEqual(r.doc);
	});
});

describe('frame and note commands', () => {
	function threeNodes(): { doc: PipelineDocument; ids: string[] } {
		let doc = createDocument('f', new Date('2026-01-01T00:00:00Z'));
		const ids: string[] = [];
		for (const x of [0, 300, 900]) {
			const r = addNode(doc, lookup, 'io.dataset', { x, y: 50 });
			doc = r.doc;
			ids.push(r.id);
		}
		return { doc, ids };
	}

	it('frames the chosen nodes with padding and a title bar, and moving it moves exactly its members', () => {
		const { doc, ids } = threeNodes();
		const r = frameAround(doc, ids.slice(0, 2), 'Load', new Map([[ids[1], { width: 200, height: 80 }]]));
		if (!r.ok || !r.id) throw new Error('no frame');
		// left 0 - 24, top 50 - 24 - 36; right 300 + 200 + 24, bottom 50 + 96 (nominal for the first) + 24
		expect(r.doc.frames).toEqual([
			{ id: 'frame-1', title: 'Load', colour: 'slate', position: { x: -24, y: -10 }, size: { width: 548, height: 180 }, collapsed: false }
		]);
		expect(frameMembers(r.doc, r.id)).toEqual({ nodes: ids.slice(0, 2), notes: [] });
		const withNote = addNote(r.doc, { x: 10, y: 20 }, 'inside');
		if (!withNote.ok) throw new Error(withNote.error);
		const moved = moveFrame(withNote.doc, r.id, { x: 76, y: -60 });
		expect(moved.nodes.map((n) => n.position)).toEqual([
			{ x: 100, y: 0 },
			{ x: 400, y: 0 },
			{ x: 900, y: 50 }
		]);
		expect(moved.notes[0].position).toEqual({ x: 110, y: -30 });
		expect(withNote.doc.nodes[0].position).toEqual({ x: 0, y: 50 });
	});

	it('refuses what a file could not hold, saying why', () => {
		const { doc } = threeNodes();
		expect(frameAround(doc, [])).toEqual({ ok: false, error: 'select one or more nodes to frame' });
		expect(addNote(doc, { x: 0, y: 0 }, 'x'.repeat(20_001))).toEqual({
			ok: false,
			error: 'a note holds at most 20000 characters; this one has 20001'
		});
		const f = addFrame(doc, { position: { x: 0, y: 0 } });
		if (!f.ok || !f.id) throw new Error('no frame');
		expect(changeFrame(f.doc, f.id, { size: { width: 10, height: 100 } })).toEqual({
			ok: false,
			error: 'frame "frame-1": width must be a number from 40 to 20000, got 10'
		});
		expect(changeFrame(f.doc, 'nope', { title: 'x' })).toEqual({ ok: false, error: 'there is no frame "nope"' });
		expect(() => moveNote(doc, 'x', { x: NaN, y: 0 })).not.toThrow();
	});

	it('edits, collapses and removes without touching the nodes, and ids never collide', () => {
		const { doc, ids } = threeNodes();
		const f = addFrame(doc, { position: { x: 0, y: 0 }, title: ' Prep ', colour: 'rose' });
		if (!f.ok || !f.id) throw new Error('no frame');
		const n = addNote(f.doc, { x: 5.4, y: 6.6 }, 'hello');
		if (!n.ok || !n.id) throw new Error('no note');
		expect([f.id, n.id]).toEqual(['frame-1', 'note-1']);
		const c = changeFrame(n.doc, f.id, { collapsed: true, title: 'Prepared' });
		if (!c.ok) throw new Error(c.error);
		expect(c.doc.frames[0]).toMatchObject({ title: 'Prepared', colour: 'rose', collapsed: true });
		const e = changeNote(c.doc, n.id, { text: '## Done' });
		if (!e.ok) throw new Error(e.error);
		expect(e.doc.notes[0]).toEqual({ id: 'note-1', text: '## Done', position: { x: 5, y: 7 }, size: { width: 240, height: 160 } });
		const gone = removeAnnotations(e.doc, [f.id, n.id, ids[0]]);
		expect(gone.frames).toEqual([]);
		expect(gone.notes).toEqual([]);
		expect(gone.nodes).toBe(e.doc.nodes);
		// removeNode leaves annotations alone
		expect(removeNode(e.doc, ids[0]).notes).toBe(e.doc.notes);
	});
});

describe('renderMarkdown (hostile note and lesson text)', () => {
	it('renders headings, emphasis, lists and http(s)/mailto links that open apart', () => {
		expect(renderMarkdown('# Why\n\n*Scale* first:\n\n- a\n- b\n\n[docs](https://example.org/x?a=1&b=2) [me](mailto:a@b.org)')).toBe(
			'<h1>Why</h1>\n<p><em>Scale</em> first:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n' +
				'<p><a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">docs</a> ' +
				'<a href="mailto:a@b.org" rel="noopener noreferrer" target="_blank">me</a></p>\n'
		);
	});

	it.each([
		['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n'],
		['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>\n'],
		['[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>\n'],
		['[x](JaVaScRiPt:alert(1))', '<p>[x](JaVaScRiPt:alert(1))</p>\n'],
		// the entity is decoded before the check, so it is refused like the plain word
		['[x](&#106;avascript:alert(1))', '<p>[x](javascript:alert(1))</p>\n'],
		['[x](data:text/html;base64,PHNjcmlwdD4=)', '<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>\n'],
		['[x](/settings)', '<p>[x](/settings)</p>\n'],
		['<javascript:alert(1)>', '<p>&lt;javascript:alert(1)&gt;</p>\n'],
		// images are off: what is left is a plain link a reader may choose to follow, never a fetch
		[
			'![t](https://tracker.example/p.gif)',
			'<p>!<a href="https://tracker.example/p.gif" rel="noopener noreferrer" target="_blank">t</a></p>\n'
		],
		[
			'[x](https://a.org "t\\" onmouseover=\\"alert(1)")',
			'<p><a href="https://a.org" title="t&quot; onmouseover=&quot;alert(1)" rel="noopener noreferrer" target="_blank">x</a></p>\n'
		]
	])('%s is inert', (input, html) => {
		const out = renderMarkdown(input);
		expect(out).toBe(html);
		expect(out).not.toMatch(/<(script|img|iframe)|href="(?!https?:|mailto:)/i);
	});
});
