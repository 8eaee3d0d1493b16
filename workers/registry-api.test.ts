import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { addNode, connect, setParam } from '../src/lib/core/doc/commands';
import type { PipelineDocument } from '../src/lib/core/doc/types';
import type { NodeOutputs } from '../src/lib/core/nodes/define';
import type { ModelValue } from '../src/lib/core/nodes/ports';
import { emptyDoc, registry, run } from '../src/lib/core/nodes/test-kit';
import { db } from '../src/lib/persistence/db';
import { getVersion, setInUse } from '../src/lib/persistence/registry';
import { createRegistryApi } from './registry-api';

/** penguins → split → tree → Evaluate, as the worker would have run it. */
async function trainedTree(maxDepth: number) {
	let doc: PipelineDocument = emptyDoc();
	const ids: Record<string, string> = {};
	const add = (key: string, type: string, params: Record<string, string | number> = {}) => {
		const added = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = added.doc;
		ids[key] = added.id;
	};
	add('source', 'io.dataset', { source: 'sample', sample: 'penguins' });
	add('split', 'split.train-test', { target: 'Species' });
	add('tree', 'model.tree', { maxDepth });
	add('evaluate', 'evaluate.metrics');
	for (const [from, fromPort, to, toPort] of [
		['source', 'data', 'split', 'data'],
		['split', 'data', 'tree', 'data'],
		['tree', 'model', 'evaluate', 'model'],
		['split', 'data', 'evaluate', 'data']
	]) {
		const linked = connect(doc, registry, { node: ids[from], port: fromPort }, { node: ids[to], port: toPort });
		if (!linked.ok) throw new Error(linked.reason);
		doc = linked.doc;
	}
	const result = await run(doc);
	expect(Object.fromEntries(result.errors)).toEqual({});
	return { doc, ids, outputs: new Map(result.outputs) as Map<string, NodeOutputs> };
}

beforeEach(async () => {
	await db().delete();
	await db().open();
});

describe('the worker side of the model registry', () => {
	it('saves the model a node trained with its test figures and the pipeline as it was when trained', async () => {
		const { doc, ids, outputs } = await trainedTree(2);
		const api = createRegistryApi(outputs, registry);
		api.noteRun(doc, outputs.keys());
		// The page's document was edited after the run: the registry keeps the one that trained the model.
		const edit = setParam(doc, registry, ids.tree, 'maxDepth', 5);
		if (!edit.ok) throw new Error(edit.error);
		const edited = edit.doc;
		expect(await api.registerModel(edited, ids.tree, 'penguin-species', 'depth 2', 'p1')).toEqual({
			name: 'penguin-species',
			version: 1,
			inUse: true
		});
		const stored = (await getVersion('penguin-species', 1))!;
		expect(stored.doc).toEqual(doc);
		expect(stored.model).toEqual(outputs.get(ids.tree)!.model);
		expect(stored).toMatchObject({ project: 'p1', notes: 'depth 2', node: ids.tree, family: 'tree' });
		expect(Object.keys(stored.metrics)).toContain('test accuracy');
		expect(await api.loadRegisteredModel('penguin-species', null)).toEqual(stored.model);
	});

	it('says what to do when the node has not run or trains no model', async () => {
		const { doc, ids, outputs } = await trainedTree(2);
		const api = createRegistryApi(outputs, registry);
		await expect(api.registerModel(doc, ids.evaluate, 'x', '', null)).rejects.toThrow('"Evaluate" gives no trained model to save');
		outputs.delete(ids.tree);
		await expect(api.registerModel(doc, ids.tree, 'x', '', null)).rejects.toThrow(
			'"Decision tree" has no result yet: run it, then save its model.'
		);
	});

	it('loads the version in use or a given one, and names what exists when asked for what does not', async () => {
		const a = await trainedTree(1);
		const b = await trainedTree(3);
		// Two studio sessions (their node ids coincide), one registry.
		await createRegistryApi(a.outputs, registry).registerModel(a.doc, a.ids.tree, 'm', '', null);
		const api = createRegistryApi(b.outputs, registry);
		await api.registerModel(b.doc, b.ids.tree, 'm', '', null);
		const depthOf = (m: ModelValue) => (m.trainedBy?.params.maxDepth as number) ?? NaN;
		expect(depthOf(await api.loadRegisteredModel('m', null))).toBe(1);
		expect(depthOf(await api.loadRegisteredModel('m', 2))).toBe(3);
		await setInUse('m', 2);
		expect(depthOf(await api.loadRegisteredModel('m', null))).toBe(3);
		await expect(api.loadRegisteredModel('m', 7)).rejects.toThrow(
			'"m" has no version 7 (it has 1, 2): set Version to one of those, or 0 for the version in use'
		);
		await expect(api.loadRegisteredModel('nope', null)).rejects.toThrow(/there is no model named "nope" in this browser's registry/);
	});
});
