import { describe, expect, it } from 'vitest';
import { addNode, connect, disconnect, moveNode, removeNode, setLabel, setParam, setSeed, touch } from './commands';
import { createDocument, newId } from './create';
import { hasCycle, wouldCreateCycle } from './graph';
import { testLookup } from './test-lookup';
import type { PipelineDocument } from './types';

const lookup = testLookup();
const T0 = new Date('2025-01-01T00:00:00.000Z');

/** Deep-freezes a document so any mutation by a command throws in strict mode. */
function frozen<T>(v: T): T {
	if (v && typeof v === 'object') {
		for (const k of Object.keys(v)) frozen((v as Record<string, unknown>)[k]);
		Object.freeze(v);
	}
	return v;
}

function chain(): { doc: PipelineDocument; src: string; imp: string; split: string; model: string; evals: string } {
	let doc = createDocument('test', T0);
	const a = addNode(doc, lookup, 'io.dataset', { x: 0, y: 0 });
	const b = addNode(a.doc, lookup, 'clean.impute', { x: 200, y: 0 });
	const c = addNode(b.doc, lookup, 'split.train-test', { x: 400, y: 0 });
	const d = addNode(c.doc, lookup, 'model.linear', { x: 600, y: 0 });
	const e = addNode(d.doc, lookup, 'evaluate.metrics', { x: 800, y: 0 });
	doc = e.doc;
	for (const [from, fp, to, tp] of [
		[a.id, 'data', b.id, 'data'],
		[b.id, 'data', c.id, 'data'],
		[c.id, 'data', d.id, 'data'],
		[d.id, 'model', e.id, 'model'],
		[c.id, 'data', e.id, 'data']
	]) {
		const r = connect(doc, lookup, { node: from, port: fp }, { node: to, port: tp });
		if (!r.ok) throw new Error(r.reason);
		doc = r.doc;
	}
	return { doc, src: a.id, imp: b.id, split: c.id, model: d.id, evals: e.id };
}

describe('createDocument / newId', () => {
	it('creates an empty current-format document with seed 42', () => {
		expect(createDocument('My pipeline', T0)).toEqual({
			format: 'tessera/pipeline',
			schema: { sequences: { doc: 3 } },
			meta: { name: 'My pipeline', created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z' },
			nodes: [],
			edges: [],
			seeds: { global: 42 },
			data: [],
			frames: [],
			notes: []
		});
	});

	it('gives short unique ids after the highest one used', () => {
		expect(newId('e', [])).toBe('e1');
		expect(newId('e', ['e1', 'e7', 'x9', 'e'])).toBe('e8');
		expect(newId('impute-', ['impute-2', 'impute-x'])).toBe('impute-3');
		expect(newId('a.b', ['axb1'])).toBe('a.b1');
	});
});

describe('addNode', () => {
	it('fills params from the schema, merges given ones and records the type version', () => {
		const doc = frozen(createDocument('t', T0));
		const r = addNode(doc, lookup, 'clean.impute', { x: 10, y: 20 }, { strategy: 'mode' });
		expect(r.id).toBe('impute-1');
		expect(r.doc.nodes).toEqual([
			{ id: 'impute-1', type: 'clean.impute', position: { x: 10, y: 20 }, params: { strategy: 'mode', columns: [] } }
		]);
		expect(r.doc.schema.sequences).toEqual({ doc: 3, 'node:clean.impute': 2 });
		expect(doc.nodes).toHaveLength(0);
		expect(addNode(r.doc, lookup, 'clean.impute', { x: 0, y: 0 }).id).toBe('impute-2');
	});

	it('throws on an unknown type, an unknown param or a bad value', () => {
		const doc = createDocument('t', T0);
		expect(() => addNode(doc, lookup, 'nope.nope', { x: 0, y: 0 })).toThrow(/unknown node type "nope.nope"/);
		expect(() => addNode(doc, lookup, 'clean.impute', { x: 0, y: 0 }, { method: 'mean' })).toThrow(/no param "method"/);
		expect(() => addNode(doc, lookup, 'clean.impute', { x: 0, y: 0 }, { strategy: 'avg' })).toThrow(/strategy/);
		expect(() => addNode(doc, lookup, 'clean.impute', { x: Infinity, y: 0 })).toThrow(/finite/);
	});
});

describe('connect', () => {
	it('connects a compatible output to an input', () => {
		const { doc, model, evals } = chain();
		expect(doc.edges).toHaveLength(5);
		expect(doc.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
		expect(doc.edges[3]).toEqual({ id: 'e4', from: { node: model, port: 'model' }, to: { node: evals, port: 'model' } });
	});

	it('refuses incompatible kinds and says why', () => {
		const { doc, model, imp } = chain();
		const r = connect(frozen(doc), lookup, { node: model, port: 'model' }, { node: imp, port: 'data' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.reason).toMatch(/^a model output cannot feed a dataset input/);
	});

	it('refuses wrong direction, unknown ports and nodes, and self-loops', () => {
		const { doc, src, imp, split } = chain();
		const reason = (from: [string, string], to: [string, string]): string => {
			const r = connect(doc, lookup, { node: from[0], port: from[1] }, { node: to[0], port: to[1] });
			if (r.ok) throw new Error('expected a refusal');
			return r.reason;
		};
		expect(reason([imp, 'data'], [split, 'nope'])).toBe(`node "${split}" (split.train-test) has no input "nope"`);
		expect(reason([imp, 'nope'], [split, 'data'])).toBe(`node "${imp}" (clean.impute) has no output "nope"`);
		expect(reason(['ghost', 'data'], [split, 'data'])).toBe('there is no node "ghost"');
		expect(reason([imp, 'data'], [imp, 'data'])).toMatch(/cannot feed itself/);
		// `data` on io.dataset is an output, so using it as the target is the wrong direction
		const toOutput = reason([imp, 'data'], [src, 'data']);
		expect(toOutput).toMatch(/from an output to an input: "data" is an output of node "dataset-1"/);
	});

	it('refuses a connection that would create a loop', () => {
		const { doc, split, imp } = chain();
		const r = connect(doc, lookup, { node: split, port: 'data' }, { node: imp, port: 'data' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.reason).toMatch(/would create a loop/);
	});

	it('replaces the edge already feeding an input', () => {
		const { doc, src, split } = chain();
		const before = frozen(doc);
		const r = connect(before, lookup, { node: src, port: 'data' }, { node: split, port: 'data' });
		if (!r.ok) throw new Error(r.reason);
		expect(r.replaced).toBe('e2');
		expect(r.edgeId).toBe('e6');
		const into = r.doc.edges.filter((e) => e.to.node === split);
		expect(into).toEqual([{ id: 'e6', from: { node: src, port: 'data' }, to: { node: split, port: 'data' } }]);
		expect(before.edges).toHaveLength(5);
	});

	it('connecting the same edge again changes nothing', () => {
		const { doc, imp, split } = chain();
		const r = connect(doc, lookup, { node: imp, port: 'data' }, { node: split, port: 'data' });
		expect(r.ok && r.doc === doc && r.edgeId === 'e2').toBe(true);
	});

	it('refuses to connect an inert node', () => {
		const { doc, src } = chain();
		const ghost = { id: 'g1', type: 'x.unknown', params: {}, position: { x: 0, y: 0 }, inert: { reason: 'unknown node type "x.unknown"' } };
		const withGhost: PipelineDocument = { ...doc, nodes: [...doc.nodes, ghost] };
		const r = connect(withGhost, lookup, { node: src, port: 'data' }, { node: 'g1', port: 'in' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.reason).toMatch(/cannot be connected: unknown node type "x.unknown"/);
	});
});

describe('other commands', () => {
	it('removeNode removes its edges and its type version once unused, leaving the input intact', () => {
		const { doc, split } = chain();
		const before = frozen(doc);
		const after = removeNode(before, split);
		expect(after.nodes.map((n) => n.id)).not.toContain(split);
		expect(after.edges.map((e) => e.id)).toEqual(['e1', 'e4']);
		expect(after.schema.sequences['node:split.train-test']).toBeUndefined();
		expect(after.schema.sequences['node:clean.impute']).toBe(2);
		expect(before.nodes).toHaveLength(5);
		expect(before.edges).toHaveLength(5);
		expect(removeNode(before, 'ghost')).toBe(before);
	});

	it('moveNode, setLabel, disconnect, setSeed and touch return new documents', () => {
		const { doc, imp } = chain();
		const before = frozen(doc);
		const moved = moveNode(before, imp, { x: 5, y: 6 });
		expect(moved.nodes[1].position).toEqual({ x: 5, y: 6 });
		const labelled = setLabel(moved, imp, '  Fill gaps ');
		expect(labelled.nodes[1].label).toBe('Fill gaps');
		expect('label' in setLabel(labelled, imp, '   ').nodes[1]).toBe(false);
		expect(disconnect(before, 'e1').edges.map((e) => e.id)).toEqual(['e2', 'e3', 'e4', 'e5']);
		const seeded = setSeed(before, 123);
		expect(seeded.ok && seeded.doc.seeds.global).toBe(123);
		expect(setSeed(before, 1.5).ok).toBe(false);
		expect(setSeed(before, -1).ok).toBe(false);
		expect(touch(before, new Date('2025-02-02T00:00:00Z')).meta.modified).toBe('2025-02-02T00:00:00.000Z');
		expect(before.meta.modified).toBe('2025-01-01T00:00:00.000Z');
		expect(before.nodes[1].position).toEqual({ x: 200, y: 0 });
	});

	it('setParam validates against the schema and names the problem', () => {
		const { doc, imp, split } = chain();
		const before = frozen(doc);
		const ok = setParam(before, lookup, imp, 'strategy', 'mean');
		expect(ok.ok && ok.doc.nodes[1].params.strategy).toBe('mean');
		expect(before.nodes[1].params.strategy).toBe('median');
		const cols = ['a', 'b'];
		const withCols = setParam(before, lookup, imp, 'columns', cols);
		cols.push('c');
		expect(withCols.ok && withCols.doc.nodes[1].params.columns).toEqual(['a', 'b']);
		const bad = setParam(before, lookup, split, 'testFraction', 2);
		expect(bad).toEqual({ ok: false, error: `node "${split}" (split.train-test), param "testFraction": must be at most 0.95` });
		expect(setParam(before, lookup, imp, 'nope', 1)).toEqual({ ok: false, error: `node "${imp}" (clean.impute) has no param "nope"` });
		expect(setParam(before, lookup, 'ghost', 'x', 1).ok).toBe(false);
	});
});

describe('cycle helpers', () => {
	const e = (a: string, b: string) => ({ from: { node: a, port: 'o' }, to: { node: b, port: 'i' } });
	it('finds cycles and would-be cycles', () => {
		expect(hasCycle(['a', 'b', 'c'], [e('a', 'b'), e('b', 'c')])).toBe(false);
		expect(hasCycle(['a', 'b', 'c'], [e('a', 'b'), e('b', 'c'), e('c', 'a')])).toBe(true);
		expect(wouldCreateCycle([e('a', 'b'), e('b', 'c')], 'c', 'a')).toBe(true);
		expect(wouldCreateCycle([e('a', 'b'), e('b', 'c')], 'a', 'c')).toBe(false);
		expect(wouldCreateCycle([], 'a', 'a')).toBe(true);
	});
});
