import { addNode, connect, setSeed } from '../../lib/core/doc/commands';
import { createDocument } from '../../lib/core/doc/create';
import type { PipelineDocument } from '../../lib/core/doc/types';
import { OutputCache } from '../../lib/core/engine/cache';
import { runPipeline, type EngineHost } from '../../lib/core/engine/run';
import { createTrialPool } from '../../lib/core/engine/trial-pool';
import type { BackendChoice } from '../../lib/core/nodes/define';
import { COMPARED_FAMILIES, leaderboardMetric } from '../../lib/core/nodes/catalog/evaluate/compare-models';
import { datasetOf } from '../../lib/core/nodes/dataset';
import { supervisedTask } from '../../lib/core/nodes/modeling';
import { significanceHint, type LeaderboardReport } from '../../lib/core/nodes/catalog/evaluate/leaderboard';
import type { Registry } from '../../lib/core/nodes/registry';
import { intFlag, oneOf, parseArgs, schemaChoices, stringFlag, UsageError, type ParsedArgs } from '../args';
import { datasetName, loadCsvFile, readerChoices } from '../files';
import { table } from '../format';
import { nodeTrialThreads } from '../trial-threads';
import { openPipeline, parseBackend, PIPELINE_OPTIONS } from './run';
import type { CommandOutput } from './types';

const COMPARE = 'evaluate.compare-models';

const usage = (registry: Registry) =>
	`usage: tessera compare <data.csv> --target <column> [--task ${schemaChoices(registry, COMPARE, 'task').join('|')}] [--families ${COMPARED_FAMILIES.join(',')}] [--folds K] [--metric ${schemaChoices(registry, COMPARE, 'metric').join('|')}] [--prepare standard|none] [--seed N] [--workers N] [--json]
       tessera compare <pipeline.json> [--workers N] [--data <dataset-name>=<file>] [--json]     runs the file's Compare models nodes`;

const f4 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(4));
const ms = (x: number) =>
	Number.isFinite(x) ? (x < 1000 ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`) : '—';

/** The leaderboard as the terminal shows it: the studio's table, row for row. */
export function leaderboardText(report: LeaderboardReport): string {
	const others = report.figures.filter((f) => f !== report.metric);
	const best = report.rows[0]?.status === 'done' ? report.rows[0] : undefined;
	const rows = report.rows.map((r, i) =>
		r.status === 'done'
			? [
					String(i + 1),
					r.family,
					`${f4(r.mean[report.metric])} ± ${f4(r.std[report.metric])}`,
					...others.map((m) => f4(r.mean[m])),
					ms(r.fitMs),
					ms(r.predictMs),
					r === best ? 'best' : significanceHint(r, best)
				]
			: ['', r.family, `${r.status}${r.error ? `: ${r.error}` : ''}`, ...others.map(() => ''), '', '', '']
	);
	const how =
		report.folds >= 2
			? `${report.folds} stratified folds of the non-test rows, the same for every family (${report.heldOut.join(' / ')} held out)`
			: `the validation rows (${report.heldOut[0]})`;
	return [
		report.title,
		`${report.task} of "${report.target}" on ${how}${report.prepare.length ? `; refitted per fold: ${report.prepare.join(' → ')}` : ''}`,
		table(['#', 'family', `${report.metric} mean ± std`, ...others, 'fit/fold', 'predict/fold', 'vs best (corrected paired t-test)'], rows),
		...(report.skipped.length ? [`not compared: ${report.skipped.join('; ')}`] : []),
		...(report.stopped ? [`stopped: kept ${report.stopped.kept}`] : [])
	].join('\n');
}

/** The leaderboard in the --json document (stable keys). */
function leaderboardJson(node: string, r: LeaderboardReport) {
	return {
		node,
		summary: r.title,
		task: r.task,
		target: r.target,
		metric: r.metric,
		direction: r.direction,
		folds: r.folds,
		heldOut: r.heldOut,
		prepare: r.prepare,
		rows: r.rows.map((row) => ({
			family: row.family,
			node: row.node,
			status: row.status,
			...(row.error ? { error: row.error } : {}),
			mean: row.mean,
			std: row.std,
			scores: row.scores,
			fitMs: Number.isFinite(row.fitMs) ? row.fitMs : null,
			predictMs: Number.isFinite(row.predictMs) ? row.predictMs : null,
			versusBest: row.versusBest && { t: Number.isFinite(row.versusBest.t) ? row.versusBest.t : null, p: row.versusBest.p },
			params: row.params
		})),
		skipped: r.skipped
	};
}

/** Compare models' params from the flags (a CSV): families checked, folds, metric, task, preparation. */
function compareParams(args: ParsedArgs, registry: Registry): Record<string, string | number | boolean | null> {
	const families = stringFlag(args, 'families')
		?.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (families) {
		const unknown = families.filter((f) => !COMPARED_FAMILIES.includes(f));
		if (unknown.length)
			throw new UsageError(`--families: no family ${unknown.map((f) => `"${f}"`).join(', ')} (families: ${COMPARED_FAMILIES.join(', ')})`);
		if (!families.length) throw new UsageError('--families needs at least one family');
	}
	const folds = intFlag(args, 'folds') ?? 5;
	if (folds === 1 || folds > 20) throw new UsageError(`--folds must be 0 (score on the validation rows) or from 2 to 20, got ${folds}`);
	return {
		task: oneOf('task', stringFlag(args, 'task') ?? 'auto', schemaChoices(registry, COMPARE, 'task')),
		metric: oneOf('metric', stringFlag(args, 'metric') ?? 'auto', schemaChoices(registry, COMPARE, 'metric')),
		prepare: oneOf('prepare', stringFlag(args, 'prepare') ?? 'standard', schemaChoices(registry, COMPARE, 'prepare')),
		folds,
		seed: intFlag(args, 'seed') ?? null,
		...(families ? Object.fromEntries(COMPARED_FAMILIES.map((f) => [f, families.includes(f)])) : {})
	};
}

/** A CSV → Split (target) → Compare models pipeline. */
async function csvPipeline(
	file: string,
	args: ParsedArgs,
	registry: Registry
): Promise<{ doc: PipelineDocument; host: EngineHost; dataset: Record<string, unknown> }> {
	const target = stringFlag(args, 'target');
	if (!target) throw new UsageError(usage(registry));
	const params = compareParams(args, registry);
	const name = datasetName(file);
	const loaded = await loadCsvFile(
		file,
		name,
		readerChoices({
			encoding: stringFlag(args, 'encoding'),
			delimiter: stringFlag(args, 'delimiter'),
			decimal: stringFlag(args, 'decimal')
		})
	);
	if (!loaded.frame.columns.some((c) => c.name === target))
		throw new UsageError(
			`--target "${target}" is not a column of ${file} (columns: ${loaded.frame.columns.map((c) => c.name).join(', ')})`
		);
	// A target or metric that cannot work is the user's to fix (exit 2), before anything trains.
	try {
		const { task } = supervisedTask({ ...datasetOf(loaded.frame, loaded.hash), target }, params.task);
		leaderboardMetric(String(params.metric), task);
	} catch (e) {
		throw new UsageError(e instanceof Error ? e.message : String(e));
	}
	let doc = createDocument(`${name} — compare models for ${target}`);
	const seed = intFlag(args, 'seed');
	if (seed !== undefined) {
		const r = setSeed(doc, seed);
		if (!r.ok) throw new UsageError(`--seed: ${r.error}`);
		doc = r.doc;
	}
	const source = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'stored', name, hash: loaded.hash });
	const split = addNode(source.doc, registry, 'split.train-test', { x: 240, y: 0 }, { target, ...(seed !== undefined ? { seed } : {}) });
	const cmp = addNode(split.doc, registry, COMPARE, { x: 480, y: 0 }, params);
	doc = cmp.doc;
	for (const [from, to] of [
		[source.id, split.id],
		[split.id, cmp.id]
	]) {
		const c = connect(doc, registry, { node: from, port: 'data' }, { node: to, port: 'data' });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	return {
		doc,
		host: { loadSource: async () => loaded, sourceHash: async () => loaded.hash },
		dataset: { name, rows: loaded.frame.rowCount, columns: loaded.frame.columns.length, hash: loaded.hash }
	};
}

/**
 * `tessera compare`: the Compare models leaderboard for a CSV (split, then every family on
 * the same folds) or for the Compare models nodes of a pipeline file. With --workers N the
 * families train side by side in worker threads, as in the studio's trial pool.
 */
export async function compareCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, {
		...PIPELINE_OPTIONS,
		target: 'value',
		task: 'value',
		families: 'value',
		folds: 'value',
		metric: 'value',
		prepare: 'value',
		seed: 'value',
		workers: 'value'
	});
	const [file, ...extra] = args.positional;
	if (!file || extra.length) throw new UsageError(usage(registry));
	const workers = intFlag(args, 'workers') ?? 1;
	if (workers < 1 || workers > 32) throw new UsageError(`--workers must be from 1 to 32, got ${workers}`);

	let doc: PipelineDocument;
	let host: EngineHost;
	let backend: BackendChoice;
	let warnings: readonly string[] = [];
	let dataset: Record<string, unknown> | null = null;
	if (file.toLowerCase().endsWith('.json')) {
		for (const flag of ['target', 'task', 'families', 'folds', 'metric', 'prepare', 'seed'])
			if (args.flags.has(flag))
				throw new UsageError(
					`--${flag} is for a CSV; a pipeline file's Compare models nodes keep their own settings (edit them in the studio)`
				);
		({ doc, host, backend, warnings } = await openPipeline(file, args, registry));
		if (!doc.nodes.some((n) => n.type === COMPARE && !n.inert)) throw new UsageError(`${file} has no Compare models node`);
	} else {
		({ doc, host, dataset } = await csvPipeline(file, args, registry));
		backend = parseBackend(stringFlag(args, 'backend'));
	}

	const targets = doc.nodes.filter((n) => n.type === COMPARE && !n.inert).map((n) => n.id);
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
		res = await runPipeline({ doc, registry, cache: new OutputCache(), host: pooled, backend, targets });
	} finally {
		await threads?.stop();
	}
	const errors = Object.fromEntries(res.errors);
	const boards = targets.flatMap((id) => {
		const out = res.outputs.get(id)?.report;
		return out?.kind === 'report' && out.report.type === 'leaderboard' ? [{ id, report: out.report }] : [];
	});
	const failed = Object.keys(errors).length > 0 || boards.length === 0 || boards.some((b) => b.report.rows[0]?.status !== 'done');
	return {
		json: {
			command: 'compare',
			...(dataset ? { dataset } : { pipeline: doc.meta.name }),
			warnings,
			leaderboards: boards.map((b) => leaderboardJson(b.id, b.report)),
			errors
		},
		text: [
			...warnings.map((w) => `warning: ${w}`),
			...boards.map((b) => (boards.length > 1 || !dataset ? `${b.id}: ` : '') + leaderboardText(b.report)),
			...Object.entries(errors).map(([n, m]) => `error in ${n}: ${m}`)
		].join('\n\n'),
		exitCode: failed ? 1 : 0
	};
}
