import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addNode, connect, setParam } from '../src/lib/core/doc/commands';
import { parseDocument } from '../src/lib/core/doc/serialise';
import type { PipelineDocument } from '../src/lib/core/doc/types';
import type { EngineApi, PortSummary } from '../src/lib/core/engine/api';
import { readModelFile, writeModelFile } from '../src/lib/core/model-file/format';
import { emptyDoc, registry, SAMPLES } from '../src/lib/core/nodes/test-kit';
import { quickModel } from '../src/lib/core/nodes/templates/quick-model';
import { db } from '../src/lib/persistence/db';
import { getVersion, listModelNames, listVersions, saveModelVersion } from '../src/lib/persistence/registry';
import { createEngineApi } from './engine-api';

const api = () => createEngineApi({ registry, fetchSample: async (name) => new Uint8Array(readFileSync(join(SAMPLES, `${name}.csv`))) });
const RUN = { backend: 'cpu', project: 'p1' } as const;

/** The Quick-model graph on penguins, and the ids of its model and Evaluate nodes. */
function penguins() {
	const doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic',
		seed: 42
	});
	const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
	return { doc, model: id('model.logistic'), evaluate: id('evaluate.metrics'), source: id('io.dataset') };
}

/** Registered model `name` → Predict on the penguins sample. */
function scoring(name: string): { doc: PipelineDocument; predict: string } {
	let doc = emptyDoc();
	const add = (type: string, params: Record<string, string | number>) => {
		const added = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = added.doc;
		return added.id;
	};
	const source = add('io.dataset', { source: 'sample', sample: 'penguins' });
	const model = add('deploy.registered-model', { name, version: 0 });
	const predict = add('deploy.predict', {});
	for (const [from, fromPort, to, toPort] of [
		[model, 'model', predict, 'model'],
		[source, 'data', predict, 'data']
	]) {
		const linked = connect(doc, registry, { node: from, port: fromPort }, { node: to, port: toPort });
		if (!linked.ok) throw new Error(linked.reason);
		doc = linked.doc;
	}
	return { doc, predict };
}

async function predictions(engine: EngineApi, name: string) {
	const { doc, predict } = scoring(name);
	const summary = await engine.run(doc, RUN, () => {});
	expect(summary.errors).toEqual({});
	return (await engine.rows(predict, 'data', 0, 1000))!;
}

async function evaluated(engine: EngineApi, node: string) {
	const port = (await engine.result(node))!.ports.metrics as Extract<PortSummary, { kind: 'metrics' }>;
	return port.metrics;
}

/** A new browser profile: an empty database. */
async function freshProfile() {
	await db().delete();
	await db().open();
}

beforeEach(freshProfile);

describe('model files in the engine worker', () => {
	it('a node’s model becomes a file with the figures Evaluate gives and the pipeline that trained it', async () => {
		const engine = api();
		const { doc, model, evaluate, source } = penguins();
		expect((await engine.run(doc, RUN, () => {})).errors).toEqual({});
		expect(await engine.modelExports(model)).toEqual({ file: null, onnx: null, predictor: null });
		const none = 'this node has no trained model yet: run it first';
		expect(await engine.modelExports(source)).toEqual({ file: none, onnx: none, predictor: none });

		const bytes = await engine.nodeModelFile(doc, model, 'penguins-logistic');
		const { file } = await readModelFile(bytes);
		const metrics = await evaluated(engine, evaluate);
		expect(file.name).toBe('penguins-logistic');
		expect(file.metrics).toEqual({ validation: metrics.validation, test: metrics.test });
		expect(file.metrics.test).toMatchObject({ task: 'classification', rows: 51 });
		expect(file.registry).toBeUndefined();
		expect(file.pipeline!.node).toBe(model);
		const reopened = parseDocument(file.pipeline!.text, registry);
		expect(reopened.ok && reopened.doc.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
		expect(file.input.columns.map((c) => c.name)).toContain('Island');
	});

	it('a file imported in a fresh profile predicts exactly as the registry version it was downloaded from', async () => {
		const first = api();
		const { doc, model, evaluate } = penguins();
		await first.run(doc, RUN, () => {});
		await first.registerModel(doc, model, 'penguins', '', 'p1');
		const original = await predictions(first, 'penguins');
		const testFigures = (await evaluated(first, evaluate)).test;

		const bytes = await first.registryModelFile('penguins', 1);
		const { file } = await readModelFile(bytes.slice());
		expect(file.registry).toEqual({ name: 'penguins', version: 1 });
		expect(file.metrics.test).toEqual(testFigures);

		await freshProfile();
		const second = api();
		const blob = new Blob([bytes.slice()]);
		const summary = await second.inspectModelFile(blob);
		expect(summary).toMatchObject({
			name: 'penguins',
			family: 'logistic',
			task: 'classification',
			target: 'Species',
			registry: { name: 'penguins', version: 1 },
			pipeline: true,
			bytes: bytes.length
		});
		expect(summary.metrics['test accuracy']).toBe(testFigures!.task === 'classification' ? testFigures!.accuracy : NaN);
		// Inspecting saves nothing.
		expect(await listModelNames()).toEqual([]);

		expect(await second.importModelFile(blob, 'penguins', 'Imported from penguins.tessera-model')).toEqual({
			name: 'penguins',
			version: 1,
			inUse: true
		});
		const stored = (await getVersion('penguins', 1))!;
		expect(stored).toMatchObject({ node: model, project: null, notes: 'Imported from penguins.tessera-model', family: 'logistic' });
		expect(stored.evaluation).toEqual(file.metrics);
		expect(stored.metrics['test accuracy']).toBe(summary.metrics['test accuracy']);
		expect(stored.doc.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
		expect(stored.model.input).toEqual(file.input);

		const imported = await predictions(second, 'penguins');
		expect(imported.total).toBe(344);
		expect(imported.rows).toEqual(original.rows);
		expect(imported.columns).toEqual(original.columns);
	});

	it('a damaged file is refused with the reader’s message and nothing is saved', async () => {
		const engine = api();
		const { doc, model } = penguins();
		await engine.run(doc, RUN, () => {});
		const bytes = await engine.nodeModelFile(doc, model, 'm');
		const truncated = new Blob([bytes.slice(0, Math.floor(bytes.length / 2))]);
		await expect(engine.inspectModelFile(truncated)).rejects.toThrow(/truncated or damaged|not a complete model file/);
		await expect(engine.importModelFile(truncated, 'm', '')).rejects.toThrow(/truncated or damaged|not a complete model file/);
		await expect(engine.inspectModelFile(new Blob(['{"format":"tessera/pipeline"}']))).rejects.toThrow(/this is a JSON file/);
		expect(await listModelNames()).toEqual([]);
	});

	it('a file whose pipeline cannot be opened gets an empty one; a model trained before inputs were recorded cannot be downloaded', async () => {
		const engine = api();
		const { doc, model } = penguins();
		await engine.run(doc, RUN, () => {});
		await engine.registerModel(doc, model, 'full', '', null);
		const record = (await getVersion('full', 1))!;
		const { input: _input, ...old } = record.model;
		await saveModelVersion({ name: 'old', model: old, doc, node: model, project: null, metrics: {} });
		const [listed] = await listVersions('old');
		expect(listed.fileIssue).toMatch(/^it does not record the raw columns it was trained on/);
		expect((await listVersions('full'))[0].fileIssue).toBeNull();
		const noInput = listed.fileIssue;
		expect(await engine.versionExportIssues('old')).toEqual({ 1: { file: noInput, onnx: noInput, predictor: noInput } });
		await expect(engine.registryModelFile('old', 1)).rejects.toThrow(/^Version 1 of "old" cannot be downloaded: it does not record/);

		// A pipeline text this app cannot open: the model is still imported, with an empty pipeline.
		const { file } = await readModelFile(await engine.registryModelFile('full', 1));
		const odd = await writeModelFile({ ...file, pipeline: { text: '{"format":"something else"}', hash: 'h', node: model } });
		expect((await engine.inspectModelFile(new Blob([odd.slice()]))).pipeline).toBe(false);
		await engine.importModelFile(new Blob([odd.slice()]), 'odd', '');
		const stored = (await getVersion('odd', 1))!;
		expect(stored.doc).toMatchObject({ meta: { name: 'odd (imported model)' }, nodes: [], edges: [] });
		expect(stored.node).toBe(model);
	});

	it('exports ONNX from a node or a registry version alike, and says which family or step ONNX cannot express', async () => {
		const engine = api();
		const { doc, model } = penguins();
		await engine.run(doc, RUN, () => {});
		const fromNode = await engine.nodeOnnxFile(model);
		expect(fromNode.length).toBeGreaterThan(1000);
		await engine.registerModel(doc, model, 'logistic', '', null);
		expect(await engine.registryOnnxFile('logistic', 1)).toEqual(fromNode);

		// Missing values set to drop rows: a graph scores every row it is given, so ONNX refuses that step, by name.
		const { doc: dropping, model: node } = penguins();
		const missing = dropping.nodes.find((n) => n.type === 'clean.missing')!.id;
		const edit = setParam(dropping, registry, missing, 'strategy', 'drop-rows');
		if (!edit.ok) throw new Error(edit.error);
		await engine.run(edit.doc, RUN, () => {});
		const exports = await engine.modelExports(node);
		expect(exports).toEqual({
			file: null,
			onnx: 'Missing values (recipe step 1) — it drops rows with missing values; a model graph scores every row it is given (fill them instead)',
			predictor: null
		});
		await expect(engine.nodeOnnxFile(node)).rejects.toThrow(/^cannot export to ONNX: Missing values \(recipe step 1\)/);
		await engine.registerModel(edit.doc, node, 'dropping', '', null);
		expect(await engine.versionExportIssues('dropping')).toEqual({ 1: exports });
		expect(await engine.versionExportIssues('logistic')).toEqual({ 1: { file: null, onnx: null, predictor: null } });
	});
});
