import { addNode, connect } from '../../lib/core/doc/commands';
import { OutputCache } from '../../lib/core/engine/cache';
import { runPipeline } from '../../lib/core/engine/run';
import type { ReportValue } from '../../lib/core/nodes/ports';
import type { Registry } from '../../lib/core/nodes/registry';
import type { TableReport } from '../../lib/core/nodes/reports';
import { intFlag, parseArgs, stringFlag, UsageError } from '../args';
import { modelsAfterSplit } from './model-nodes';
import { openPipeline, PIPELINE_OPTIONS } from './run';
import type { CommandOutput } from './types';

const SCHEMES = ['stratified', 'k-fold', 'grouped', 'time-series'];
const USAGE =
	'usage: tessera cv <pipeline.json> [--folds K] [--scheme stratified|k-fold|grouped|time-series] [--group <column>] [--seed N] [--data <dataset-name>=<file>] [--json]';

/** Cross-validates every model node of a pipeline file: its whole recipe refitted in each fold. */
export async function cvCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, { ...PIPELINE_OPTIONS, folds: 'value', scheme: 'value', group: 'value', seed: 'value' });
	const [file, ...extra] = args.positional;
	if (!file || extra.length) throw new UsageError(USAGE);
	const scheme = stringFlag(args, 'scheme') ?? 'stratified';
	if (!SCHEMES.includes(scheme)) throw new UsageError(`--scheme must be one of ${SCHEMES.join(', ')}, got "${scheme}"`);
	const folds = intFlag(args, 'folds') ?? 5;
	if (folds < 2 || folds > 50) throw new UsageError(`--folds must be from 2 to 50, got ${folds}`);
	// Without --seed the fold shuffle follows the pipeline's document seed.
	const params: Record<string, string | number | null> = { scheme, folds, seed: intFlag(args, 'seed') ?? null };
	const group = stringFlag(args, 'group');
	if (group) params.group = group;

	const { doc: opened, host, backend, warnings } = await openPipeline(file, args, registry);
	let doc = opened;
	const added: { cv: string; model: string }[] = [];
	for (const { model, split } of modelsAfterSplit(opened, registry)) {
		const a = addNode(doc, registry, 'evaluate.cross-validate', { x: 0, y: 0 }, params);
		doc = a.doc;
		for (const [from, fromPort, toPort] of [[model, 'model', 'model'], [split, 'data', 'data']] as const) {
			const c = connect(doc, registry, { node: from, port: fromPort }, { node: a.id, port: toPort });
			if (!c.ok) throw new UsageError(`cannot cross-validate ${model}: ${c.reason}`);
			doc = c.doc;
		}
		added.push({ cv: a.id, model });
	}
	if (!added.length) throw new UsageError(`${file} has no model node after a Split node to cross-validate`);

	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend });
	const errors = Object.fromEntries(res.errors);
	const results = added.flatMap(({ cv, model }) => {
		const report = (res.outputs.get(cv)?.report as ReportValue | undefined)?.report as TableReport | undefined;
		if (!report) return [];
		const metrics = report.columns.slice(3);
		const row = (label: string) => Object.fromEntries(metrics.map((m, j) => [m, report.rows.find((r) => r[0] === label)?.[3 + j] ?? null]));
		const perFold = report.rows.filter((r) => String(r[0]).startsWith('fold ')).map((r) => ({ training: r[1], heldOut: r[2], ...Object.fromEntries(metrics.map((m, j) => [m, r[3 + j]])) }));
		return [{ node: model, scheme, folds, summary: report.title, mean: row('mean'), std: row('std'), perFold }];
	});
	return {
		json: { command: 'cv', pipeline: doc.meta.name, warnings, results, errors },
		text: [...warnings.map((w) => `warning: ${w}`), ...results.map((r) => `${r.node}: ${r.summary}`), ...Object.entries(errors).map(([n, m]) => `error in ${n}: ${m}`)].join('\n'),
		exitCode: Object.keys(errors).length ? 1 : 0
	};
}
