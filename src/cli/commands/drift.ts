import { applyRecipe } from '../../lib/core/engine/recipe';
import { modelOf } from '../../lib/core/model-file/build';
import { datasetDrift, DriftColumnError, driftColumns, sampleDrift, type ReferenceSource } from '../../lib/core/monitor/columns';
import {
	DEFAULT_DRIFT_OPTIONS,
	type ColumnDrift,
	type DriftOptions,
	type DriftResult,
	type DriftTestChoice,
	isSkipped
} from '../../lib/core/monitor/drift';
import { modelDrift, type ModelDrift } from '../../lib/core/monitor/model-drift';
import { datasetOf } from '../../lib/core/nodes/dataset';
import type { Metrics, ModelValue } from '../../lib/core/nodes/ports';
import type { Registry } from '../../lib/core/nodes/registry';
import { oneOf, parseArgs, schemaChoices, stringFlag, UsageError, type ParsedArgs } from '../args';
import { optionsOf } from '../command-specs';
import { loadCsvFile } from '../files';
import { table } from '../format';
import { openModelFile } from './model';

const USAGE =
	'usage: tessera drift <reference|-> <current> [--model m.tessera-model] [--test auto|ks|chisquare|z|wasserstein|jensenshannon|psi]\n' +
	'         [--columns a,b] [--target <column>] [--threshold-p 0.05] [--threshold-distance 0.1] [--threshold-psi 0.1] [--share 0.5]\n' +
	'         [--fail-on-drift] [--json]\n' +
	"  <reference> is any data file (every row is a reference row), or - for the model's reference sample (needs --model)";

/** Exit status with --fail-on-drift when the dataset drifts: apart from 1 (failed) and 2 (usage), so a scheduler can tell. */
export const DRIFT_EXIT = 3;

/** A number option within [min, max], or its default. */
function numberFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
	const v = stringFlag(args, name);
	if (v === undefined) return fallback;
	const x = Number(v);
	if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max)
		throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
	return x;
}

const fmt = (x: number) => (x !== 0 && Math.abs(x) < 1e-4 ? x.toExponential(2) : Number.isInteger(x) ? String(x) : x.toFixed(4));
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const rule = (c: ColumnDrift) => (c.scoreKind === 'p-value' ? `p < ${c.threshold}` : `>= ${c.threshold}`);

function metricLines(current: Metrics | null, test: Metrics | null): string[] {
	const m = current ?? test;
	if (!m) return [];
	const names: [string, (x: Metrics) => number | null][] =
		m.task === 'classification'
			? [
					['accuracy', (x) => (x.task === 'classification' ? x.accuracy : null)],
					['F1 (macro)', (x) => (x.task === 'classification' ? x.f1Macro : null)],
					['ROC-AUC', (x) => (x.task === 'classification' ? x.rocAuc : null)]
				]
			: [
					['RMSE', (x) => (x.task === 'regression' ? x.rmse : null)],
					['MAE', (x) => (x.task === 'regression' ? x.mae : null)],
					['R²', (x) => (x.task === 'regression' ? x.r2 : null)]
				];
	const cell = (x: Metrics | null, f: (x: Metrics) => number | null) => {
		const v = x ? f(x) : null;
		return v === null || Number.isNaN(v) ? '—' : v.toFixed(4);
	};
	return table(
		['metric', `current${current ? ` (${current.rows} rows)` : ''}`, `test${test ? ` (${test.rows} rows)` : ''}`],
		names.map(([label, f]) => [label, cell(current, f), cell(test, f)])
	)
		.split('\n')
		.map((l) => `  ${l}`);
}

/** The report as text: a table like the studio's view, then the model's blocks. */
export function driftText(head: string, result: DriftResult, model: ModelDrift | null): string {
	const lines = [
		head,
		`${result.datasetDrift ? 'Dataset drift' : 'No dataset drift'}: ${result.drifted} of ${result.columns.length} columns drifted (${pct(result.share)}; dataset drift at >= ${pct(result.options.datasetShare)})`,
		'',
		table(
			['column', 'kind', 'test', 'score', 'drift at', 'drift'],
			result.columns.map((c) => [c.column, c.kind, c.test, fmt(c.score), rule(c), c.drifted ? 'DRIFT' : '-'])
		),
		...result.skipped.map((s) => `not compared: ${s.column} (${s.reason})`)
	];
	if (model) {
		const p = model.prediction;
		lines.push(
			'',
			`prediction drift (${model.family} ${model.task}, ${model.task === 'classification' ? 'predicted labels' : 'predicted values'}): ` +
				(!isSkipped(p)
					? `${p.test} ${p.scoreKind} ${fmt(p.score)} (${rule(p)}) ${p.drifted ? 'DRIFT' : 'no drift'}`
					: `not compared: ${p.reason}`),
			'',
			`metrics on the current rows (target "${model.target}")${model.testSource ? `, test metrics from the ${model.testSource}` : ''}:`,
			...metricLines(model.current, model.test),
			...(model.currentNote ? [`  ${model.currentNote}`] : [])
		);
	}
	return lines.join('\n');
}

export async function driftCommand(argv: readonly string[], registry: Registry, out: (s: string) => void): Promise<number> {
	const args = parseArgs(argv, optionsOf('drift'));
	const [referencePath, currentPath, ...extra] = args.positional;
	if (!referencePath || !currentPath || extra.length) throw new UsageError(USAGE);
	const options: DriftOptions = {
		...DEFAULT_DRIFT_OPTIONS,
		test: oneOf('test', stringFlag(args, 'test') ?? 'auto', schemaChoices(registry, 'monitor.drift', 'test')) as DriftTestChoice,
		pValue: numberFlag(args, 'threshold-p', DEFAULT_DRIFT_OPTIONS.pValue, 0, 1),
		distance: numberFlag(args, 'threshold-distance', DEFAULT_DRIFT_OPTIONS.distance, 0, Infinity),
		psi: numberFlag(args, 'threshold-psi', DEFAULT_DRIFT_OPTIONS.psi, 0, Infinity),
		datasetShare: numberFlag(args, 'share', DEFAULT_DRIFT_OPTIONS.datasetShare, 0, 1)
	};
	const chosen = (stringFlag(args, 'columns') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const modelPath = stringFlag(args, 'model');
	const opened = modelPath ? await openModelFile(modelPath) : null;
	const model: ModelValue | null = opened ? modelOf(opened.file) : null;
	if (referencePath === '-' && !model)
		throw new UsageError("a reference of - means the model's reference sample: give --model m.tessera-model");
	const target = stringFlag(args, 'target') ?? model?.target ?? null;

	const current = datasetOf((await loadCsvFile(currentPath)).frame, 'current');
	const reference = referencePath === '-' ? null : datasetOf((await loadCsvFile(referencePath)).frame, 'reference');
	let result: DriftResult;
	let source: ReferenceSource;
	try {
		if (reference) {
			source = { kind: 'dataset', rows: 'all', count: reference.frame.rowCount };
			const picked = driftColumns(
				reference.frame.columns.map((c) => c.name),
				current.frame,
				chosen,
				{ target, input: model?.input ?? null }
			);
			result = datasetDrift(reference.frame, current.frame, picked, options);
		} else {
			const input = model!.input!;
			source = { kind: 'model-sample', count: input.sampleRows, trainingRows: input.rows };
			const picked = driftColumns(
				input.columns.map((c) => c.name),
				current.frame,
				chosen,
				{ target, input }
			);
			result = sampleDrift(input, current.frame, picked, options);
		}
	} catch (e) {
		if (e instanceof DriftColumnError)
			throw new UsageError(`${e.message} (${e.message.includes('reference') ? referencePath : currentPath})`);
		throw e;
	}
	let drift: ModelDrift | null = null;
	if (model && opened) {
		try {
			drift = await modelDrift({
				model,
				reference,
				current,
				options,
				apply: (data, recipe) => applyRecipe(registry, data, recipe),
				test: { metrics: opened.file.metrics.test, source: 'model file' }
			});
		} catch (e) {
			// The rows do not fit the model (a column it needs is missing or of another kind): the user's data, not a failure.
			throw new UsageError(`${modelPath} cannot score these rows: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
	const exitCode = args.flags.has('fail-on-drift') && result.datasetDrift ? DRIFT_EXIT : 0;
	const referenceLabel =
		source.kind === 'dataset'
			? `${referencePath} (${source.count} rows)`
			: `the reference sample of ${modelPath} (${source.count} of ${source.trainingRows} training rows)`;
	if (args.flags.has('json'))
		out(
			JSON.stringify(
				{
					command: 'drift',
					reference: { file: referencePath === '-' ? null : referencePath, ...source },
					current: { file: currentPath, rows: current.frame.rowCount },
					model: modelPath ?? null,
					...result,
					prediction: drift?.prediction ?? null,
					metrics: drift ? { current: drift.current, test: drift.test, testSource: drift.testSource, note: drift.currentNote } : null,
					exitCode
				},
				null,
				2
			)
		);
	else out(driftText(`drift: ${currentPath} (${current.frame.rowCount} rows) against ${referenceLabel}`, result, drift));
	return exitCode;
}
