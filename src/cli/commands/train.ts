import { writeFile } from 'node:fs/promises';
import { createDocument } from '../../lib/core/doc/create';
import { serialiseDocument } from '../../lib/core/doc/serialise';
import { setSeed } from '../../lib/core/doc/commands';
import { getColumn } from '../../lib/core/frame/frame';
import type { EngineHost } from '../../lib/core/engine/run';
import type { Registry } from '../../lib/core/nodes/registry';
import { modelFamily } from '../../lib/core/nodes/families';
import { quickRecipe } from '../../lib/core/nodes/templates/quick-recipe';
import { MODEL_FAMILY_NAMES, quickModel, type ModelFamily } from '../../lib/core/nodes/templates/quick-model';
import { intFlag, parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { datasetName, loadCsvFile, readerChoices } from '../files';
import { chooseTask, describeTask, taskFlag } from '../task-option';
import { describeEvaluations, parseBackend, runDocument } from './run';
import type { CommandOutput } from './types';
import { modelFileFromRun } from '../../lib/core/model-file/from-run';
import { checkModelPath, describeSaved, modelFileName, saveModelFile } from '../model-files';

export async function trainCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('train'));
	const [file, ...extra] = args.positional;
	const target = stringFlag(args, 'target');
	if (!file || extra.length || !target)
		throw new UsageError(
			`usage: tessera train <file.csv> --target <column> [--task classification|regression] [--model ${MODEL_FAMILY_NAMES.join('|')}] [--seed N] [--json] [--export pipeline.json] [--save-model m.tessera-model]`
		);
	const model = (stringFlag(args, 'model') ?? 'auto') as ModelFamily;
	if (!MODEL_FAMILY_NAMES.includes(model)) throw new UsageError(`--model must be one of ${MODEL_FAMILY_NAMES.join(', ')}, got "${model}"`);
	const seed = intFlag(args, 'seed');
	const givenTask = taskFlag(args);
	const savePath = args.lists.get('save-model')?.map(checkModelPath).at(-1);
	const backend = parseBackend(stringFlag(args, 'backend'));

	const name = datasetName(file);
	const choices = readerChoices({
		encoding: stringFlag(args, 'encoding'),
		delimiter: stringFlag(args, 'delimiter'),
		decimal: stringFlag(args, 'decimal')
	});
	const loaded = await loadCsvFile(file, name, choices);
	let column;
	try {
		column = getColumn(loaded.frame, target);
	} catch {
		throw new UsageError(
			`--target "${target}" is not a column of ${file} (columns: ${loaded.frame.columns.map((c) => c.name).join(', ')})`
		);
	}
	const choice = chooseTask(column, givenTask);
	const task = choice.task;
	const tasks = model === 'auto' ? null : (modelFamily(model)?.tasks ?? []);
	if (tasks && !tasks.includes(task))
		throw new UsageError(`--model ${model} is for ${tasks.join(' or ')}; the task is ${task} (${choice.reason})`);
	let recipe;
	try {
		recipe = quickRecipe(loaded.frame, target, choice.inferred ? undefined : task);
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	if (model !== 'auto' && !recipe.families.includes(model))
		throw new UsageError(`--model ${model} does not fit this data (${recipe.shape}); choose one of ${recipe.families.join(', ')}`);

	let doc = createDocument(`${name} — ${target}`);
	if (seed !== undefined) {
		const r = setSeed(doc, seed);
		if (r.ok) doc = r.doc;
	}
	doc = quickModel(doc, registry, { source: { kind: 'stored', name, hash: loaded.hash }, target, task, model, seed, recipe });
	const host: EngineHost = { loadSource: async () => loaded, sourceHash: async () => loaded.hash };
	const { evaluations, errors, outputs, failureCode } = await runDocument(doc, registry, host, backend);
	const exportPath = stringFlag(args, 'export');
	if (exportPath) await writeFile(exportPath, serialiseDocument(doc));
	const main = evaluations[0];
	const failed = Object.keys(errors).length > 0 || !main;
	const modelNode = doc.nodes.find((n) => registry.get(n.type)?.outputs.model);
	const saved =
		savePath && !failed && modelNode
			? await saveModelFile(
					savePath,
					await modelFileFromRun(doc, outputs, modelNode.id, modelFileName(doc, savePath), [
						{ name, hash: loaded.hash, rows: loaded.frame.rowCount }
					])
				)
			: null;
	return {
		json: {
			command: 'train',
			dataset: { name, rows: loaded.frame.rowCount, columns: loaded.frame.columns.length, hash: loaded.hash },
			target,
			task: choice,
			recipe: { shape: recipe.shape, families: recipe.families, columns: recipe.columns },
			model: main?.model ?? null,
			backend: main?.backend ?? null,
			seed: seed ?? null,
			validation: main?.validation ?? null,
			test: main?.test ?? null,
			export: exportPath ?? null,
			savedModel: saved,
			errors
		},
		text: [
			`${file}: ${loaded.frame.rowCount} rows; target "${target}" (${task})`,
			describeTask(target, choice),
			...recipe.notes.map((n) => `  ${n}`),
			main ? describeEvaluations([main]) : 'no metrics',
			...Object.entries(errors).map(([node, message]) => `error in ${node}: ${message}`),
			exportPath ? `pipeline written to ${exportPath}` : '',
			saved ? describeSaved(saved) : ''
		]
			.filter(Boolean)
			.join('\n'),
		exitCode: failed ? (Object.keys(errors).length ? failureCode : 1) : 0
	};
}
