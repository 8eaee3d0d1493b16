import { readFile, writeFile } from 'node:fs/promises';
import { addNode, connect, setParam } from '../../lib/core/doc/commands';
import { serialiseDocument } from '../../lib/core/doc/serialise';
import { OutputCache } from '../../lib/core/engine/cache';
import { runPipeline } from '../../lib/core/engine/run';
import { TUNE_METRICS } from '../../lib/core/nodes/catalog/evaluate/tune';
import type { Registry } from '../../lib/core/nodes/registry';
import { intFlag, oneOf, parseArgs, schemaChoices, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { createTrialPool } from '../../lib/core/engine/trial-pool';
import { nodeTrialThreads } from '../trial-threads';
import { modelsAfterSplit } from './model-nodes';
import { openPipeline } from './run';
import type { CommandOutput } from './types';
import { applyTask, modelTask, taskFlag } from '../task-option';

const usage = (strategies: readonly string[]) =>
	`usage: tessera tune <pipeline.json> [--workers N] [--node <model-node-id>] [--strategy ${strategies.join('|')}] [--trials N] [--metric ${TUNE_METRICS.join('|')}] [--folds K] [--space "<name: lo .. hi [log] [int]; name: a | b>" | --space-file <file>] [--seed N] [--write <tuned-pipeline.json>] [--data <dataset-name>=<file>] [--json]`;

/**
 * Searches the hyperparameters of a pipeline file's model nodes (each after a Split): the
 * same Tune node the studio runs, trials one after another here. `--write` saves the
 * pipeline with the best params set on each model node.
 */
export async function tuneCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('tune'));
	const [file, ...extra] = args.positional;
	const strategies = schemaChoices(registry, 'evaluate.tune', 'strategy');
	if (!file || extra.length) throw new UsageError(usage(strategies));
	const strategy = oneOf('strategy', stringFlag(args, 'strategy') ?? 'tpe', strategies);
	const metric = oneOf('metric', stringFlag(args, 'metric') ?? 'auto', schemaChoices(registry, 'evaluate.tune', 'metric'));
	const budget = intFlag(args, 'trials') ?? 20;
	if (budget < 1 || budget > 500) throw new UsageError(`--trials must be from 1 to 500, got ${budget}`);
	const folds = intFlag(args, 'folds') ?? 0;
	if (folds === 1 || folds < 0 || folds > 20)
		throw new UsageError(`--folds must be 0 (score on the validation rows) or from 2 to 20, got ${folds}`);
	const spaceFile = stringFlag(args, 'space-file');
	const space = spaceFile ? await readFile(spaceFile, 'utf8') : (stringFlag(args, 'space') ?? '').replace(/;\s*/g, '\n');
	// Without --seed the search follows the pipeline's document seed.
	const params = { strategy, metric, budget, folds, space, seed: intFlag(args, 'seed') ?? null };
	const workers = intFlag(args, 'workers') ?? 1;
	if (workers < 1 || workers > 32) throw new UsageError(`--workers must be from 1 to 32, got ${workers}`);

	const given = taskFlag(args);
	const { doc: read, host, backend, warnings } = await openPipeline(file, args, registry);
	const only = stringFlag(args, 'node');
	const targets = modelsAfterSplit(read, registry).filter((t) => !only || t.model === only);
	const opened = applyTask(
		read,
		registry,
		targets.map((t) => t.model),
		given
	);
	if (!targets.length)
		throw new UsageError(
			only ? `${file} has no model node "${only}" after a Split node` : `${file} has no model node after a Split node to tune`
		);
	let doc = opened;
	const added: { tune: string; model: string; split: string }[] = [];
	for (const { model, split } of targets) {
		const a = addNode(doc, registry, 'evaluate.tune', { x: 0, y: 0 }, params);
		doc = a.doc;
		for (const [from, fromPort, toPort] of [
			[model, 'model', 'model'],
			[split, 'data', 'data']
		] as const) {
			const c = connect(doc, registry, { node: from, port: fromPort }, { node: a.id, port: toPort });
			if (!c.ok) throw new UsageError(`cannot tune ${model}: ${c.reason}`);
			doc = c.doc;
		}
		added.push({ tune: a.id, model, split });
	}

	// Several workers: trials run side by side in worker threads; the proposals (and so the
	// results) are the same as with one, since a search proposes in fixed rounds.
	const threads = workers > 1 ? nodeTrialThreads() : null;
	const pooled = threads
		? {
				...host,
				trials: createTrialPool(
					threads.spawn,
					workers,
					() => backend,
					() => doc.seeds.global
				)
			}
		: host;
	let res;
	try {
		res = await runPipeline({ doc, registry, cache: new OutputCache(), host: pooled, backend });
	} finally {
		await threads?.stop();
	}
	const errors = Object.fromEntries(res.errors);
	let tuned = opened;
	const results = added.flatMap(({ tune, model, split }) => {
		const out = res.outputs.get(tune)?.report;
		const report = out?.kind === 'report' && out.report.type === 'tune' ? out.report : null;
		if (!report) return [];
		if (report.best) {
			for (const [name, value] of Object.entries(report.best.params)) {
				const set = setParam(tuned, registry, model, name, value);
				if (set.ok) tuned = set.doc;
			}
		}
		return [
			{
				node: model,
				task: modelTask(doc, registry, model, split, res.outputs, given),
				summary: report.title,
				strategy: report.strategy,
				metric: report.metric,
				direction: report.direction,
				folds: report.folds,
				space: report.space,
				best: report.best,
				trials: report.trials.map((t) => ({
					n: t.n,
					status: t.status,
					value: t.value,
					params: t.params,
					metrics: t.metrics,
					ms: t.ms,
					...(t.error ? { error: t.error } : {})
				}))
			}
		];
	});
	const write = stringFlag(args, 'write');
	if (write && results.some((r) => r.best)) await writeFile(write, serialiseDocument(tuned));
	const lines = results.map(
		(r) =>
			`${r.node}: ${r.summary}${r.task ? `\n  task: ${r.task.task} (${r.task.reason})` : ''}${
				r.best
					? `\n  best params: ${Object.entries(r.best.params)
							.map(([k, v]) => `${k}=${String(v)}`)
							.join(', ')}`
					: ''
			}`
	);
	return {
		json: { command: 'tune', pipeline: doc.meta.name, warnings, results, errors, ...(write ? { written: write } : {}) },
		text: [
			...warnings.map((w) => `warning: ${w}`),
			...lines,
			...(write ? [`tuned pipeline written to ${write}`] : []),
			...Object.entries(errors).map(([n, m]) => `error in ${n}: ${m}`)
		].join('\n'),
		exitCode: Object.keys(errors).length ? 1 : 0
	};
}
