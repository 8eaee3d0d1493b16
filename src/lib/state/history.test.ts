import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDoc, registry } from '$lib/core/nodes/test-kit';
import { quickModel } from '$lib/core/nodes/templates/quick-model';
import type { PipelineDocument } from '$lib/core/doc/types';
import { emptyHistory, record, redoStep, undoStep } from './history';
import { ProjectState } from './project.svelte';

describe('history as a value', () => {
	it('undo and redo walk the steps with their names; a new step clears what was undone; the limit drops the oldest', () => {
		let h = record(record(emptyHistory<string>(), 'a', 'add A', 3), 'ab', 'add B', 3);
		const u = undoStep(h, 'abc')!;
		expect([u.state, u.label]).toEqual(['ab', 'add B']);
		const r = redoStep(u.history, u.state)!;
		expect([r.state, r.label]).toEqual(['abc', 'add B']);
		h = record(u.history, 'ab', 'add D', 3);
		expect(h.future).toEqual([]);
		expect(redoStep(h, 'abd')).toBeNull();
		for (const s of ['x', 'y', 'z']) h = record(h, s, `step ${s}`, 3);
		expect(h.past.map((s) => s.state)).toEqual(['x', 'y', 'z']);
		expect(undoStep(emptyHistory<string>(), 'x')).toBeNull();
	});
});

/** A project with an empty document, not loaded from storage. */
function project(): ProjectState {
	const p = new ProjectState();
	p.doc = emptyDoc();
	return p;
}

const counts = (d: PipelineDocument | null) => [d?.nodes.length, d?.edges.length];

describe('undo grouping in ProjectState', () => {
	it('every kind of edit is one step, named for the toolbar, and undoing all of them gives back the exact start', () => {
		const p = project();
		const start = p.doc;
		const ds = p.addNode('io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'iris' })!;
		const split = p.addNode('split.train-test', { x: 300, y: 0 })!;
		expect(p.undoLabel).toBe('add Split');
		expect(p.connect({ node: ds, port: 'data' }, { node: split, port: 'data' }).ok).toBe(true);
		expect(p.undoLabel).toBe('connect Dataset to Split');
		// A drag of two nodes ends in one move of both: one step.
		p.moveNodes([
			{ id: ds, position: { x: 10.4, y: 20 } },
			{ id: split, position: { x: 310, y: 20 } }
		]);
		expect(p.undoLabel).toBe('move 2 nodes');
		expect(p.setParam(split, 'train', 0.6)).toEqual({ ok: true });
		expect(p.undoLabel).toBe('set train of Split');
		// A refused value is no step.
		expect(p.setParam(split, 'train', 7).ok).toBe(false);
		expect(p.undoLabel).toBe('set train of Split');
		p.setLabel(split, 'Hold-out');
		expect(p.undoLabel).toBe('rename Split');
		p.rename('Renamed');
		const edited = p.doc!;
		expect(counts(edited)).toEqual([2, 1]);
		p.remove([ds], []);
		expect(p.undoLabel).toBe('delete Dataset');
		expect(counts(p.doc)).toEqual([1, 0]);

		const names: string[] = [];
		while (p.canUndo) {
			names.push(p.undoLabel!);
			p.undo();
		}
		expect(names).toEqual([
			'delete Dataset',
			'rename the project',
			'rename Split',
			'set train of Split',
			'move 2 nodes',
			'connect Dataset to Split',
			'add Split',
			'add Dataset'
		]);
		expect(p.doc).toBe(start);
		expect(p.redoLabel).toBe('add Dataset');
		for (let i = 0; i < 7; i++) p.redo();
		expect(p.doc).toEqual(edited);
		expect(p.doc!.nodes.find((n) => n.id === split)!.params.train).toBe(0.6);
		expect(p.doc!.nodes.find((n) => n.id === ds)!.position).toEqual({ x: 10, y: 20 });
	});

	it('a batch is one step whatever it does inside; a batch that changes nothing records nothing', () => {
		const p = project();
		const start = p.doc;
		p.batch('import iris.csv', () => {
			const id = p.addNode('io.dataset')!;
			p.setParams(id, { source: 'sample', sample: 'iris' });
			// Nested batches join the outer one.
			p.batch('inner', () => p.addNode('split.train-test'));
		});
		expect(counts(p.doc)).toEqual([2, 0]);
		expect(p.undoLabel).toBe('import iris.csv');
		p.batch('nothing', () => p.moveNodes([]));
		expect(p.undoLabel).toBe('import iris.csv');
		p.undo();
		expect(p.doc).toBe(start);
		expect(p.canUndo).toBe(false);
	});

	it('paste is one step with fresh ids; pasted garbage says why and changes nothing, not even the history', () => {
		const p = project();
		const a = p.addNode('io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'iris' })!;
		const b = p.addNode('split.train-test', { x: 300, y: 0 })!;
		p.connect({ node: a, port: 'data' }, { node: b, port: 'data' });
		const text = p.copyText([a, b])!;
		expect(JSON.parse(text)).toMatchObject({ format: 'tessera/pipeline', nodes: [{ id: a }, { id: b }] });

		const other = project();
		const pasted = other.pasteText(text, { x: 500, y: 300 });
		expect(pasted).toEqual({ ok: true, ids: [a, b], warnings: [] });
		expect(counts(other.doc)).toEqual([2, 1]);
		expect(other.undoLabel).toBe('paste 2 nodes');
		// Into the same project: new ids, edges between the copies.
		const again = p.pasteText(text, null);
		expect(again.ok && again.ids).toEqual(['dataset-2', 'train-test-2']);
		expect(p.doc!.edges.at(-1)).toMatchObject({ from: { node: 'dataset-2' }, to: { node: 'train-test-2' } });

		const before = other.doc;
		for (const [garbage, why] of [
			['hello world', 'the file is not valid JSON'],
			['{"nodes": []}', 'this is not a Tessera pipeline file'],
			[text.replace('"train-test-1"', '"dataset-1"'), 'dataset-1']
		] as const) {
			const r = other.pasteText(garbage, null);
			expect(r.ok).toBe(false);
			expect(!r.ok && r.error).toMatch(/^Nothing pasted: the clipboard does not hold Tessera nodes/);
			expect(!r.ok && r.error).toContain(why);
			expect(other.doc).toBe(before);
			expect(other.undoLabel).toBe('paste 2 nodes');
		}
	});

	it('duplicate keeps the edges between the copies and is one step', () => {
		const p = project();
		const a = p.addNode('io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'iris' })!;
		const b = p.addNode('split.train-test', { x: 300, y: 0 })!;
		p.connect({ node: a, port: 'data' }, { node: b, port: 'data' });
		const r = p.duplicate([a, b]);
		expect(r).toEqual({ ok: true, ids: ['dataset-2', 'train-test-2'], warnings: [] });
		expect(counts(p.doc)).toEqual([4, 2]);
		expect(p.doc!.nodes.slice(2).map((n) => n.position)).toEqual([
			{ x: 40, y: 40 },
			{ x: 340, y: 40 }
		]);
		expect(p.undoLabel).toBe('duplicate 2 nodes');
		p.undo();
		expect(counts(p.doc)).toEqual([2, 1]);
	});

	it('keeps at most 100 steps', () => {
		const p = project();
		const id = p.addNode('split.train-test', { x: 0, y: 0 })!;
		for (let i = 1; i <= 120; i++) p.moveNodes([{ id, position: { x: i, y: 0 } }]);
		let n = 0;
		while (p.undo()) n++;
		expect(n).toBe(100);
		expect(p.doc!.nodes[0].position).toEqual({ x: 20, y: 0 });
	});
});

describe('Quick model in ProjectState (built in one task, added in the next)', () => {
	const options = { source: { kind: 'sample', name: 'penguins' }, target: 'Species', task: 'classification', model: 'logistic' } as const;

	it('adds the pipeline as one undo step, and the same document as the core command builds', async () => {
		const p = project();
		const pending = p.quickModel(options);
		// Nothing is added in the clicking task: the document changes after a macrotask.
		expect(p.doc?.nodes.length).toBe(0);
		expect(await pending).toEqual({ ok: true });
		expect(p.undoLabel).toBe('Quick model');
		expect(p.doc).toEqual(quickModel(emptyDoc(), registry, options));
		p.undo();
		expect(counts(p.doc)).toEqual([0, 0]);
	});

	it('keeps an edit made while the pipeline was being built, and places the pipeline below it', async () => {
		const p = project();
		const pending = p.quickModel(options);
		const mine = p.addNode('io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'iris' })!;
		expect(await pending).toEqual({ ok: true });
		const nodes = p.doc!.nodes;
		expect(nodes.find((n) => n.id === mine)?.position).toEqual({ x: 0, y: 0 });
		const added = nodes.filter((n) => n.id !== mine);
		expect(added.length).toBe(quickModel(emptyDoc(), registry, options).nodes.length);
		expect(Math.min(...added.map((n) => n.position.y))).toBeGreaterThanOrEqual(220);
	});
});
