/**
 * Where `tessera predict` writes, batch by batch: CSV or NDJSON text (to a file, waiting for
 * the disk when it lags, or to stdout), or Parquet (one row group per batch, via
 * hyparquet-writer's incremental writer).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BatchJob, BatchResult } from '../lib/core/scoring/batch';
import { csvHeader, predictionText, probability, type OutputColumns, type OutputLayout } from '../lib/core/scoring/output';
import { UsageError } from './args';

export type OutputFormat = 'csv' | 'ndjson' | 'parquet';

export const OUTPUT_EXTENSIONS: Readonly<Record<string, OutputFormat>> = {
	'.csv': 'csv',
	'.tsv': 'csv',
	'.ndjson': 'ndjson',
	'.jsonl': 'ndjson',
	'.parquet': 'parquet'
};

export function outputFormat(path: string): OutputFormat {
	const dot = path.lastIndexOf('.');
	const format = OUTPUT_EXTENSIONS[dot < 0 ? '' : path.slice(dot).toLowerCase()];
	if (!format)
		throw new UsageError(`--out ${path}: cannot write this kind of file; use one of ${Object.keys(OUTPUT_EXTENSIONS).join(' ')}`);
	return format;
}

export interface PredictionSink {
	/** What each batch must come as: text lines in the sink's format, or typed columns. */
	readonly wants: BatchJob['output'];
	write(batch: BatchResult): Promise<void>;
	close(): Promise<void>;
	/** The reader went away (stdout piped into `head`): stop scoring, nothing is wrong. */
	stopped?(): boolean;
}

async function writeText(stream: WriteStream, text: string): Promise<void> {
	if (text && !stream.write(text)) await once(stream, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
	stream.end();
	await once(stream, 'finish');
}

function fileStream(path: string): WriteStream {
	const stream = createWriteStream(path);
	// An error (no such folder, no permission) surfaces on the next write or at close.
	stream.on('error', () => {});
	return stream;
}

function textSink(path: string, head: string, wants: 'csv' | 'tsv' | 'ndjson'): PredictionSink {
	const stream = fileStream(path);
	let started = false;
	return {
		wants,
		async write(batch) {
			if (!started) {
				started = true;
				await writeText(stream, head);
			}
			await writeText(stream, batch.text ?? '');
		},
		async close() {
			if (!started) await writeText(stream, head);
			await closeStream(stream);
			if (stream.errored) throw new UsageError(`--out ${path}: ${stream.errored.message}`);
		}
	};
}

/**
 * CSV to stdout through the CLI's writer (which ends each piece with a newline). When stdout is
 * a pipe that lags, the next batch waits for it to drain, so a slow reader does not make the
 * output pile up in memory; when the reader closes it (`| head`), scoring stops quietly.
 */
export function stdoutCsvSink(layout: OutputLayout, out: (s: string) => void): PredictionSink {
	const stdout = process.stdout;
	let closed = false;
	const onError = (e: NodeJS.ErrnoException) => {
		// EPIPE: the reader is gone. Anything else also ends the output; no write can succeed.
		closed = true;
		if (e.code !== 'EPIPE') process.exitCode = 1;
	};
	stdout.on('error', onError);
	out(csvHeader(layout));
	return {
		wants: 'csv',
		async write(batch) {
			if (closed) return;
			if (batch.text) out(batch.text.slice(0, -1));
			if (stdout.writableNeedDrain)
				await once(stdout, 'drain').catch(() => {
					closed = true;
				});
		},
		async close() {
			stdout.off('error', onError);
		},
		stopped: () => closed
	};
}

async function parquetSink(path: string, layout: OutputLayout): Promise<PredictionSink> {
	const { ParquetWriter, fileWriter, schemaFromColumnData } = await import('hyparquet-writer');
	let writer: InstanceType<typeof ParquetWriter> | null = null;
	const k = layout.proba ? layout.classes!.length : 0;
	const columnsOf = (batch: OutputColumns) => {
		const s = batch.scored;
		const n = s.rowCount;
		const id = batch.ids
			? { name: layout.header[0], data: batch.ids.slice(), type: 'STRING' as const, nullable: true }
			: {
					name: layout.header[0],
					data: Int32Array.from({ length: n }, (_, i) => batch.firstRow + i),
					type: 'INT32' as const,
					nullable: false
				};
		const prediction = s.codes
			? {
					name: 'prediction',
					data: Array.from({ length: n }, (_, i) => predictionText(layout, s, i) || null),
					type: 'STRING' as const,
					nullable: true
				}
			: {
					name: 'prediction',
					data: Array.from({ length: n }, (_, i) => (s.scored[i] ? s.values![i] : null)),
					type: 'DOUBLE' as const,
					nullable: true
				};
		const probabilities = Array.from({ length: k }, (_, c) => ({
			name: layout.header[2 + c],
			data: Array.from({ length: n }, (_, i) => {
				const p = probability(layout, s, i, c);
				return p === p ? p : null;
			}),
			type: 'DOUBLE' as const,
			nullable: true
		}));
		const error = { name: 'error', data: s.problems.map((p) => p?.message ?? null), type: 'STRING' as const, nullable: true };
		return [id, prediction, ...probabilities, error];
	};
	return {
		wants: 'columns',
		async write(result) {
			const batch = result.columns!;
			const columnData = columnsOf(batch);
			writer ??= new ParquetWriter({ writer: fileWriter(path), schema: schemaFromColumnData({ columnData }) });
			await writer.write({ columnData, rowGroupSize: batch.scored.rowCount || 1 });
		},
		async close() {
			// A file with no rows still gets its schema (written from an empty batch).
			if (!writer) {
				const empty = columnsOf({ ids: layout.id ? [] : null, firstRow: 1, scored: emptyScores(layout) });
				writer = new ParquetWriter({ writer: fileWriter(path), schema: schemaFromColumnData({ columnData: empty }) });
			}
			writer.finish();
		}
	};
}

function emptyScores(layout: OutputLayout): OutputColumns['scored'] {
	const classes = layout.classes !== null;
	return {
		rowCount: 0,
		codes: classes ? new Int32Array(0) : null,
		values: classes ? null : new Float64Array(0),
		proba: null,
		scored: new Uint8Array(0),
		problems: []
	};
}

export async function openSink(path: string, format: OutputFormat, layout: OutputLayout): Promise<PredictionSink> {
	if (format === 'parquet') return parquetSink(path, layout);
	if (format === 'ndjson') return textSink(path, '', 'ndjson');
	const tsv = path.toLowerCase().endsWith('.tsv');
	return textSink(path, csvHeader(layout, tsv ? '\t' : ',') + '\n', tsv ? 'tsv' : 'csv');
}
