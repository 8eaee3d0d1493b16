import { describe, expect, it } from 'vitest';
import { addNode, connect, setLabel } from './commands';
import { createDocument } from './create';
import { parseDocument, serialiseDocument } from './serialise';
import { testLookup } from './test-lookup';
import type { PipelineDocument } from './types';

const lookup = testLookup();

function sample(): PipelineDocument {
	let doc = createDocument('Round trip', new Date('2025-05-05T05:05:05.000Z'));
	const a = addNode(doc, lookup, 'io.dataset', { x: 1.5, y: -2 }, { source: 'iris.csv', target: 'species' });
	const b = addNode(a.doc, lookup, 'clean.impute', { x: 300, y: 0 }, { columns: ['petal "length"', 'ünïcode'] });
	doc = setLabel(b.doc, b.id, 'Fill → gaps');
	const r = connect(doc, lookup, { node: a.id, port: 'data' }, { node: b.id, port: 'data' });
	if (!r.ok) throw new Error(r.reason);
	return {
		...r.doc,
		data: [{ name: 'iris.csv', hash: '0123456789abcdef', rows: 2, embedded: { format: 'csv', text: 'a,b\n1,2\n3,4\n' } }]
	};
}

describe('serialiseDocument / parseDocument', () => {
	it('round-trips a document exactly, with no warnings', () => {
		const doc = sample();
		const text = serialiseDocument(doc);
		const r = parseDocument(text, lookup);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.warnings).toEqual([]);
		expect(r.readOnly).toBe(false);
		expect(r.doc).toEqual(doc);
		expect(serialiseDocument(r.doc)).toBe(text);
	});

	it('writes keys in a fixed order whatever order the document was built in', () => {
		const doc = sample();
		const shuffled: PipelineDocument = {
			notes: doc.notes,
			frames: doc.frames,
			data: doc.data,
			edges: doc.edges,
			nodes: doc.nodes.map((n) => ({
				position: n.position,
				params: Object.fromEntries(Object.entries(n.params).reverse()),
				type: n.type,
				id: n.id
			})),
			seeds: doc.seeds,
			meta: doc.meta,
			schema: { sequences: Object.fromEntries(Object.entries(doc.schema.sequences).reverse()) },
			format: doc.format
		};
		const plain: PipelineDocument = { ...doc, nodes: doc.nodes.map(({ label: _l, ...n }) => (void _l, n)) };
		expect(serialiseDocument(shuffled)).toBe(serialiseDocument(plain));
		const text = serialiseDocument(doc);
		expect(Object.keys(JSON.parse(text))).toEqual(['format', 'schema', 'meta', 'seeds', 'nodes', 'edges', 'data', 'frames', 'notes']);
		expect(text.endsWith('}\n')).toBe(true);
	});

	it('keeps nodes and edges in document order', () => {
		const doc = sample();
		const reversed = { ...doc, nodes: [...doc.nodes].reverse() };
		const r = parseDocument(serialiseDocument(reversed), lookup);
		expect(r.ok && r.doc.nodes.map((n) => n.id)).toEqual(['impute-1', 'dataset-1']);
	});

	it('keeps an unknown node through a save and reopen', () => {
		const text = serialiseDocument(sample()).replace('"type": "clean.impute"', '"type": "clean.future"');
		const r = parseDocument(text, lookup);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		const again = parseDocument(serialiseDocument(r.doc), lookup);
		if (!again.ok) throw new Error(again.errors.join('\n'));
		expect(again.doc.nodes[1]).toEqual(r.doc.nodes[1]);
		expect(again.doc.nodes[1].params).toEqual({ strategy: 'median', columns: ['petal "length"', 'ünïcode'] });
	});
});
