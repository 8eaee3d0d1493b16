import { beforeAll, describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline, type EngineHost } from '../../../engine/run';
import type { Column } from '../../../frame/types';
import type { DatasetValue, ModelValue } from '../../ports';
import { emptyDoc, host, registry, run } from '../../test-kit';

type Params = Record<string, string | number | boolean | string[]>;

function docOf(
	nodes: [string, string, Params][],
	edges: [string, string, string, string][]
): { doc: PipelineDocument; ids: Record<string, string> } {
	let doc = emptyDoc();
	const ids: Record<string, string> = {};
	for (const [key, type, params] of nodes) {
		const added = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = added.doc;
		ids[key] = added.id;
	}
	for (const [from, fromPort, to, toPort] of edges) {
		const linked = connect(doc, registry, { node: ids[from], port: fromPort }, { node: ids[to], port: toPort });
		if (!linked.ok) throw new Error(linked.reason);
		doc = linked.doc;
	}
	return { doc, ids };
}

/** Two penguin classifiers that disagree on some rows: a one-split stump and a forest. */
let stump: ModelValue;
let forest: ModelValue;
beforeAll(async () => {
	const { doc, ids } = docOf(
		[
			['source', 'io.dataset', { source: 'sample', sample: 'penguins' }],
			['split', 'split.train-test', { target: 'Species' }],
			['stump', 'model.tree', { maxDepth: 1 }],
			['forest', 'model.forest', { trees: 10 }]
		],
		[
			['source', 'data', 'split', 'data'],
			['split', 'data', 'stump', 'data'],
			['split', 'data', 'forest', 'data']
		]
	);
	const result = await run(doc);
	expect(Object.fromEntries(result.errors)).toEqual({});
	stump = result.outputs.get(ids.stump)!.model as ModelValue;
	forest = result.outputs.get(ids.forest)!.model as ModelValue;
});

/** Registered model → Predict on the penguins file. */
const scoring = (params: Params) =>
	docOf(
		[
			['registered', 'deploy.registered-model', params],
			['source', 'io.dataset', { source: 'sample', sample: 'penguins' }],
			['predict', 'deploy.predict', {}]
		],
		[
			['registered', 'model', 'predict', 'model'],
			['source', 'data', 'predict', 'data']
		]
	);

const predictedLabels = (data: DatasetValue): string[] => {
	const c = data.frame.columns.find((col) => col.name === 'prediction') as Extract<Column, { kind: 'category' }>;
	return Array.from(c.codes, (code) => c.dictionary[code]);
};

describe('deploy.registered-model', () => {
	it('Predict follows a roll back even with a warm cache; while the version in use stays, it is served from the cache', async () => {
		// A stand-in for the studio's registry: name → versions, and the version in use.
		const store = { versions: [stump, forest], inUse: 2 };
		const asked: [string, number | null][] = [];
		const studio: EngineHost = {
			...host,
			loadRegisteredModel: async (name, version) => {
				asked.push([name, version]);
				return store.versions[(version ?? store.inUse) - 1];
			},
			// The node's fingerprint: which version the name resolves to now.
			registeredModelKey: async (name, version) => `${name}@${version ?? store.inUse}`
		};
		const cache = new OutputCache();
		const { doc, ids } = scoring({ name: ' penguin-species ', version: 0 });
		const first = await runPipeline({ doc, registry, cache, host: studio, backend: 'cpu' });
		expect(Object.fromEntries(first.errors)).toEqual({});
		const withForest = predictedLabels(first.outputs.get(ids.predict)!.data as DatasetValue);
		// Nothing changed: served from the cache, the registry is not read again.
		const again = await runPipeline({ doc, registry, cache, host: studio, backend: 'cpu' });
		expect(predictedLabels(again.outputs.get(ids.predict)!.data as DatasetValue)).toEqual(withForest);
		expect(asked).toHaveLength(1);
		store.inUse = 1; // roll back
		const second = await runPipeline({ doc, registry, cache, host: studio, backend: 'cpu' });
		const withStump = predictedLabels(second.outputs.get(ids.predict)!.data as DatasetValue);
		expect(asked).toEqual([
			['penguin-species', null],
			['penguin-species', null]
		]);
		// A depth-1 tree has two leaves, so it predicts at most two of the three species; the forest all three.
		expect(new Set(withForest).size).toBe(3);
		expect(new Set(withStump).size).toBe(2);
		expect(withStump).not.toEqual(withForest);

		const pinned = scoring({ name: 'penguin-species', version: 2 });
		const third = await runPipeline({ doc: pinned.doc, registry, cache, host: studio, backend: 'cpu' });
		expect(predictedLabels(third.outputs.get(pinned.ids.predict)!.data as DatasetValue)).toEqual(withForest);
		expect(asked.at(-1)).toEqual(['penguin-species', 2]);
	});

	it('outside the studio (the CLI, tests) it says the registry lives in the browser', async () => {
		const { doc, ids } = scoring({ name: 'penguin-species', version: 0 });
		const result = await run(doc);
		expect(result.errors.get(ids.registered)).toBe(
			"Registered model: registered models live in this browser's storage; the CLI cannot read them"
		);
	});

	it('asks for a name before anything else', async () => {
		const { doc, ids } = scoring({ name: '  ', version: 0 });
		const result = await run(doc);
		expect(result.errors.get(ids.registered)).toMatch(/choose the model name it was saved under/);
	});
});
