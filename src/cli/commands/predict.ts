/**
 * `tessera predict`: batch scoring of a data file with a `.tessera-model` file. The input is
 * streamed in batches (predict-input.ts); each batch is read with the model's own column kinds
 * and checked row by row (core/scoring/coerce.ts), scored exactly as the studio's Predict node
 * scores (core/scoring/score.ts), and written before the next is read (predict-output.ts).
 */
import { stat } from 'node:fs/promises';
import { modelOf } from '../../lib/core/model-file/build';
import type { Registry } from '../../lib/core/nodes/registry';
import { missingColumnProblem, missingRequiredColumns } from '../../lib/core/scoring/coerce';
import { outputLayout } from '../../lib/core/scoring/output';
import type { BatchResult } from '../../lib/core/scoring/batch';
import { intFlag, parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { readerChoices } from '../files';
import { table } from '../format';
import { openModelFile } from './model';
import { inputFormat, readBatches, type InputBatch } from '../predict-input';
import { createScorer, defaultScoringThreads } from '../scoring-threads';
import { openSink, outputFormat, stdoutCsvSink, type PredictionSink } from '../predict-output';

export const PREDICT_USAGE =
	'usage: tessera predict <model.tessera-model> <data.csv|tsv|json|ndjson|parquet|arrow> [--out preds.csv|.parquet|.ndjson] [--proba] [--id <column>] [--strict] [--threads N] [--json]';

/** Rows per batch: large enough that per-batch overhead vanishes, small enough to stay in cache-friendly memory. */
const DEFAULT_BATCH_ROWS = 32_768;

export async function predictCommand(
	argv: readonly string[],
	registry: Registry,
	out: (s: string) => void,
	err: (s: string) => void
): Promise<number> {
	const args = parseArgs(argv, optionsOf('predict'));
	const [modelPath, dataPath, ...extra] = args.positional;
	if (!modelPath || !dataPath || extra.length) throw new UsageError(PREDICT_USAGE);
	const outPath = stringFlag(args, 'out');
	const json = args.flags.has('json');
	const strict = args.flags.has('strict');
	const id = stringFlag(args, 'id') ?? null;
	if (json && !outPath) throw new UsageError('--json needs --out: without it, stdout carries the predictions');
	const rows = intFlag(args, 'batch-rows') ?? DEFAULT_BATCH_ROWS;
	const threads = intFlag(args, 'threads');
	if (rows < 1) throw new UsageError('--batch-rows must be at least 1');
	const choices = readerChoices({
		encoding: stringFlag(args, 'encoding'),
		delimiter: stringFlag(args, 'delimiter'),
		decimal: stringFlag(args, 'decimal')
	});
	const inFormat = inputFormat(dataPath);
	const outFormat = outPath ? outputFormat(outPath) : 'csv';
	try {
		if (!(await stat(dataPath)).isFile()) throw new Error();
	} catch {
		throw new UsageError(`cannot read "${dataPath}": no such file`);
	}
	const opened = await openModelFile(modelPath);
	const model = modelOf(opened.file);
	const { name } = opened.file;
	const hash = opened.contentHash;
	const input = model.input;
	if (!input) throw new UsageError(`${modelPath}: the model does not record its input columns`);

	const layout = outputLayout(model, id, args.flags.has('proba'));
	let sink: PredictionSink | null = null;
	const started = performance.now();
	let lastProgress = started;
	let scoredRows = 0;
	let errorRows = 0;
	const byProblem = new Map<string, { column: string | null; problem: string; rows: number }>();
	const unseen = new Map<string, number>();
	const where = (line: number | undefined, row: number) => (line !== undefined ? `${dataPath}:${line}` : `${dataPath}: row ${row}`);

	// Where the time goes: reading rows; checking, scoring and formatting them (or waiting for threads to); writing.
	const spent = { read: 0, score: 0, write: 0 };
	let mark = performance.now();
	const lap = (phase: keyof typeof spent) => {
		const now = performance.now();
		spent[phase] += now - mark;
		mark = now;
	};
	const scorer = await createScorer(registry, model, threads ?? defaultScoringThreads((await stat(dataPath)).size));
	// Batches in file order; with threads, up to two per thread are in flight while this thread reads on
	// (and scores a batch itself when every thread is busy).
	const inFlight: { batch: InputBatch; result: Promise<BatchResult>; settled: boolean }[] = [];
	// Batches held at most: each thread's queue and one scored here. Below that, a batch is
	// written once its result is in, so this thread never idles waiting on a thread's batch
	// while it could read and score the next one itself.
	const holdAtMost = scorer.threads > 0 ? 2 * scorer.threads + 2 : 0;
	const finish = async () => {
		const { batch, result: pending } = inFlight.shift()!;
		const result = await pending;
		lap('score');
		if (strict) {
			const bad = result.problems.findIndex((p) => p !== null);
			if (bad >= 0) throw new UsageError(`${where(batch.lines?.[bad], batch.firstRow + bad + 1)}: ${result.problems[bad]!.message}`);
		}
		await sink!.write(result);
		lap('write');
		for (const p of result.problems) {
			if (!p) {
				scoredRows++;
				continue;
			}
			errorRows++;
			const key = `${p.column ?? ''}\u0000${p.problem}`;
			const entry = byProblem.get(key) ?? { column: p.column, problem: p.problem, rows: 0 };
			entry.rows++;
			byProblem.set(key, entry);
		}
		for (const [column, count] of result.unseen) unseen.set(column, (unseen.get(column) ?? 0) + count);
		const now = performance.now();
		if (now - lastProgress >= 1000) {
			lastProgress = now;
			const total = scoredRows + errorRows;
			err(
				`tessera predict: ${total.toLocaleString('en-US')} rows (${Math.round(total / ((now - started) / 1000)).toLocaleString('en-US')} rows/s)`
			);
		}
	};
	try {
		for await (const batch of readBatches(dataPath, inFormat, { rows, ...choices })) {
			const { chunk } = batch;
			if (batch.firstRow === 0 || !sink) {
				if (id !== null && !chunk.names.includes(id)) throw new UsageError(`--id "${id}" is not a column of ${dataPath}`);
				const missing = missingRequiredColumns(input, chunk.names);
				if (strict && missing.length) throw new UsageError(`${dataPath}: ${missingColumnProblem(missing[0]).message}`);
			}
			sink ??= outPath ? await openSink(outPath, outFormat, layout) : stdoutCsvSink(layout, out);
			lap('read');
			const result = scorer.score({
				chunk,
				decimalComma: batch.decimalComma,
				firstRow: batch.firstRow + 1,
				id,
				proba: layout.proba,
				output: sink.wants
			});
			const entry = { batch, result, settled: false };
			// Handled when its turn comes; if an earlier batch stops the run, no rejection goes unheard.
			result.then(
				() => (entry.settled = true),
				() => (entry.settled = true)
			);
			inFlight.push(entry);
			while (inFlight.length && (inFlight[0].settled || inFlight.length > holdAtMost)) await finish();
			if (sink.stopped?.()) break;
		}
		while (inFlight.length && !sink?.stopped?.()) await finish();
		sink ??= outPath ? await openSink(outPath, outFormat, layout) : stdoutCsvSink(layout, out);
	} finally {
		await scorer.close();
		await sink?.close();
		lap('write');
	}

	const seconds = (performance.now() - started) / 1000;
	const total = scoredRows + errorRows;
	const errors = [...byProblem.values()].sort((a, b) => b.rows - a.rows);
	const summary = {
		command: 'predict',
		model: { file: modelPath, name, contentHash: hash, family: model.family, task: model.task },
		data: dataPath,
		out: outPath ?? null,
		rows: total,
		scored: scoredRows,
		rowsWithErrors: errorRows,
		errors,
		unseenCategories: Object.fromEntries(unseen),
		seconds,
		rowsPerSecond: seconds > 0 ? total / seconds : null,
		threads: scorer.threads,
		batchesScoredHere: scorer.scoredHere,
		phases: { readSeconds: spent.read / 1000, scoreSeconds: spent.score / 1000, writeSeconds: spent.write / 1000 }
	};
	const text = [
		`${dataPath}: ${total} rows, ${scoredRows} scored, ${errorRows} with errors${outPath ? ` → ${outPath}` : ''} (${seconds.toFixed(2)} s)`,
		...(errors.length
			? [
					'',
					table(
						['column', 'problem', 'rows'],
						errors.map((e) => [e.column ?? '(row)', e.problem, String(e.rows)])
					)
				]
			: []),
		...(unseen.size
			? ['', `unseen categories (scored as the fitted encoder does): ${[...unseen].map(([c, n]) => `${c} ${n}`).join(', ')}`]
			: [])
	].join('\n');
	if (json) out(JSON.stringify(summary, null, 2));
	else if (outPath) out(text);
	else err(text);
	return 0;
}
