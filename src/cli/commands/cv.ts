import { addNode, connect } from '../../lib/core/doc/commands';
import { OutputCache } from '../../lib/core/engine/cache';
import { runPipeline } from '../../lib/core/engine/run';
import { cliComputePool } from '../compute-threads';
import type { Registry } from '../../lib/core/nodes/registry';
import { intFlag, oneOf, parseArgs, schemaChoices, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { modelsAfterSplit } from './model-nodes';
import { openPipeline } from './run';
import type { CommandOutput } from './types';
import { applyTask, modelTask, taskFlag } from '../task-option';

const usage = (schemes: readonly string[]) =>
	`usage: tessera cv <pipeline.json> [--folds K] [--scheme ${schemes.join('|')}] [--group <column>] [--task classification|regression] [--seed N] [--data <dataset-name>=<file>] [--json]`;

/** A figure as the report's table shows it: null where it has no value (e.g. ROC-AUC with one class). */
const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** Cross-validates every model node of a pipeline file: its whole recipe refitted in each fold. */
export async function cvCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('cv'));
	const [file, ...extra] = args.positional;
	const schemes = schemaChoices(registry, 'evaluate.cross-validate', 'scheme');
	if (!file || extra.length) throw new UsageError(usage(schemes));
	const scheme = oneOf('scheme', stringFlag(args, 'scheme') ?? 'stratified', schemes);
	const folds = intFlag(args, 'folds') ?? 5;
	if (folds < 2 || folds > 50) throw new UsageError(`--folds must be from 2 to 50, got ${folds}`);
	// Without --seed the fold shuffle follows the pipeline's document seed.
	const params: Record<string, string | number | null> = { scheme, folds, seed: intFlag(args, 'seed') ?? null };
	const group = stringFlag(args, 'group');
	if (group) params.group = group;

	const given = taskFlag(args);
	const { doc: read, host, backend, warnings } = await openPipeline(file, args, registry);
	const models = modelsAfterSplit(read, registry);
	const opened = applyTask(
		read,
		registry,
		models.map((m) => m.model),
		given
	);
	let doc = opened;
	const added: { cv: string; model: string; split: string }[] = [];
	for (const { model, split } of models) {
		const a = addNode(doc, registry, 'evaluate.cross-validate', { x: 0, y: 0 }, params);
		doc = a.doc;
		for (const [from, fromPort, toPort] of [
			[model, 'model', 'model'],
			[split, 'data', 'data']
		] as const) {
			const c = connect(doc, registry, { node: from, port: fromPort }, { node: a.id, port: toPort });
			if (!c.ok) throw new UsageError(`cannot cross-validate ${model}: ${c.reason}`);
			doc = c.doc;
		}
		added.push({ cv: a.id, model, split });
	}
	if (!added.length) throw new UsageError(`${file} has no model node after a Split node to cross-validate`);

	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host: { ...host, compute: cliComputePool() }, backend });
	const errors = Object.fromEntries(res.errors);
	const results = added.flatMap(({ cv, model, split }) => {
		const out = res.outputs.get(cv)?.report;
		const report = out?.kind === 'report' && out.report.type === 'table' ? out.report : null;
		const figures = report?.folds;
		if (!report || !figures) return [];
		const byMetric = (values: readonly number[]) => Object.fromEntries(figures.metrics.map((m, j) => [m, finiteOrNull(values[j])]));
		const perFold = figures.values.map((values, f) => ({
			training: figures.training?.[f] ?? null,
			heldOut: figures.heldOut?.[f] ?? null,
			...byMetric(values)
		}));
		const task = modelTask(doc, registry, model, split, res.outputs, given);
		return [{ node: model, task, scheme, folds, summary: report.title, mean: byMetric(figures.mean), std: byMetric(figures.std), perFold }];
	});
	return {
		json: { command: 'cv', pipeline: doc.meta.name, warnings, results, errors },
		text: [
			...warnings.map((w) => `warning: ${w}`),
			...results.map((r) => `${r.node}: ${r.summary}${r.task ? `\n  task: ${r.task.task} (${r.task.reason})` : ''}`),
			...Object.entries(errors).map(([n, m]) => `error in ${n}: ${m}`)
		].join('\n'),
		exitCode: Object.keys(errors).length ? 1 : 0
	};
}
