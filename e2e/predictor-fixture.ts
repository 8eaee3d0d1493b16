// Builds what e2e/predictor.spec.ts opens: a model trained in Node through the real engine on
// the penguins sample (with hostile text in a column name, a category level and the model's
// name), its .tessera-model file, a CSV of rows to score and the predictions Node's own
// applyRecipe + predictionColumns give for them. Run with tsx: the spec then publishes the
// page with the CLI (`tessera predictor`) and compares what Chromium shows with these numbers.
//
//   npx tsx e2e/predictor-fixture.ts <out-dir> [model-family]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDocument } from '../src/lib/core/doc/create';
import { OutputCache } from '../src/lib/core/engine/cache';
import { applyRecipe } from '../src/lib/core/engine/recipe';
import { runPipeline, type EngineHost } from '../src/lib/core/engine/run';
import type { Column, Frame } from '../src/lib/core/frame/types';
import { takeRows } from '../src/lib/core/frame/verbs';
import { buildModelFile } from '../src/lib/core/model-file/build';
import { writeModelFile } from '../src/lib/core/model-file/format';
import { builtinNodes } from '../src/lib/core/nodes/catalog';
import { datasetOf } from '../src/lib/core/nodes/dataset';
import type { MetricsValue, ModelValue } from '../src/lib/core/nodes/ports';
import { predictionColumns } from '../src/lib/core/nodes/predictors';
import { createRegistry } from '../src/lib/core/nodes/registry';
import { quickModel } from '../src/lib/core/nodes/templates/quick-model';
import { readCsv } from '../src/lib/core/readers/csv';
import { csvText, type CsvCell } from '../src/lib/core/util/csv-text';
import { HOSTILE_COLUMN, HOSTILE_LEVEL, HOSTILE_NAME, type PredictorFixture } from './predictor-kit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The penguins sample with the hostile column name and level. */
function hostilePenguins(): Frame {
	const frame = readCsv(readFileSync(join(ROOT, 'static', 'samples', 'penguins.csv'), 'utf8'));
	const columns = frame.columns.map((c): Column => {
		if (c.name !== 'Island' || c.kind !== 'category') return c;
		return { ...c, name: HOSTILE_COLUMN, dictionary: c.dictionary.map((l) => (l === 'Dream' ? HOSTILE_LEVEL : l)) };
	});
	return { columns, rowCount: frame.rowCount };
}

function cell(col: Column, row: number): CsvCell {
	if (col.kind === 'number') return Number.isNaN(col.values[row]) ? null : col.values[row];
	if (col.kind === 'category') return col.codes[row] < 0 ? null : col.dictionary[col.codes[row]];
	throw new Error(`unexpected ${col.kind} column in penguins`);
}

async function main(outDir: string, family: string): Promise<void> {
	mkdirSync(outDir, { recursive: true });
	const registry = createRegistry(builtinNodes);
	const data = hostilePenguins();
	const host: EngineHost = {
		loadSource: async () => ({ frame: data, hash: 'hostile-penguins', name: 'penguins.csv' }),
		sourceHash: async () => 'hostile-penguins'
	};
	const doc = quickModel(createDocument('predictor e2e', new Date('2026-12-07T00:00:00Z')), registry, {
		source: { kind: 'stored', name: 'penguins.csv', hash: 'hostile-penguins' },
		target: 'Species',
		task: 'classification',
		model: family,
		seed: 42
	});
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
	if (res.errors.size) throw new Error(`training failed: ${[...res.errors.values()].join('; ')}`);
	const node = doc.nodes.find((n) => n.type === `model.${family}`)!.id;
	const model = res.outputs.get(node)!.model as ModelValue;
	const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
	const bytes = await writeModelFile(buildModelFile({ name: HOSTILE_NAME, model, metrics, pipeline: { doc, node } }));
	const modelFile = join(outDir, 'penguins.tessera-model');
	writeFileSync(modelFile, bytes);

	// 20 complete rows spread over the file (all three species, every island), target included:
	// the page must ignore columns the model does not read.
	const complete: number[] = [];
	for (let r = 0; r < data.rowCount; r++) if (data.columns.every((c) => cell(c, r) !== null)) complete.push(r);
	const picked = Uint32Array.from({ length: 20 }, (_, i) => complete[Math.floor((i * complete.length) / 20)]);
	const batch = takeRows(data, picked);
	const names = batch.columns.map((c) => c.name);
	const rows = Array.from({ length: batch.rowCount }, (_, r) => batch.columns.map((c) => cell(c, r)));
	const text = csvText(names, rows);
	const batchCsv = join(outDir, 'penguins-20.csv');
	writeFileSync(batchCsv, text);

	// Node's answer, as Predict computes it: the CSV read as the studio reads it, the recipe, the predictor.
	const prepared = applyRecipe(registry, datasetOf(readCsv(text), 'batch'), model.recipe).frame;
	const [prediction, ...proba] = await predictionColumns(model, prepared);
	if (prediction.kind !== 'category') throw new Error('a classifier predicts categories');
	const fixture: PredictorFixture = {
		modelFile,
		batchCsv,
		name: HOSTILE_NAME,
		classes: model.classes!,
		rows: rows.map((cells, r) => ({
			cells: Object.fromEntries(names.map((n, j) => [n, cells[j] === null ? null : String(cells[j])])),
			label: prediction.dictionary[prediction.codes[r]],
			proba: Object.fromEntries(proba.map((c) => [c.name.slice(2, -1), c.kind === 'number' ? c.values[r] : NaN]))
		}))
	};
	writeFileSync(join(outDir, 'expected.json'), JSON.stringify(fixture, null, 2));
}

const [outDir, family = 'logistic'] = process.argv.slice(2);
if (!outDir) {
	console.error('usage: tsx e2e/predictor-fixture.ts <out-dir> [model-family]');
	process.exit(2);
}
main(outDir, family).catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
