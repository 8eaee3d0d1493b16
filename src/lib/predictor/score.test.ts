import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../core/engine/recipe';
import { readCsv } from '../core/readers/csv';
import { buildModelFile } from '../core/model-file/build';
import { readModelFile, writeModelFile, type ModelFile } from '../core/model-file/format';
import { builtinNodes } from '../core/nodes/catalog';
import { datasetOf } from '../core/nodes/dataset';
import type { MetricsValue, ModelValue } from '../core/nodes/ports';
import { predictionColumns } from '../core/nodes/predictors';
import { quickModel } from '../core/nodes/templates/quick-model';
import { emptyDoc, registry, run, sampleText } from '../core/nodes/test-kit';
import { PredictorError, publishPredictor } from './index';
import { recipeNodes, recipeRegistry } from './recipe-nodes';
import { bundlePredictorRuntime } from './runtime-bundle';
import { cellText, conformRows, predictorIssue, scoreRows } from './score';
import type { Frame } from '../core/frame/types';

async function trainedFile(
	sample: string,
	target: string,
	model: string
): Promise<{ file: ModelFile; model: ModelValue; bytes: Uint8Array }> {
	const doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: sample },
		target,
		task: 'classification',
		model,
		seed: 42
	});
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const node = doc.nodes.find((n) => n.type === `model.${model}`)!.id;
	const value = res.outputs.get(node)!.model as ModelValue;
	const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
	const bytes = await writeModelFile(buildModelFile({ name: sample, model: value, metrics, pipeline: { doc, node } }));
	return { file: (await readModelFile(bytes)).file, model: value, bytes };
}

describe('predictor scoring', () => {
	it('replays every node type a recipe can hold (the catalog’s steps and replayable transforms)', () => {
		const replayable = builtinNodes.filter((d) => d.step || d.replayable).map((d) => d.type);
		expect(recipeNodes.map((d) => d.type).sort()).toEqual(replayable.sort());
		// The very same definitions as the studio's, not copies.
		for (const d of recipeNodes) expect(registry.get(d.type)).toBe(d);
	});

	it('scores raw rows exactly as applyRecipe + predictionColumns do (gradient boosting, missing values included)', async () => {
		const { file, model } = await trainedFile('penguins', 'Species', 'gbdt');
		const raw = readCsv(sampleText('penguins'));
		const expected = await predictionColumns(model, applyRecipe(registry, datasetOf(raw, 'x'), model.recipe).frame);
		const scored = await scoreRows(recipeRegistry(), file, raw);
		// One row has a sex of "." that no training row has: scored as the fitted encoder scores
		// it (as Predict and `tessera predict` do), and counted. Every row equals Predict's numbers.
		expect(scored.errors.filter((e) => e !== null)).toEqual([]);
		expect(Object.fromEntries(scored.unseen)).toEqual({ Sex: 1 });
		const [prediction, ...proba] = expected;
		if (prediction.kind !== 'category') throw new Error('labels expected');
		scored.predictions.forEach((p, i) => {
			expect(p).toBe(prediction.dictionary[prediction.codes[i]]);
			proba.forEach((col, c) => expect(scored.probabilities![i]![c]).toBe(col.kind === 'number' ? col.values[i] : NaN));
		});
	});

	it('reads dates as dates, and scores without an optional column (a forest on the Seattle weather)', async () => {
		const { file, model } = await trainedFile('seattle-weather', 'weather', 'forest');
		const date = file.input.columns.find((c) => c.name === 'date')!;
		expect(date).toMatchObject({ kind: 'date', required: false });
		const raw = readCsv(sampleText('seattle-weather'));
		const [expected] = await predictionColumns(model, applyRecipe(registry, datasetOf(raw, 'x'), model.recipe).frame);
		if (expected.kind !== 'category') throw new Error('labels expected');
		const labels = Array.from(expected.codes, (c) => expected.dictionary[c]);
		// The form's path: every cell as text, conformed to the schema (the date parsed as the CSV reader does).
		const asText: Frame = {
			rowCount: raw.rowCount,
			columns: raw.columns.map((c) => ({
				kind: 'text',
				name: c.name,
				values: Array.from({ length: raw.rowCount }, (_, i) => cellText(c, i))
			}))
		};
		for (const frame of [raw, asText]) expect((await scoreRows(recipeRegistry(), file, frame)).predictions).toEqual(labels);
		const withoutDate: Frame = { rowCount: raw.rowCount, columns: raw.columns.filter((c) => c.name !== 'date') };
		expect((await scoreRows(recipeRegistry(), file, withoutDate)).errors.every((e) => e === null)).toBe(true);
	});

	it('gives rows that do not fit an error naming the column and the problem, scores the rest, and counts unseen categories', async () => {
		const { file } = await trainedFile('penguins', 'Species', 'logistic');
		const csv = [
			'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex',
			'Atlantis,39.1,18.7,181,3750,MALE',
			'Torgersen,long,18.7,181,3750,MALE',
			'Torgersen,39.1,18.7,181,3750,MALE'
		].join('\n');
		const scored = await scoreRows(recipeRegistry(), file, readCsv(csv));
		expect(scored.errors).toEqual([null, 'Beak Length (mm): "long" is not a number', null]);
		expect(Object.fromEntries(scored.unseen)).toEqual({ Island: 1 });
		expect(scored.predictions[1]).toBeNull();
		expect(typeof scored.predictions[0]).toBe('string');
		expect(typeof scored.predictions[2]).toBe('string');
		const noSex = conformRows(file.input, readCsv('Island,Beak Length (mm)\nDream,40'));
		expect(noSex.errors[0]).toMatch(/^missing columns: .*Sex/);
	});

	it('refuses the families that need TensorFlow.js, with the reason', () => {
		expect(predictorIssue({ family: 'cnn', estimator: {} })).toMatch(/TensorFlow\.js/);
		expect(predictorIssue({ family: 'text-nn', estimator: {} })).toMatch(/TensorFlow\.js/);
		expect(predictorIssue({ family: 'mlp', estimator: { activation: 'sigmoid' } })).toMatch(/sigmoid/);
		expect(predictorIssue({ family: 'mlp', estimator: { activation: 'relu' } })).toBeNull();
		expect(predictorIssue({ family: 'gbdt', estimator: {} })).toBeNull();
	});
});

describe('the runtime bundle', () => {
	it('is one small script without TensorFlow.js', async () => {
		const { code, inputs } = await bundlePredictorRuntime();
		expect(inputs.some((p) => p.includes('@tensorflow'))).toBe(false);
		expect(inputs.some((p) => p.endsWith('src/lib/predictor/page.ts'))).toBe(true);
		expect(code).not.toMatch(/\bimport\s*\(|\bfetch\(|new Worker\(/);
		// ~175 KB today; a sudden jump means something heavy got pulled in.
		expect(code.length).toBeLessThan(300_000);
	});

	it('is what the studio’s publishPredictor embeds (through the Vite plugin), and unsupported models are refused', async () => {
		const { bytes, file } = await trainedFile('iris', 'species', 'logistic');
		const html = await publishPredictor(bytes);
		expect(html).toContain('<title>iris · Tessera predictor</title>');
		expect(html.length).toBeGreaterThan(100_000);
		const cnn = await writeModelFile({ ...file, model: { ...file.model, family: 'cnn' } });
		await expect(publishPredictor(cnn)).rejects.toThrow(PredictorError);
	});
});
