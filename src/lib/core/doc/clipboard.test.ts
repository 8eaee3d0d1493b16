import { describe, expect, it } from 'vitest';
import { addNote, frameAround, frameMembers } from './annotation-commands';
import { extractSubgraph, PASTE_OFFSET, pasteFragment, pasteShift } from './clipboard';
import { addNode, connect } from './commands';
import { createDocument } from './create';
import { parseDocument, serialiseDocument } from './serialise';
import { testLookup } from './test-lookup';
import type { PipelineDocument } from './types';

const lookup = testLookup();
const T0 = new Date('2025-01-01T00:00:00.000Z');

/** dataset → impute → split → model → evaluate (split also feeds evaluate). */
function chain(): { doc: PipelineDocument; ids: string[] } {
	let doc = createDocument('source', T0);
	const ids: string[] = [];
	for (const [type, x] of [
		['io.dataset', 0],
		['clean.impute', 200],
		['split.train-test', 400],
		['model.linear', 600],
		['evaluate.metrics', 800]
	] as const) {
		const r = addNode(doc, lookup, type, { x, y: 100 });
		doc = r.doc;
		ids.push(r.id);
	}
	const [a, b, c, d, e] = ids;
	for (const [from, fp, to, tp] of [
		[a, 'data', b, 'data'],
		[b, 'data', c, 'data'],
		[c, 'data', d, 'data'],
		[d, 'model', e, 'model'],
		[c, 'data', e, 'data']
	]) {
		const r = connect(doc, lookup, { node: from, port: fp }, { node: to, port: tp });
		if (!r.ok) throw new Error(r.reason);
		doc = r.doc;
	}
	return { doc, ids };
}

describe('extractSubgraph', () => {
	it('keeps the chosen nodes, only the edges between them, and their type versions', () => {
		const { doc, ids } = chain();
		const [, imp, split, model, evals] = ids;
		const part = extractSubgraph(doc, [split, model, evals, 'no-such-node']);
		expect(part.nodes.map((n) => n.id)).toEqual([split, model, evals]);
		// split→model, model→evaluate, split→evaluate; not impute→split (impute is not copied).
		expect(part.edges.map((e) => [e.from.node, e.to.node])).toEqual([
			[split, model],
			[model, evals],
			[split, evals]
		]);
		expect(Object.keys(part.schema.sequences).sort()).toEqual([
			'doc',
			'node:evaluate.metrics',
			'node:model.linear',
			'node:split.train-test'
		]);
		expect(part.edges.some((e) => e.from.node === imp || e.to.node === imp)).toBe(false);
	});

	it('carries the data entries its nodes name, and no others', () => {
		const base = createDocument('d', T0);
		const lk = testLookup([
			{
				type: 'io.stored',
				version: 1,
				inputs: {},
				outputs: {},
				params: {}
			}
		]);
		const a = addNode(base, lk, 'io.stored', { x: 0, y: 0 });
		const b = addNode(a.doc, lk, 'io.stored', { x: 0, y: 200 });
		const doc: PipelineDocument = {
			...b.doc,
			nodes: b.doc.nodes.map((n) => ({ ...n, params: { name: n.id === a.id ? 'a.csv' : 'b.csv' } })),
			data: [
				{ name: 'a.csv', hash: 'h-a', rows: 3 },
				{ name: 'b.csv', hash: 'h-b', rows: 4 }
			]
		};
		expect(extractSubgraph(doc, [b.id]).data).toEqual([{ name: 'b.csv', hash: 'h-b', rows: 4 }]);
	});

	it('round-trips through the pipeline-file text unchanged', () => {
		const { doc, ids } = chain();
		const part = extractSubgraph(doc, ids.slice(2));
		const text = serialiseDocument(part);
		expect(JSON.parse(text).format).toBe('tessera/pipeline');
		const parsed = parseDocument(text, lookup);
		expect(parsed.ok && parsed.doc).toEqual(part);
	});
});

describe('pasteFragment', () => {
	it('gives fresh ids in the target, keeps the internal edges, and lands the top-left corner at the pointer', () => {
		const { doc, ids } = chain();
		const part = extractSubgraph(doc, ids.slice(2)); // split (400,100), model (600,100), evaluate (800,100)
		const { doc: after, ids: pasted, warnings } = pasteFragment(doc, part, { x: 1000.4, y: 500.6 });
		expect(warnings).toEqual([]);
		expect(pasted).toEqual(['train-test-2', 'linear-2', 'metrics-2']);
		expect(after.nodes).toHaveLength(8);
		const byId = new Map(after.nodes.map((n) => [n.id, n]));
		expect(pasted.map((id) => byId.get(id)!.position)).toEqual([
			{ x: 1000, y: 501 },
			{ x: 1200, y: 501 },
			{ x: 1400, y: 501 }
		]);
		const newEdges = after.edges.slice(doc.edges.length);
		expect(newEdges).toEqual([
			{ id: 'e6', from: { node: 'train-test-2', port: 'data' }, to: { node: 'linear-2', port: 'data' } },
			{ id: 'e7', from: { node: 'linear-2', port: 'model' }, to: { node: 'metrics-2', port: 'model' } },
			{ id: 'e8', from: { node: 'train-test-2', port: 'data' }, to: { node: 'metrics-2', port: 'data' } }
		]);
		// The originals are untouched, and the params came along.
		expect(after.nodes.slice(0, 5)).toEqual(doc.nodes);
		expect(byId.get('train-test-2')!.params).toEqual(doc.nodes[2].params);
	});

	it('carries frames and notes: a frame brings what it holds, all pasted with fresh ids and one shift', () => {
		const { doc, ids } = chain();
		const framed = frameAround(doc, [ids[3], ids[4]], 'Model it');
		if (!framed.ok || !framed.id) throw new Error('no frame');
		const noted = addNote(framed.doc, { x: 620, y: 120 }, 'Why this *model*');
		if (!noted.ok || !noted.id) throw new Error('no note');
		const loose = addNote(noted.doc, { x: 0, y: -300 }, 'elsewhere');
		if (!loose.ok) throw new Error('no note');
		const part = extractSubgraph(loose.doc, [framed.id]);
		expect(part.nodes.map((n) => n.id)).toEqual([ids[3], ids[4]]);
		expect(part.notes.map((n) => n.text)).toEqual(['Why this *model*']);
		expect(part.frames.map((f) => f.title)).toEqual(['Model it']);
		// Through the clipboard's text and back, as a paste in another tab reads it.
		const parsed = parseDocument(serialiseDocument(part), lookup);
		if (!parsed.ok) throw new Error(parsed.errors.join('; '));
		const frame = part.frames[0];
		const r = pasteFragment(loose.doc, parsed.doc, { x: frame.position.x + 1000, y: frame.position.y });
		expect(r.ids).toEqual(['linear-2', 'metrics-2', 'frame-2', 'note-3']);
		const pastedFrame = r.doc.frames.find((f) => f.id === 'frame-2')!;
		expect(pastedFrame.position).toEqual({ x: frame.position.x + 1000, y: frame.position.y });
		expect(r.doc.notes.find((n) => n.id === 'note-3')!.position).toEqual({ x: 1620, y: 120 });
		// The pasted frame holds exactly the pasted nodes and note.
		expect(frameMembers(r.doc, 'frame-2')).toEqual({ nodes: ['linear-2', 'metrics-2'], notes: ['note-3'] });
	});

	it('without a pointer, lands one offset from the originals, and one more each time that spot is taken', () => {
		const { doc, ids } = chain();
		const part = extractSubgraph(doc, [ids[1]]); // impute at (200, 100)
		expect(pasteShift(doc, part.nodes, null)).toEqual({ x: PASTE_OFFSET, y: PASTE_OFFSET });
		const once = pasteFragment(doc, part, null);
		expect(once.doc.nodes.at(-1)!.position).toEqual({ x: 240, y: 140 });
		const twice = pasteFragment(once.doc, part, null);
		expect(twice.doc.nodes.at(-1)!.position).toEqual({ x: 280, y: 180 });
		expect(twice.ids).toEqual(['impute-3']);
	});

	it('pastes into another document: the type versions and data entries come along; a clash of data names keeps the target’s', () => {
		const { doc, ids } = chain();
		const source: PipelineDocument = { ...doc, data: [{ name: 'iris.csv', hash: 'h-1', rows: 150 }] };
		const part = { ...extractSubgraph(source, [ids[0], ids[1]]), data: source.data };
		const empty = createDocument('other', T0);
		const into = pasteFragment(empty, part, null);
		expect(into.doc.schema.sequences).toEqual({ doc: 3, 'node:io.dataset': 1, 'node:clean.impute': 2 });
		expect(into.doc.data).toEqual([{ name: 'iris.csv', hash: 'h-1', rows: 150 }]);
		expect(into.doc.edges).toEqual([{ id: 'e1', from: { node: 'dataset-1', port: 'data' }, to: { node: 'impute-1', port: 'data' } }]);
		const clash = pasteFragment({ ...empty, data: [{ name: 'iris.csv', hash: 'h-2' }] }, part, null);
		expect(clash.doc.data).toEqual([{ name: 'iris.csv', hash: 'h-2' }]);
		expect(clash.warnings).toEqual([
			"dataset “iris.csv” differs from the one this project already has under that name: the project's is kept"
		]);
	});

	it('leaves out nodes this app cannot run, with their edges, and says so', () => {
		const { doc, ids } = chain();
		const part = extractSubgraph(doc, ids.slice(0, 2));
		const inert: PipelineDocument = {
			...part,
			nodes: part.nodes.map((n, i) => (i === 0 ? { ...n, type: 'io.future', inert: { reason: 'unknown node type "io.future"' } } : n))
		};
		const r = pasteFragment(createDocument('t', T0), inert, { x: 0, y: 0 });
		expect(r.ids).toEqual(['impute-1']);
		expect(r.doc.edges).toEqual([]);
		expect(r.warnings).toEqual([`io.future (“${ids[0]}”) was not pasted: unknown node type "io.future"`]);
		const none = pasteFragment(doc, { ...inert, nodes: [inert.nodes[0]] }, null);
		expect(none.doc).toBe(doc);
		expect(none.ids).toEqual([]);
	});
});
