/**
 * `csvCount`, the parallel CSV reader's first pass: records per chunk, and whether the chunk is
 * clean (every record complete, of the header's width, ending exactly where the next chunk
 * starts). Anything else makes the caller fall back to the sequential reader, which reports
 * the error with its line.
 */
import type { Kernel, KernelJob } from '../compute/kernel';
import { CHUNK_MALFORMED, CHUNK_OK, claimChunk, CsvArg, type CsvCountBuffers } from './csv-chunk-buffers';
import { tokenize } from './csv-tokenize';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Records of a chunk without quotes or CRs: its non-empty lines, found with the engine's
 * byte search (several times faster than the tokenizer). Their width is checked by the fill.
 */
function countLines(b: Uint8Array, start: number, end: number): number {
	const bytes = b.subarray(start, end);
	let records = 0;
	let lineStart = 0;
	for (let q = bytes.indexOf(LF); q !== -1; q = bytes.indexOf(LF, q + 1)) {
		if (q > lineStart) records++;
		lineStart = q + 1;
	}
	return lineStart < bytes.length ? records + 1 : records;
}

export const countKernel: Kernel<CsvCountBuffers> = (job: KernelJob<CsvCountBuffers>, _from, _to, args) => {
	const { bytes, bounds, rows, status, ends, claim } = job.buffers;
	const chunks = bounds.length - 1;
	for (let k = claimChunk(claim, args); k >= 0; k = claimChunk(claim, args)) {
		const last = k === chunks - 1;
		const start = bounds[k];
		const end = last ? bytes.length : bounds[k + 1];
		const part = bytes.subarray(start, end);
		if (part.indexOf(QUOTE) === -1 && part.indexOf(CR) === -1) {
			// Every line break is a record's end, and the chunk ends with one (or the file does).
			rows[k] = countLines(bytes, start, end);
			ends[k] = end;
			status[k] = CHUNK_OK;
			continue;
		}
		const found = tokenize(bytes, {
			start,
			end: bounds[k + 1],
			last,
			delim: args[CsvArg.Delim],
			ncols: args[CsvArg.Columns],
			fill: null,
			chunk: k,
			row0: 0,
			rows: 0,
			writeValues: false,
			adjust0: 0,
			textStart: 0
		});
		rows[k] = found?.records ?? 0;
		ends[k] = found?.end ?? -1;
		status[k] = found ? CHUNK_OK : CHUNK_MALFORMED;
	}
};
