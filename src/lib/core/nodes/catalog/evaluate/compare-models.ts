import { expectDataset } from '../../dataset';
import { defineNode, type NodeOutputs, type TrialRunner } from '../../define';
import { quickModelFamilies } from '../../families';
import { supervisedTask } from '../../modeling';
import { normaliseParams, p, resolveSeeds, seedOf, type ParamSchema, type ParamSpec, type ParamValues } from '../../params';
import { port, Role, type DatasetValue, type ModelValue, type RecipeStep, type Task } from '../../ports';
import { foldRoles, LOWER_IS_BETTER } from '../../validation';
import { isAbort } from '../../../util/abort';
import { TUNE_METRICS } from './tune';
import { leaderboardRow, rankRows, type FamilyOutcome, type LeaderboardReport, type LeaderboardRow } from './leaderboard';

/** The families a Compare models node lists, one checkbox each (all checked; those unsuited to the task are skipped). */
export const COMPARED_FAMILIES = quickModelFamilies().map((f) => f.name);

const familyParams: Record<string, ParamSpec> = Object.fromEntries(
	quickModelFamilies().map((f) => [
		f.name,
		p.boolean({ default: true, label: f.name, help: `Train ${f.node} with its default settings (${f.tasks.join(' and ')})` })
	])
);

/**
 * The preparation Compare models refits in every fold before each family (Prepare:
 * standard), as Quick model lays it out: missing values filled, categories one-hot encoded,
 * numbers scaled. Fitted on the fold's training rows only, so nothing leaks from the held-out rows.
 */
export const STANDARD_PREPARATION = ['clean.missing', 'features.one-hot', 'clean.scale'] as const;

/** The metric a leaderboard ranks by: 'auto' is accuracy for classification, R² for regression. */
export function leaderboardMetric(choice: string, task: Task): string {
	const metric = choice === 'auto' ? (task === 'classification' ? 'accuracy' : 'r2') : choice;
	if (!['r2', 'rmse', 'mae'].includes(metric) !== (task === 'classification'))
		throw new Error(
			`"${metric}" does not measure ${task}: pick ${task === 'classification' ? 'accuracy, f1Macro or rocAuc' : 'r2, rmse or mae'}`
		);
	return metric;
}

/** The family names a node's params check, in registry order. */
export function checkedFamilies(params: ParamValues): string[] {
	return COMPARED_FAMILIES.filter((name) => params[name] !== false);
}

/** "forest: accuracy 0.9721 ± 0.0214" */
const rowLine = (r: LeaderboardRow, metric: string) =>
	r.status === 'done'
		? `${r.family}: ${metric} ${r.mean[metric]?.toFixed(4)} ± ${r.std[metric]?.toFixed(4)}`
		: `${r.family}: ${r.status}${r.error ? ` — ${r.error}` : ''}`;

/** The leaderboard's title line. */
export function leaderboardTitle(report: Omit<LeaderboardReport, 'title'>): string {
	const best = report.rows[0];
	const how = report.folds >= 2 ? `${report.folds}-fold cross-validation` : 'the validation rows';
	const count = report.pending
		? `${report.pending.finished} of ${report.pending.total} families so far`
		: `${report.rows.filter((r) => r.status === 'done').length} families`;
	return best?.status === 'done' ? `${count} on ${how}: best ${rowLine(best, report.metric)}` : `no family finished on ${how}`;
}

/** Does the work of the node with the trials given (the engine's pool or one at a time). */
export async function compareFamilies(
	data: DatasetValue,
	opts: {
		readonly families: readonly string[];
		readonly task: Task;
		readonly metric: string;
		readonly folds: number;
		/** Node types refitted in every fold before the model, in order (STANDARD_PREPARATION, or none). */
		readonly prepare: readonly string[];
		readonly seed: number;
		readonly documentSeed: number;
		readonly trials: TrialRunner;
		readonly signal: AbortSignal;
		readonly nodeOf: (type: string) => { readonly version: number; readonly params: ParamSchema } | undefined;
		/** After each family finishes: its row, and the board of the rows finished so far (ranked, `pending` set). */
		readonly onRow?: (row: LeaderboardRow, board: LeaderboardReport) => void;
	}
): Promise<LeaderboardReport> {
	const target = data.target!;
	const { task, metric, folds } = opts;
	const direction = LOWER_IS_BETTER.has(metric) ? 'min' : 'max';
	const skipped: string[] = [];
	const chosen = quickModelFamilies().filter((f) => {
		if (!opts.families.includes(f.name)) return false;
		if (f.tasks.includes(task)) return true;
		skipped.push(`${f.name}: learns ${f.tasks.join(' and ')} only`);
		return false;
	});
	const unknown = opts.families.filter((name) => !COMPARED_FAMILIES.includes(name));
	if (unknown.length)
		throw new Error(`no model family ${unknown.map((n) => `"${n}"`).join(', ')} (families: ${COMPARED_FAMILIES.join(', ')})`);
	if (chosen.length === 0) throw new Error(`no family to compare: check at least one that learns ${task}`);

	const shape = { target, task } as Pick<ModelValue, 'target' | 'task'> as ModelValue;
	// The folds are built once, from the seed: every family trains and scores on the same rows.
	const roles =
		folds >= 2
			? foldRoles(data, shape, { scheme: 'stratified', folds, seed: opts.seed })
			: [data.roles ?? new Uint8Array(data.frame.rowCount)];
	const heldOut = roles.map((r) => r.reduce((n, x) => n + (x === Role.validation ? 1 : 0), 0));
	if (heldOut.some((n) => n === 0))
		throw new Error(
			folds >= 2
				? `too few rows for ${folds} folds`
				: 'there are no validation rows: give the Split a validation share, or compare on folds (Folds ≥ 2)'
		);

	const recipe: RecipeStep[] = opts.prepare.map((type) => {
		const step = opts.nodeOf(type);
		if (!step) throw new Error(`this app has no "${type}" node to prepare the data with`);
		return { type, version: step.version, params: normaliseParams(step.params, {}).params, state: null };
	});

	const done: LeaderboardRow[] = [];
	const board = (rows: readonly LeaderboardRow[], pending?: LeaderboardReport['pending']): LeaderboardReport => {
		const ranked = rankRows(rows, metric, direction);
		const finished = ranked.filter((r) => r.status === 'done').length;
		const body: Omit<LeaderboardReport, 'title'> = {
			type: 'leaderboard',
			task,
			target,
			metric,
			direction,
			folds: folds >= 2 ? folds : 0,
			prepare: opts.prepare,
			heldOut,
			figures: [metric, ...[...new Set(ranked.flatMap((r) => Object.keys(r.mean)))].filter((m) => m !== metric)],
			rows: ranked,
			skipped,
			...(pending ? { pending } : {}),
			...(!pending && opts.signal.aborted
				? {
						stopped: {
							reason: 'cancelled' as const,
							completed: finished,
							kept: `${finished} finished famil${finished === 1 ? 'y' : 'ies'}`
						}
					}
				: {})
		};
		return { ...body, title: leaderboardTitle(body) };
	};
	const rows = await Promise.all(
		chosen.map(async (f): Promise<LeaderboardRow> => {
			const node = opts.nodeOf(f.node);
			if (!node) throw new Error(`this app has no "${f.node}" node`);
			const own = normaliseParams(node.params, 'task' in node.params ? { task } : {});
			if (own.errors.length) throw new Error(`${f.node}: ${own.errors.join('; ')}`);
			const params = resolveSeeds(node.params, own.params, opts.documentSeed);
			const model: ModelValue = {
				kind: 'model',
				family: f.name,
				task,
				target,
				features: [],
				classes: null,
				// Refitted in every fold (engine/recipe.ts retrain): the preparation, then the family's node.
				recipe,
				estimator: null,
				backend: '',
				trainMs: 0,
				curves: {},
				trainedBy: { type: f.node, version: node.version, params }
			};
			let outcome: FamilyOutcome;
			if (opts.signal.aborted) outcome = { status: 'cancelled' };
			else {
				const session = await opts.trials.open(data, model, { metric, folds, seed: opts.seed, roles });
				try {
					const result = await session.run({}, opts.signal);
					outcome = { status: 'done', folds: result.folds ?? [] };
				} catch (e) {
					outcome =
						isAbort(e) || opts.signal.aborted
							? { status: 'cancelled' }
							: { status: 'failed', error: e instanceof Error ? e.message : String(e) };
				} finally {
					session.close();
				}
			}
			const row = leaderboardRow({ name: f.name, node: f.node, params }, outcome, metric);
			if (row.status !== 'cancelled') {
				done.push(row);
				opts.onRow?.(row, board(done, { finished: done.length, total: chosen.length }));
			}
			return row;
		})
	);
	return board(rows);
}

export default defineNode({
	type: 'evaluate.compare-models',
	version: 1,
	category: 'evaluate',
	title: 'Compare models',
	description:
		'Trains every checked model family with its default settings on the same cross-validation folds (or on the training rows, scored on the validation rows) and ranks them: mean ± std of the metric and the other figures, fit and predict time, each fold’s score, and whether a family is clearly worse than the best. Families train side by side in the trial workers. Connect the data a model would learn from (e.g. the Split output); test rows stay out. Use this model adds the chosen family’s node after it.',
	inputs: { data: port.dataset('data') },
	outputs: { report: port.report('leaderboard') },
	params: {
		task: p.choice(['auto', 'classification', 'regression'], {
			default: 'auto',
			label: 'Task',
			help: 'Auto: follows the target, as the model nodes do'
		}),
		metric: p.choice(TUNE_METRICS, {
			default: 'auto',
			label: 'Rank by',
			help: 'Auto: accuracy for classification, R² for regression. RMSE and MAE rank lowest first'
		}),
		folds: p.int({
			default: 5,
			min: 0,
			max: 20,
			label: 'Folds',
			help: 'k ≥ 2: stratified k-fold cross-validation of the non-test rows, the same folds for every family. 0: train on the training rows, score on the validation rows'
		}),
		prepare: p.choice(['standard', 'none'], {
			default: 'standard',
			label: 'Prepare',
			help: 'Standard: in every fold, fill missing values, one-hot encode categories and scale numbers (as Quick model), fitted on the fold’s training rows only. None: each family reads the data as connected'
		}),
		seed: p.seed({ help: 'How rows are shuffled into folds; model seeds follow the document seed' }),
		...familyParams
	},
	experiment: {
		kind: 'cross-validation',
		record: (outputs) => {
			const r = outputs.report?.kind === 'report' && outputs.report.report.type === 'leaderboard' ? outputs.report.report : null;
			const best = r?.rows[0];
			return r && best?.status === 'done'
				? { metrics: { [`best ${r.metric}`]: best.mean[r.metric] }, params: { 'best family': best.family } }
				: {};
		},
		rows: (outputs) => {
			const r = outputs.report?.kind === 'report' && outputs.report.report.type === 'leaderboard' ? outputs.report.report : null;
			return (r?.rows ?? []).map((row) => ({
				key: row.family,
				family: row.family,
				task: r!.task,
				status: row.status === 'failed' ? 'error' : row.status,
				...(row.error ? { error: row.error } : {}),
				params: Object.fromEntries(Object.entries(row.params).map(([k, v]) => [`model.${k}`, v])),
				metrics: Object.fromEntries(
					Object.keys(row.mean).flatMap((m) => [
						[`cv ${m} mean`, row.mean[m]],
						[`cv ${m} std`, row.std[m]]
					])
				)
			}));
		}
	},
	run: async (inputs, params, ctx): Promise<NodeOutputs> => {
		const data = expectDataset(inputs.data);
		if (!ctx.trials || !ctx.paramsOf || !ctx.versionOf) throw new Error('comparing models runs inside a pipeline run');
		const { task } = supervisedTask(data, params.task);
		const metric = leaderboardMetric(params.metric, task);
		const paramsOf = ctx.paramsOf;
		const versionOf = ctx.versionOf;
		const report = await compareFamilies(data, {
			families: checkedFamilies(params as unknown as ParamValues),
			task,
			metric,
			folds: params.folds,
			prepare: params.prepare === 'standard' ? STANDARD_PREPARATION : [],
			seed: seedOf(params.seed, ctx.seed),
			documentSeed: ctx.seed,
			trials: ctx.trials,
			signal: ctx.signal,
			nodeOf: (type) => {
				const schema = paramsOf(type);
				const version = versionOf(type);
				return schema && version !== undefined ? { version, params: schema } : undefined;
			},
			onRow: (row, partial) => {
				const { finished, total } = partial.pending!;
				ctx.progress(finished / total, `${finished}/${total} families`, {
					step: finished,
					values: row.status === 'done' ? { [metric]: row.mean[metric] } : {},
					note: rowLine(row, metric),
					partial
				});
			}
		});
		return { report: { kind: 'report', report } };
	}
});
