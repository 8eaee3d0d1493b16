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

/** Each byte of a 32-bit word minus 35, and each byte's high bit: a word has a byte ≤ 34 iff (x - LOW_35) & ~x & HIGH ≠ 0. */
const LOW_35 = 0x23232323;
const HIGH = 0x80808080 | 0;

/**
 * Records of a chunk without quotes or CRs: its non-empty lines, in one pass over the bytes
 * (the engine's byte search took three: quotes, CRs, then each line break). -1 when the chunk
 * has a quote or a CR, and must be tokenized. Their width is checked by the fill.
 *
 * LF, CR and the quote are all ≤ 34, below every digit, letter, '.', ',' and '-': four bytes at
 * a time are passed over with one test (a byte ≤ 34 in a word), and only words with one are
 * looked at byte by byte.
 */
export function countPlainLines(b: Uint8Array, start: number, end: number): number {
	// Small integers (positions stay below 2^31; bounds come as doubles): a double index would slow every byte.
	const to = end | 0;
	const base = b.byteOffset | 0;
	const words = new Int32Array(b.buffer, 0, b.buffer.byteLength >> 2);
	let records = 0;
	let afterBreak = true; // a chunk starts at a record boundary, as after a line break
	let i = start | 0;
	while (i < to) {
		if (((base + i) & 3) === 0 && i + 4 <= to) {
			const x = words[(base + i) >> 2];
			if (((x - LOW_35) & ~x & HIGH) === 0) {
				afterBreak = false;
				i += 4;
				continue;
			}
		}
		const c = b[i++];
		if (c === LF) {
			if (!afterBreak) records++;
			afterBreak = true;
		} else {
			if (c === CR || c === QUOTE) return -1;
			afterBreak = false;
		}
	}
	return afterBreak ? records : records + 1;
}

export const countKernel: Kernel<CsvCountBuffers> = (job: KernelJob<CsvCountBuffers>, _from, _to, args) => {
	const { bytes, bounds, rows, status, ends, claim } = job.buffers;
	const chunks = bounds.length - 1;
	for (let k = claimChunk(claim, args); k >= 0; k = claimChunk(claim, args)) {
		const last = k === chunks - 1;
		const start = bounds[k];
		const end = last ? bytes.length : bounds[k + 1];
		const plain = countPlainLines(bytes, start, end);
		if (plain >= 0) {
			// Every line break is a record's end, and the chunk ends with one (or the file does).
			rows[k] = plain;
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
