import { describe, expect, it } from 'vitest';
import { addNode, useDataset } from '$lib/core/doc/commands';
import { parseDocument, serialiseDocument } from '$lib/core/doc/serialise';
import type { PipelineDocument } from '$lib/core/doc/types';
import { emptyDoc, registry } from '$lib/core/nodes/test-kit';
import { missingDatasets, shortHash, uploadTarget } from './dataset-needs';

const SALES = { name: 'sales.csv', hash: 'a'.repeat(64), rows: 5000, bytes: 1_234_567 };
const STORES = { name: 'stores.csv', hash: 'b'.repeat(64), rows: 40, bytes: 900 };

/** A pipeline with Dataset nodes: two uploaded files recorded, one sample, one waiting for a file. */
function teammatePipeline(): { doc: PipelineDocument; ids: Record<string, string> } {
	let doc = emptyDoc();
	const ids: Record<string, string> = {};
	for (const key of ['sales', 'stores', 'sample', 'empty']) {
		const r = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, key === 'sample' ? {} : { source: 'stored' });
		doc = r.doc;
		ids[key] = r.id;
	}
	for (const [key, entry] of [
		['sales', SALES],
		['stores', STORES]
	] as const) {
		const r = useDataset(doc, registry, ids[key], entry);
		if (!r.ok) throw new Error(r.error);
		doc = r.doc;
	}
	return { doc, ids };
}

describe('datasets a pipeline needs', () => {
	it('lists each uploaded dataset this browser lacks, with the size and rows the file recorded', () => {
		const { doc, ids } = teammatePipeline();
		expect(missingDatasets(doc, [])).toEqual([
			{ nodes: [ids.sales], label: null, ...SALES },
			{ nodes: [ids.stores], label: null, ...STORES }
		]);
		// The same content under another name is the same dataset; the same name with other content is not.
		expect(
			missingDatasets(doc, [
				{ name: 'renamed.csv', hash: SALES.hash },
				{ name: 'stores.csv', hash: 'c'.repeat(64) }
			]).map((m) => m.name)
		).toEqual(['stores.csv']);
	});

	it('survives the pipeline file: rows and size travel in its data list', () => {
		const { doc } = teammatePipeline();
		const text = serialiseDocument(doc);
		expect(JSON.parse(text).data).toEqual([SALES, STORES]);
		const reopened = parseDocument(text, registry);
		if (!reopened.ok) throw new Error(reopened.errors.join('; '));
		expect(missingDatasets(reopened.doc, []).map((m) => [m.name, m.rows, m.bytes])).toEqual([
			['sales.csv', 5000, 1_234_567],
			['stores.csv', 40, 900]
		]);
	});

	it('files without a recorded hash match by name; without a data entry, rows and size are unknown (0)', () => {
		let doc = emptyDoc();
		const r = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'stored', name: 'old.csv', hash: '' });
		doc = r.doc;
		expect(missingDatasets(doc, [])).toEqual([{ nodes: [r.id], label: null, name: 'old.csv', hash: '', rows: 0, bytes: 0 }]);
		expect(missingDatasets(doc, [{ name: 'old.csv', hash: 'x' }])).toEqual([]);
	});

	it('one line per dataset, however many nodes read it', () => {
		const { doc, ids } = teammatePipeline();
		const r = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'stored', name: SALES.name, hash: SALES.hash });
		expect(missingDatasets(r.doc, []).map((m) => [m.name, m.nodes])).toEqual([
			['sales.csv', [ids.sales, r.id]],
			['stores.csv', [ids.stores]]
		]);
	});

	it('re-pointing a node replaces its data entry and drops entries no node names', () => {
		const { doc, ids } = teammatePipeline();
		const r = useDataset(doc, registry, ids.sales, { name: 'sales-2027.csv', hash: 'd'.repeat(64), rows: 10, bytes: 20 });
		if (!r.ok) throw new Error(r.error);
		expect(r.doc.data.map((d) => d.name)).toEqual(['stores.csv', 'sales-2027.csv']);
		expect(r.doc.nodes.find((n) => n.id === ids.sales)?.params).toMatchObject({
			source: 'stored',
			name: 'sales-2027.csv',
			hash: 'd'.repeat(64)
		});
		expect(useDataset(doc, registry, 'nope', SALES)).toMatchObject({ ok: false });
	});
});

describe('where an upload goes', () => {
	it('the selected Dataset node, with what it recorded', () => {
		const { doc, ids } = teammatePipeline();
		expect(uploadTarget(doc, ids.stores, [], 'x.csv')).toEqual({
			kind: 'node',
			node: ids.stores,
			expected: { nodes: [ids.stores], label: null, ...STORES }
		});
		expect(uploadTarget(doc, ids.sample, [], 'x.csv')).toEqual({ kind: 'node', node: ids.sample, expected: null });
		// A node whose data is here is being given a new file on purpose: nothing to match.
		expect(uploadTarget(doc, ids.stores, [STORES], 'x.csv')).toEqual({ kind: 'node', node: ids.stores, expected: null });
	});

	it('with nothing selected: the lacking node named like the file, else the first lacking one, never a stray new node', () => {
		const { doc, ids } = teammatePipeline();
		expect(uploadTarget(doc, null, [], 'stores.csv')).toMatchObject({ kind: 'node', node: ids.stores });
		expect(uploadTarget(doc, null, [], 'whatever.csv')).toMatchObject({ kind: 'node', node: ids.sales });
		// A selected node of another type does not count as a choice.
		expect(uploadTarget(doc, 'not-a-dataset', [], 'whatever.csv')).toMatchObject({ kind: 'node', node: ids.sales });
	});

	it('when every recorded dataset is here: a node waiting for a file, else a new node', () => {
		const { doc, ids } = teammatePipeline();
		const stored = [SALES, STORES];
		expect(uploadTarget(doc, null, stored, 'new.csv')).toEqual({ kind: 'node', node: ids.empty, expected: null });
		const filled = useDataset(doc, registry, ids.empty, { name: 'new.csv', hash: 'e'.repeat(64) });
		if (!filled.ok) throw new Error(filled.error);
		expect(uploadTarget(filled.doc, null, [...stored, { name: 'new.csv', hash: 'e'.repeat(64) }], 'more.csv')).toEqual({
			kind: 'new-node'
		});
	});

	it('hashes are shortened for messages', () => {
		expect(shortHash(`sha256:${'0123456789ab'.repeat(5)}abcd`)).toBe('sha256:0123456789ab');
		// The older 16-digit checksum is recognised by its form and said to be one.
		expect(shortHash('00ff00ff00ff00ff')).toBe('00ff00ff00ff (older checksum)');
		expect(shortHash(SALES.hash)).toBe(`${'a'.repeat(24)}…`);
		expect(shortHash('')).toBe('none recorded');
	});
});
