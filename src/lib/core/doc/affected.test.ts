import { describe, expect, it } from 'vitest';
import { emptyDoc, registry } from '../nodes/test-kit';
import { quickModel } from '../nodes/templates/quick-model';
import { affectedBy } from './affected';
import { connect, disconnect, moveNode, removeNode, setLabel, setName, setParam, setSeed } from './commands';
import type { PipelineDocument } from './types';

const doc = (): PipelineDocument =>
	quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic'
	});
const idOf = (d: PipelineDocument, type: string) => d.nodes.find((n) => n.type === type)!.id;
const ok = <T extends { ok: boolean }>(r: T) => {
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r as Extract<T, { ok: true }>;
};

describe('what an edit affects', () => {
	it('a param change affects that node only (the caller follows edges downstream)', () => {
		const a = doc();
		const b = ok(setParam(a, registry, idOf(a, 'split.train-test'), 'train', 0.6)).doc;
		expect(affectedBy(a, b)).toEqual({ kind: 'nodes', nodes: new Set([idOf(a, 'split.train-test')]), removed: new Set() });
	});

	it('moving, renaming and relabelling affect nothing', () => {
		const a = doc();
		const id = idOf(a, 'model.logistic');
		const b = setName(setLabel(moveNode(a, id, { x: 999, y: 1 }), id, 'My model'), 'Renamed');
		expect(affectedBy(a, b)).toEqual({ kind: 'nodes', nodes: new Set(), removed: new Set() });
	});

	it('the document seed affects every node', () => {
		const a = doc();
		expect(affectedBy(a, ok(setSeed(a, 7)).doc)).toEqual({ kind: 'all' });
	});

	it('cutting or making a connection affects the node it feeds; removing a node affects what it fed', () => {
		const a = doc();
		const evaluate = idOf(a, 'evaluate.metrics');
		const edge = a.edges.find((e) => e.to.node === evaluate && e.to.port === 'model')!;
		const cut = disconnect(a, edge.id);
		expect(affectedBy(a, cut)).toEqual({ kind: 'nodes', nodes: new Set([evaluate]), removed: new Set() });
		expect(affectedBy(cut, ok(connect(cut, registry, edge.from, edge.to)).doc)).toEqual({
			kind: 'nodes',
			nodes: new Set([evaluate]),
			removed: new Set()
		});
		const model = idOf(a, 'model.logistic');
		expect(affectedBy(a, removeNode(a, model))).toEqual({ kind: 'nodes', nodes: new Set([evaluate]), removed: new Set([model]) });
	});
});
