/** Files are untrusted input (DESIGN.md §3): every way a file can be wrong, and what happens. */
import { describe, expect, it } from 'vitest';
import { parseDocument, serialiseDocument, type ParseResult } from './serialise';
import { testLookup } from './test-lookup';
import { DOC_LIMITS } from './validate';

const lookup = testLookup();

type Json = Record<string, unknown>;

function base(): Json {
	return {
		format: 'tessera/pipeline',
		schema: { sequences: { doc: 1, 'node:io.dataset': 1, 'node:clean.impute': 2, 'node:model.linear': 1 } },
		meta: { name: 'hostile', created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z' },
		seeds: { global: 1 },
		nodes: [
			{ id: 'a', type: 'io.dataset', position: { x: 0, y: 0 }, params: { source: 's.csv' } },
			{ id: 'b', type: 'clean.impute', position: { x: 1, y: 0 }, params: { strategy: 'mean' } },
			{ id: 'c', type: 'model.linear', position: { x: 2, y: 0 }, params: {} }
		],
		edges: [
			{ id: 'e1', from: { node: 'a', port: 'data' }, to: { node: 'b', port: 'data' } },
			{ id: 'e2', from: { node: 'b', port: 'data' }, to: { node: 'c', port: 'data' } }
		],
		data: []
	};
}

const open = (v: Json | string, opts?: { maxBytes?: number }): ParseResult =>
	parseDocument(typeof v === 'string' ? v : JSON.stringify(v), lookup, opts);

/** The classic vulnerable deep merge: `target["__proto__"]` is Object.prototype. */
function naiveMerge(target: Record<string, unknown>, source: unknown): void {
	if (typeof source !== 'object' || source === null) return;
	for (const key in source) {
		const v = (source as Record<string, unknown>)[key];
		if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
			if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
			naiveMerge(target[key] as Record<string, unknown>, v);
		} else target[key] = v;
	}
}

function opened(v: Json | string): Extract<ParseResult, { ok: true }> {
	const r = open(v);
	if (!r.ok) throw new Error(`refused: ${r.errors.join('\n')}`);
	return r;
}

function refused(v: Json | string, opts?: { maxBytes?: number }): string[] {
	const r = open(v, opts);
	if (r.ok) throw new Error('expected the file to be refused');
	return r.errors;
}

describe('hostile and damaged files', () => {
	it('the base file opens cleanly', () => {
		expect(opened(base()).warnings).toEqual([]);
	});

	it('refuses a file that is not a Tessera pipeline', () => {
		expect(refused({ ...base(), format: 'other/thing' })).toEqual(['this is not a Tessera pipeline file']);
		expect(refused('[1, 2, 3]')).toEqual(['this is not a Tessera pipeline file']);
		expect(refused('{"nodes": ')[0]).toMatch(/^the file is not valid JSON/);
	});

	it('keeps an unknown node type as an inert node with its edges', () => {
		const doc = base();
		(doc.nodes as Json[])[1] = { id: 'b', type: 'x.mystery', position: { x: 1, y: 0 }, params: { k: 3, obj: { a: 1 } } };
		const r = opened(doc);
		expect(r.doc.nodes[1]).toEqual({
			id: 'b',
			type: 'x.mystery',
			position: { x: 1, y: 0 },
			params: { k: 3 },
			inert: { reason: 'unknown node type "x.mystery"' }
		});
		expect(r.doc.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
		expect(r.warnings).toContain('node "b" (x.mystery): unknown node type "x.mystery"; kept, but it will not run');
		expect(r.warnings).toContain('node "b" (x.mystery), param "obj": not a plain value; dropped');
		expect(r.readOnly).toBe(false);
	});

	it('drops edges to missing nodes, missing ports, wrong kinds, doubled inputs and loops, naming each', () => {
		const doc = base();
		(doc.nodes as Json[]).push({ id: 'd', type: 'evaluate.metrics', position: { x: 3, y: 0 }, params: {} });
		doc.edges = [
			...(doc.edges as Json[]),
			{ id: 'e3', from: { node: 'ghost', port: 'data' }, to: { node: 'b', port: 'data' } },
			{ id: 'e4', from: { node: 'a', port: 'nope' }, to: { node: 'd', port: 'data' } },
			{ id: 'e5', from: { node: 'a', port: 'data' }, to: { node: 'd', port: 'model' } },
			{ id: 'e6', from: { node: 'a', port: 'data' }, to: { node: 'b', port: 'data' } },
			{ id: 'e7', from: 'a.data', to: { node: 'd', port: 'data' } },
			{ id: 'e8', from: { node: 'c', port: 'model' }, to: { node: 'd', port: 'model' } }
		];
		const r = opened(doc);
		expect(r.doc.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e8']);
		expect(r.warnings).toEqual([
			'edge "e3" (edges[2]): node "ghost" does not exist; the connection was removed',
			'edge "e4" (edges[3]): node "a" (io.dataset) has no output "nope"; the connection was removed',
			'edge "e5" (edges[4]): a dataset output cannot feed a model input (node "a" (io.dataset) "data" → node "d" (evaluate.metrics) "model"); the connection was removed',
			'edge "e6" (edges[5]): input "data" of node "b" (clean.impute) is already connected; the connection was removed',
			'edge "e7" (edges[6]): expected from and to as { node, port }; the connection was removed'
		]);
	});

	it('drops an edge that closes a loop', () => {
		const doc = base();
		(doc.nodes as Json[]).push({ id: 'i2', type: 'clean.impute', position: { x: 0, y: 0 }, params: {} });
		(doc.nodes as Json[]).push({ id: 'i3', type: 'clean.impute', position: { x: 0, y: 0 }, params: {} });
		doc.edges = [
			{ id: 'x1', from: { node: 'i2', port: 'data' }, to: { node: 'i3', port: 'data' } },
			{ id: 'x2', from: { node: 'i3', port: 'data' }, to: { node: 'i2', port: 'data' } }
		];
		const r = opened(doc);
		expect(r.doc.edges.map((e) => e.id)).toEqual(['x1']);
		expect(r.warnings).toEqual(['edge "x2": it closes a loop through node "i3" and node "i2"; the connection was removed']);
	});

	it('__proto__, constructor and prototype keys pollute nothing, at any depth', () => {
		const evil = `{
			"__proto__": { "polluted": true },
			"constructor": { "prototype": { "polluted": true } },
			"format": "tessera/pipeline",
			"schema": { "sequences": { "doc": 1, "__proto__": { "polluted": true } } },
			"meta": { "name": "x", "created": "", "modified": "", "__proto__": { "polluted": true } },
			"seeds": { "global": 1, "__proto__": { "polluted": true } },
			"nodes": [
				{ "id": "a", "type": "io.dataset", "position": { "x": 0, "y": 0, "__proto__": { "polluted": true } },
				  "params": { "__proto__": { "polluted": true }, "source": "s" }, "__proto__": { "polluted": true } },
				{ "id": "u", "type": "x.unknown", "position": { "x": 0, "y": 0 },
				  "params": { "__proto__": { "polluted": true }, "prototype": "p", "k": "v" } }
			],
			"edges": [],
			"data": [{ "name": "d", "hash": "h", "__proto__": { "polluted": true } }]
		}`;
		const r = opened(evil);
		// Do what naive code would do with the result: merge and spread it everywhere.
		const merged: Record<string, unknown> = {};
		for (const n of r.doc.nodes) Object.assign(merged, n.params, n, n.position);
		Object.assign(merged, r.doc, r.doc.meta, r.doc.seeds, r.doc.schema.sequences, ...r.doc.data);
		naiveMerge({}, r.doc);
		for (const n of r.doc.nodes) naiveMerge({}, n);
		const copy = structuredClone(r.doc);
		void { ...copy, ...copy.nodes[1].params };
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
		expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
		expect(r.doc.nodes[0].params).toEqual({ source: 's', target: '' });
		expect(r.doc.nodes[1].params).toEqual({ k: 'v' });
		expect(Object.keys(r.doc.nodes[1].params)).toEqual(['k']);
		expect(r.warnings).toContain('$.__proto__: ignored the key "__proto__", which files may not use');
		expect(r.warnings).toContain('$.nodes[0].params.__proto__: ignored the key "__proto__", which files may not use');
		expect(r.warnings).toContain('$.nodes[1].params.prototype: ignored the key "prototype", which files may not use');
		expect(serialiseDocument(r.doc)).not.toMatch(/__proto__|polluted|prototype/);
	});

	it('(control) the naive merge above does pollute when given plain JSON.parse output', () => {
		try {
			naiveMerge({}, JSON.parse('{"a": {"__proto__": {"polluted": true}}}'));
			expect(({} as Record<string, unknown>).polluted).toBe(true);
		} finally {
			delete (Object.prototype as Record<string, unknown>).polluted;
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('refuses an oversized file before parsing it, saying the size and the limit', () => {
		expect(refused('{' + ' '.repeat(3 * 1024 * 1024) + '}', { maxBytes: 2 * 1024 * 1024 })).toEqual([
			'the file is 3.0 MB; the limit is 2 MB'
		]);
		const multiByte = JSON.stringify({ ...base(), meta: { name: 'é'.repeat(600), created: '', modified: '' } });
		expect(refused(multiByte, { maxBytes: 1024 })[0]).toMatch(/^the file is 1\.\d KB; the limit is 1 KB$/);
		expect(refused('x'.repeat(21 * 1024 * 1024))).toEqual(['the file is 21 MB; the limit is 20 MB']);
	});

	it('refuses non-finite numbers with their path', () => {
		const text = JSON.stringify(base()).replace('"x":2', '"x":1e999');
		expect(refused(text)).toEqual(['$.nodes[2].position.x: the number is too large to be stored exactly (it reads as infinity)']);
		expect(refused(JSON.stringify(base()).replace('"global":1', '"global":-1e400')).length).toBe(1);
	});

	it('refuses duplicate, empty and overlong ids', () => {
		const dupNode = base();
		(dupNode.nodes as Json[])[2] = { ...(dupNode.nodes as Json[])[2], id: 'a' };
		expect(refused(dupNode)).toContain('nodes[2].id: the id "a" is used by more than one node');
		const dupEdge = base();
		(dupEdge.edges as Json[])[1] = { ...(dupEdge.edges as Json[])[1], id: 'e1' };
		expect(refused(dupEdge)).toEqual(['edges[1].id: the id "e1" is used by more than one edge']);
		const empty = base();
		(empty.nodes as Json[])[0] = { ...(empty.nodes as Json[])[0], id: '' };
		expect(refused(empty)[0]).toMatch(/^nodes\[0\]\.id: expected a non-empty id/);
		const long = base();
		(long.nodes as Json[])[0] = { ...(long.nodes as Json[])[0], id: 'x'.repeat(101) };
		expect(refused(long)[0]).toMatch(/^nodes\[0\]\.id: expected a non-empty id of at most 100 characters/);
	});

	it('refuses deep nesting without recursing into it', () => {
		const deep = base();
		(deep.nodes as Json[])[0].params = { source: JSON.parse('['.repeat(40) + ']'.repeat(40)) };
		expect(refused(deep)[0]).toMatch(/^the file nests deeper than 32 levels/);
		expect(refused('['.repeat(1_000_000))[0]).toMatch(/nests deeper than 32 levels/);
		// brackets inside strings are text, not nesting
		const inString = base();
		(inString.nodes as Json[])[0].params = { source: '['.repeat(100) + '\\"{' };
		expect(opened(inString).doc.nodes[0].params.source).toBe('['.repeat(100) + '\\"{');
	});

	it('refuses too many nodes or edges', () => {
		const many = base();
		many.nodes = Array.from({ length: DOC_LIMITS.maxNodes + 1 }, (_, i) => ({ id: `n${i}`, type: 'io.dataset', position: { x: 0, y: 0 } }));
		many.edges = [];
		expect(refused(many)).toEqual(['nodes: the file has 2001 nodes; the limit is 2000']);
		const edges = base();
		edges.edges = Array.from({ length: DOC_LIMITS.maxEdges + 1 }, (_, i) => ({ id: `e${i}` }));
		expect(refused(edges)).toEqual(['edges: the file has 10001 edges; the limit is 10000']);
	});

	it('refuses bad positions and seeds, naming where', () => {
		const pos = base();
		(pos.nodes as Json[])[1] = { ...(pos.nodes as Json[])[1], position: { x: '1', y: 0 } };
		expect(refused(pos)).toEqual(['nodes[1].position (node "b"): expected { x, y } numbers']);
		expect(refused({ ...base(), seeds: { global: 1.5 } })).toEqual(['seeds.global: expected a whole number from 0 to 4294967295, got 1.5']);
	});

	it('resets bad params to defaults with a warning naming node and param', () => {
		const doc = base();
		(doc.nodes as Json[])[1].params = { strategy: 'avg', columns: 'Age', extra: 1 };
		const r = opened(doc);
		expect(r.doc.nodes[1].params).toEqual({ strategy: 'median', columns: [] });
		expect(r.warnings).toEqual([
			'node "b" (clean.impute), param "strategy": expected one of mean, median, mode, constant, got "avg"; reset to the default "median"',
			'node "b" (clean.impute), param "columns": expected a list of column names, got "Age"; reset to the default []',
			'node "b" (clean.impute): unknown param "extra" ignored'
		]);
	});

	it('opens a file from a newer format read-only, with a plain message', () => {
		const doc = base();
		doc.schema = { sequences: { doc: 4, 'node:io.dataset': 1, 'node:clean.impute': 2, 'node:model.linear': 1 } };
		const r = opened(doc);
		expect(r.readOnly).toBe(true);
		expect(r.warnings[0]).toBe('made by a newer version of Tessera (format 4; this app reads up to 3) — opened read-only');
		expect(r.doc.schema.sequences.doc).toBe(4);
	});

	it('refuses a newer file it cannot understand, and an unreadable version', () => {
		const doc = { ...base(), schema: { sequences: { doc: 9 } }, nodes: 'a graph' };
		const errors = refused(doc);
		expect(errors[0]).toBe('made by a newer version of Tessera (format 9; this app reads up to 3) and this app cannot read it');
		expect(errors[1]).toMatch(/^nodes: expected a list of nodes/);
		expect(refused({ ...base(), schema: { sequences: { doc: 'one' } } })[0]).toMatch(
			/^schema\.sequences\.doc: the format version is missing or not a whole number/
		);
	});

	it('makes a node of a newer type version inert and the document read-only', () => {
		const doc = base();
		doc.schema = { sequences: { doc: 1, 'node:io.dataset': 1, 'node:clean.impute': 3, 'node:model.linear': 1 } };
		(doc.nodes as Json[])[1].params = { strategy: 'knn', neighbours: 5 };
		const r = opened(doc);
		expect(r.readOnly).toBe(true);
		expect(r.doc.nodes[1]).toEqual({
			id: 'b',
			type: 'clean.impute',
			position: { x: 1, y: 0 },
			params: { strategy: 'knn', neighbours: 5 },
			inert: { reason: 'made by a newer version of Tessera (clean.impute version 3; this app knows up to 2)' }
		});
		expect(r.doc.schema.sequences['node:clean.impute']).toBe(3);
		expect(r.doc.edges).toHaveLength(2);
	});

	it('runs a node type migration when the file has an older node version', () => {
		const doc = base();
		doc.schema = { sequences: { doc: 1, 'node:io.dataset': 1, 'node:clean.impute': 1, 'node:model.linear': 1 } };
		(doc.nodes as Json[])[1].params = { method: 'mode' };
		const r = opened(doc);
		expect(r.warnings).toEqual([]);
		expect(r.doc.nodes[1].params).toEqual({ strategy: 'mode', columns: [] });
		expect(r.doc.schema.sequences['node:clean.impute']).toBe(2);
	});
});
