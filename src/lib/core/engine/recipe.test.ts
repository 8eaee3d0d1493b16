import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import { getColumn } from '../frame/frame';
import type { DatasetValue } from '../nodes/ports';
import { emptyDoc, registry, run } from '../nodes/test-kit';

function chain(doc: PipelineDocument, links: [string, string, string, string][]): PipelineDocument {
	let d = doc;
	for (const [from, fp, to, tp] of links) {
		const r = connect(d, registry, { node: from, port: fp }, { node: to, port: tp });
		if (!r.ok) throw new Error(r.reason);
		d = r.doc;
	}
	return d;
}

describe('Predict replays stateless transforms as well as fitted steps', () => {
	it('a rename before the model is repeated on raw rows', async () => {
		let doc = emptyDoc();
		const ids: Record<string, string> = {};
		const add = (key: string, type: string, params: Record<string, string | number> = {}) => {
			const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
			doc = r.doc;
			ids[key] = r.id;
		};
		add('data', 'io.dataset', { source: 'sample', sample: 'penguins' });
		add('split', 'split.train-test', { target: 'Species' });
		add('rename', 'clean.columns', { rename: 'Island => Isle' });
		add('missing', 'clean.missing');
		add('onehot', 'features.one-hot');
		add('model', 'model.logistic');
		add('predict', 'deploy.predict');
		doc = chain(doc, [
			[ids.data, 'data', ids.split, 'data'],
			[ids.split, 'data', ids.rename, 'data'],
			[ids.rename, 'data', ids.missing, 'data'],
			[ids.missing, 'data', ids.onehot, 'data'],
			[ids.onehot, 'data', ids.model, 'data'],
			[ids.model, 'model', ids.predict, 'model'],
			[ids.data, 'data', ids.predict, 'data']
		]);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const model = res.outputs.get(ids.model)!.model;
		expect(model.kind === 'model' && model.recipe.map((s) => s.type)).toEqual(['clean.columns', 'clean.missing', 'features.one-hot']);
		expect(model.kind === 'model' && model.features).toContain('Isle=Dream');
		const out = res.outputs.get(ids.predict)!.data as DatasetValue;
		expect(out.frame.rowCount).toBe(344);
		expect(getColumn(out.frame, 'prediction').kind).toBe('category');
	});
});
