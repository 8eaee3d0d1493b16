import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../doc/commands';
import { emptyDoc, registry } from '../test-kit';
import { useComparedModel } from './use-model';

describe('useComparedModel', () => {
	function board() {
		let doc = emptyDoc();
		const src = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'wine' });
		const split = addNode(src.doc, registry, 'split.train-test', { x: 200, y: 0 }, { target: 'cultivar' });
		const cmp = addNode(split.doc, registry, 'evaluate.compare-models', { x: 400, y: 0 });
		doc = cmp.doc;
		const c1 = connect(doc, registry, { node: src.id, port: 'data' }, { node: split.id, port: 'data' });
		if (!c1.ok) throw new Error(c1.reason);
		const c2 = connect(c1.doc, registry, { node: split.id, port: 'data' }, { node: cmp.id, port: 'data' });
		if (!c2.ok) throw new Error(c2.reason);
		return { doc: c2.doc, split: split.id, cmp: cmp.id };
	}

	it("adds the family's node with its compared settings, fed by the Split the comparison read", () => {
		const { doc, split, cmp } = board();
		const { doc: next, id } = useComparedModel(doc, registry, cmp, {
			node: 'model.forest',
			params: { trees: 100, maxDepth: 0, seed: 42, task: 'classification' },
			prepare: []
		});
		const added = next.nodes.find((n) => n.id === id)!;
		expect(added.type).toBe('model.forest');
		expect(added.params.trees).toBe(100);
		expect(added.params.task).toBe('classification');
		// The seed keeps following the document seed.
		expect(added.params.seed).toBeNull();
		expect(next.edges.filter((e) => e.to.node === id)).toEqual([
			expect.objectContaining({ from: { node: split, port: 'data' }, to: { node: id, port: 'data' } })
		]);
	});

	it('puts the preparation the comparison refitted in front of the model', () => {
		const { doc, split, cmp } = board();
		const { doc: next, id } = useComparedModel(doc, registry, cmp, {
			node: 'model.knn',
			params: {},
			prepare: ['clean.missing', 'features.one-hot', 'clean.scale']
		});
		// Walk back from the model to the Split.
		const chain: string[] = [];
		let at = id;
		for (;;) {
			const edge = next.edges.find((e) => e.to.node === at);
			if (!edge) break;
			at = edge.from.node;
			chain.unshift(next.nodes.find((n) => n.id === at)!.type);
			if (at === split) break;
		}
		expect(chain).toEqual(['split.train-test', 'clean.missing', 'features.one-hot', 'clean.scale']);
		expect(next.nodes.length).toBe(doc.nodes.length + 4);
	});

	it('says what is missing when the Compare models node has no data', () => {
		const doc = addNode(emptyDoc(), registry, 'evaluate.compare-models', { x: 0, y: 0 });
		expect(() => useComparedModel(doc.doc, registry, doc.id, { node: 'model.tree', params: {}, prepare: [] })).toThrow(
			'connect data to Compare models first'
		);
	});
});
