/**
 * One batch of batch scoring, from raw cells to output text: coerce (coerce.ts), score
 * (score.ts), format (output.ts). A batch is plain data (typed arrays, strings, the CSV
 * parser's span cells), so it can be done here or on a worker thread with the same result;
 * only reading the file and writing the results stay with the caller.
 */
import { SpanCells } from '../frame/raw-cells';
import type { ModelValue } from '../nodes/ports';
import type { Registry } from '../nodes/registry';
import { valueText } from './values';
import { coerceChunk, type CellColumn, type RawChunk, type RowProblem } from './coerce';
import { csvRows, ndjsonRows, outputLayout, type OutputColumns } from './output';
import { scoreChunk } from './score';

export interface BatchJob {
	readonly chunk: RawChunk;
	/** Read '1,5' as 1.5 in number columns (the reader's decimal-comma rule). */
	readonly decimalComma: boolean;
	/** 1-based number of the batch's first row in the input. */
	readonly firstRow: number;
	/** The input column whose cells start each output row, or null for row numbers. */
	readonly id: string | null;
	readonly proba: boolean;
	/** Text lines for CSV/TSV or NDJSON; typed columns for a writer that wants them (Parquet). */
	readonly output: 'csv' | 'tsv' | 'ndjson' | 'columns';
}

export interface BatchResult {
	readonly rowCount: number;
	readonly problems: readonly (RowProblem | null)[];
	/** Rows per input column whose category label training never saw. */
	readonly unseen: ReadonlyMap<string, number>;
	/** The output rows as text, each line ending in '\n' (csv, tsv, ndjson). */
	readonly text: string | null;
	/** The output rows as typed columns ('columns'). */
	readonly columns: OutputColumns | null;
}

/** Text cells restored to their class after a structured clone (a worker thread). */
function revive(col: CellColumn): CellColumn {
	if (col.kind !== 'text' || col.cells instanceof SpanCells) return col;
	return { kind: 'text', cells: SpanCells.revive(col.cells as SpanCells) };
}

/** The id cells of a batch as text (null = missing). */
function idsOf(col: CellColumn, n: number): (string | null)[] {
	const ids = new Array<string | null>(n);
	for (let r = 0; r < n; r++) {
		if (col.kind === 'text') ids[r] = col.cells.get(r);
		else {
			const v = col.values[r];
			ids[r] = v === null || v === undefined ? null : valueText(v);
		}
	}
	return ids;
}

export async function scoreBatch(registry: Registry, model: ModelValue, job: BatchJob): Promise<BatchResult> {
	if (!model.input) throw new Error('the model does not record its input columns');
	const chunk: RawChunk = { ...job.chunk, columns: job.chunk.columns.map(revive) };
	const coerced = coerceChunk(model.input, chunk, { decimalComma: job.decimalComma });
	const scored = await scoreChunk(registry, model, coerced);
	const at = job.id === null ? -1 : chunk.names.indexOf(job.id);
	const out: OutputColumns = { ids: at >= 0 ? idsOf(chunk.columns[at], chunk.rowCount) : null, firstRow: job.firstRow, scored };
	const layout = outputLayout(model, job.id, job.proba);
	const text =
		job.output === 'columns'
			? null
			: job.output === 'ndjson'
				? ndjsonRows(layout, out)
				: csvRows(layout, out, job.output === 'tsv' ? '\t' : ',');
	return {
		rowCount: chunk.rowCount,
		problems: scored.problems,
		unseen: coerced.unseen,
		text,
		columns: job.output === 'columns' ? out : null
	};
}
