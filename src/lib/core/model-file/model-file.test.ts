import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { applyRecipe } from '../engine/recipe';
import { setParam } from '../doc/commands';
import { readCsv } from '../readers/csv';
import { datasetOf } from '../nodes/dataset';
import type { MetricsValue, ModelValue } from '../nodes/ports';
import { predictionColumns } from '../nodes/predictors';
import { quickModel } from '../nodes/templates/quick-model';
import { emptyDoc, registry, run, sampleText } from '../nodes/test-kit';
import { buildModelFile, modelOf } from './build';
import { MODEL_FILE_VERSION, readModelFile, writeModelFile } from './format';
import packageJson from '../../../../package.json';
import { TESSERA_VERSION } from '../version';

async function trained(sample: string, target: string, task: 'classification' | 'regression', model: string) {
	const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed: 42 });
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const node = doc.nodes.find((n) => n.type === `model.${model}`)!.id;
	const value = res.outputs.get(node)!.model as ModelValue;
	const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
	return { doc, node, model: value, metrics };
}

/** Score raw rows as Predict does: the recipe, then the family's predictor. */
async function score(model: ModelValue, csv: string) {
	const raw = datasetOf(readCsv(csv), 'rows');
	return predictionColumns(model, applyRecipe(registry, raw, model.recipe).frame);
}

describe('model file', () => {
	it('records the raw input: columns, kinds, levels, ranges, required columns and reference statistics', async () => {
		const { model } = await trained('penguins', 'Species', 'classification', 'logistic');
		const input = model.input!;
		expect(input.target).toEqual({ name: 'Species', kind: 'category' });
		const byName = Object.fromEntries(input.columns.map((c) => [c.name, c]));
		expect(Object.keys(byName)).not.toContain('Species');
		const bill = byName['Beak Length (mm)'];
		expect(bill.kind).toBe('number');
		expect(bill.required).toBe(true);
		expect(bill.range![0]).toBeLessThan(bill.range![1]);
		const ref = bill.reference;
		if (ref.kind !== 'number') throw new Error('numeric reference expected');
		// Quantiles are numpy's linear interpolation: 0 % is the minimum, 100 % the maximum.
		expect(ref.quantiles[0]).toBe(bill.range![0]);
		expect(ref.quantiles[20]).toBe(bill.range![1]);
		expect(ref.histogram.counts.reduce((a, b) => a + b, 0)).toBe(ref.count);
		expect(ref.count + ref.missing).toBe(input.rows);
		expect(ref.sample.length).toBe(input.sampleRows);
		const island = byName['Island'];
		expect(island.kind).toBe('category');
		expect([...island.levels!].sort()).toEqual(['Biscoe', 'Dream', 'Torgersen']);
		// Every column feeds the model (Island and Sex through one-hot), so each is required.
		expect(input.columns.filter((c) => !c.required)).toEqual([]);
	});

	it('a column the model does not use is optional: scoring works without it', async () => {
		let doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'sample', name: 'iris' },
			target: 'species',
			task: 'classification',
			model: 'logistic',
			seed: 42
		});
		const node = doc.nodes.find((n) => n.type === 'model.logistic')!.id;
		const edit = setParam(doc, registry, node, 'features', ['petal_length', 'petal_width']);
		if (!edit.ok) throw new Error(edit.error);
		doc = edit.doc;
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const input = (res.outputs.get(node)!.model as ModelValue).input!;
		expect(Object.fromEntries(input.columns.map((c) => [c.name, c.required]))).toEqual({
			sepal_length: false,
			sepal_width: false,
			petal_length: true,
			petal_width: true
		});
	});

	it('round-trips a model: same body, same predictions, bit for bit', async () => {
		const { doc, node, model, metrics } = await trained('penguins', 'Species', 'classification', 'gbdt');
		const file = buildModelFile({ name: 'penguins', model, metrics, pipeline: { doc, node }, now: new Date('2026-12-07T00:00:00Z') });
		const bytes = await writeModelFile(file);
		const read = await readModelFile(bytes);
		expect(read.file.version).toBe(MODEL_FILE_VERSION);
		expect(read.file.tessera).toBe(TESSERA_VERSION);
		expect(read.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(read.file.model.recipe).toEqual(model.recipe);
		expect(read.file.model.estimator).toEqual(model.estimator);
		expect(read.file.input).toEqual(model.input);
		expect(read.file.metrics.test).toEqual(metrics.test);
		expect(read.file.pipeline!.node).toBe(node);
		const rows = sampleText('penguins');
		const before = await score(model, rows);
		const after = await score(modelOf(read.file), rows);
		expect(after.map((c) => c.name)).toEqual(before.map((c) => c.name));
		for (let i = 0; i < before.length; i++) expect(after[i]).toEqual(before[i]);
	});

	it('stores big numeric arrays as binary, not JSON digits', async () => {
		const { model, metrics } = await trained('diabetes', 'progression', 'regression', 'forest');
		const bytes = await writeModelFile(buildModelFile({ name: 'd', model, metrics }));
		const entries = unzipSync(bytes);
		const json = new TextDecoder().decode(entries['model.json']);
		expect(json).toContain('"$list"');
		// The JSON holds structure and names; the node arrays are in arrays.bin.
		expect(entries['arrays.bin'].length).toBeGreaterThan(json.length);
	});

	it('refuses hostile and damaged files with a message that says what is wrong', async () => {
		const { model, metrics } = await trained('iris', 'species', 'classification', 'logistic');
		const good = await writeModelFile(buildModelFile({ name: 'iris', model, metrics }));
		const entries = unzipSync(good);
		await expect(readModelFile(good.subarray(0, good.length - 40))).rejects.toThrow(/truncated or damaged|not a complete/);
		await expect(readModelFile(strToU8('{"format":"tessera-pipeline"}'))).rejects.toThrow(/JSON file \(a pipeline\?\)/);
		await expect(readModelFile(strToU8('hello'))).rejects.toThrow(/not a zip archive/);
		const newer = zipSync({
			...entries,
			'manifest.json': strToU8(JSON.stringify({ format: 'tessera-model', version: 99, contentHash: 'x' }))
		});
		await expect(readModelFile(newer)).rejects.toThrow(/format version 99, newer than this Tessera reads/);
		const edited = zipSync({
			...entries,
			'model.json': strToU8(new TextDecoder().decode(entries['model.json']).replace('"iris"', '"evil"'))
		});
		await expect(readModelFile(edited)).rejects.toThrow(/content hash does not match/);
		// A consistent file (hash recomputed) with hostile content: __proto__ keys are dropped, huge arrays refused.
		const rewrite = async (json: string) => {
			const body = strToU8(json);
			const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([...body, ...entries['arrays.bin']])));
			const hash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
			return zipSync({
				...entries,
				'model.json': body,
				'manifest.json': strToU8(JSON.stringify({ format: 'tessera-model', version: 1, contentHash: hash }))
			});
		};
		const text = new TextDecoder().decode(entries['model.json']);
		const polluted = await readModelFile(await rewrite(text.replace('{"format"', '{"__proto__":{"polluted":true},"format"')));
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(polluted.file)).not.toHaveProperty('polluted');
		await expect(
			readModelFile(await rewrite(text.replace(/"\$list":\["(\w+)",(\d+),\d+\]/, '"$list":["$1",$2,999999999999]')))
		).rejects.toThrow(/at most|runs past the end/);
		await expect(readModelFile(await rewrite(text.replace('"kind":"model"', '"kind":"nope"')))).rejects.toThrow(/is not a trained model/);
	});

	it('refuses a tree whose nodes loop back (predicting with it would never end)', async () => {
		const { model, metrics } = await trained('penguins', 'Species', 'classification', 'gbdt');
		const estimator = structuredClone(model.estimator) as { trees: { left: number[]; feature: number[] }[] };
		const tree = estimator.trees[0];
		const internal = tree.feature.findIndex((f, i) => f >= 0 && i > 0);
		tree.left[internal] = 0;
		const bytes = await writeModelFile(buildModelFile({ name: 'loop', model: { ...model, estimator }, metrics }));
		await expect(readModelFile(bytes)).rejects.toThrow(
			`model.estimator: tree 1 node ${internal} points to a child out of order or out of range`
		);
	});

	it('knows its own version (package.json and core/version.ts agree)', () => {
		expect(TESSERA_VERSION).toBe(packageJson.version);
	});
});
