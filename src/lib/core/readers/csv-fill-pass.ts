/**
 * `csvFill`, the parallel CSV reader's second pass: numbers of every cell into its column's
 * value array (row offsets from the counts), a flag per chunk and column for a cell that is
 * neither a plain number nor a missing token, and for the columns given a span slot, each
 * cell's UTF-16 span and its code in the chunk's dictionary.
 */
import type { Kernel, KernelJob } from '../compute/kernel';
import { CHUNK_MALFORMED, CHUNK_OK, claimChunk, columnValues, CsvArg, type CsvFillBuffers } from './csv-chunk-buffers';
import { TABLE } from './csv-chunk-dictionary';
import { tokenize } from './csv-tokenize';

export const fillKernel: Kernel<CsvFillBuffers> = (job: KernelJob<CsvFillBuffers>, _from, _to, args) => {
	const fill = job.buffers;
	const chunks = fill.bounds.length - 1;
	const rows = args[CsvArg.Rows];
	let slots = 0;
	for (let c = 0; c < fill.spanSlot.length; c++) slots = Math.max(slots, fill.spanSlot[c] + 1);
	let tables = job.local.csvTables as Int32Array | undefined;
	if (!tables) job.local.csvTables = tables = new Int32Array(slots * TABLE);
	let columns = job.local.csvColumns as Float64Array[] | undefined;
	if (!columns) job.local.csvColumns = columns = columnValues(fill, args[CsvArg.Columns]);
	for (let k = claimChunk(fill.claim, args); k >= 0; k = claimChunk(fill.claim, args)) {
		const rowEnd = k + 1 < chunks ? fill.rowStart[k + 1] : rows;
		const found = tokenize(fill.bytes, {
			start: fill.bounds[k],
			end: fill.bounds[k + 1],
			last: k === chunks - 1,
			delim: args[CsvArg.Delim],
			ncols: args[CsvArg.Columns],
			fill,
			columns,
			chunk: k,
			chunks,
			tables,
			row0: fill.rowStart[k],
			rowEnd,
			rows,
			writeValues: args[CsvArg.WriteValues] === 1,
			// Spans relative to the chunk: the caller adds each chunk's UTF-16 offset where it needs them.
			adjust0: 0,
			textStart: 0
		});
		fill.status[k] = found && found.records === rowEnd - fill.rowStart[k] ? CHUNK_OK : CHUNK_MALFORMED;
		fill.adjust[k] = found?.adjust ?? 0;
		fill.high[k] = found?.high ? 1 : 0;
	}
};
