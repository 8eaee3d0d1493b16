/**
 * The parallel CSV reader's merge of a text column: its chunks' dictionaries into one in file
 * order, or, when a dictionary overflowed, its spans into the decoded text.
 */
import { DICT_CAP, SPAN_ESCAPED, type CsvFillBuffers } from './csv-chunk-buffers';
import { parseNumberSpan } from '../frame/tokens';
import type { RawCells } from '../frame/raw-cells';

/** Cells of one text column: UTF-16 spans into the decoded file, as `SpanCells` are for the sequential reader. */
export class TextSpanCells implements RawCells {
	constructor(
		private readonly text: string,
		private readonly starts: Uint32Array,
		private readonly ends: Uint32Array,
		private readonly at: number,
		readonly length: number
	) {}

	get(row: number): string {
		const end = this.ends[this.at + row];
		const start = this.starts[this.at + row];
		if (end >= SPAN_ESCAPED) return this.text.slice(start, end - SPAN_ESCAPED).replaceAll('""', '"');
		return this.text.slice(start, end);
	}

	number(row: number): number {
		const end = this.ends[this.at + row];
		if (end >= SPAN_ESCAPED) return NaN;
		return parseNumberSpan(this.text, this.starts[this.at + row], end);
	}
}

/** Makes a slot's chunk-relative spans offsets into the decoded text: `base[k]` added to chunk k's rows. */
export function rebaseSpans(fill: CsvFillBuffers, slot: number, rows: number, rowStart: Float64Array, base: Float64Array): void {
	const chunks = base.length;
	for (let k = 0; k < chunks; k++) {
		const to = k + 1 < chunks ? rowStart[k + 1] : rows;
		const shift = base[k];
		for (let r = slot * rows + rowStart[k]; r < slot * rows + to; r++) {
			const end = fill.spanEnd[r];
			fill.spanStart[r] += shift;
			fill.spanEnd[r] = end >= SPAN_ESCAPED ? end - SPAN_ESCAPED + shift + SPAN_ESCAPED : end + shift;
		}
	}
}

/**
 * A text column from its chunks' dictionaries: the distinct texts in order of first appearance
 * (chunks in file order; two byte forms of one text, such as `a"b` and `"a""b"`, merge here)
 * and each row's code among them. Null when a chunk's dictionary overflowed.
 */
export function codedColumn(
	bytes: Uint8Array,
	fill: CsvFillBuffers,
	slot: number,
	chunks: number,
	rows: number
): { codes: Int32Array; distinct: string[] } | null {
	for (let k = 0; k < chunks; k++) if (fill.dictCount[slot * chunks + k] < 0) return null;
	const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // a cell may start with U+FEFF
	const index = new Map<string, number>();
	const distinct: string[] = [];
	const codes = new Int32Array(rows);
	for (let k = 0; k < chunks; k++) {
		const d = slot * chunks + k;
		const remap = new Int32Array(fill.dictCount[d]);
		for (let j = 0; j < remap.length; j++) {
			const start = fill.dictStart[d * DICT_CAP + j];
			const end = fill.dictEnd[d * DICT_CAP + j];
			const escaped = end >= SPAN_ESCAPED;
			const raw = decoder.decode(bytes.subarray(start, escaped ? end - SPAN_ESCAPED : end));
			const text = escaped ? raw.replaceAll('""', '"') : raw;
			let code = index.get(text);
			if (code === undefined) {
				code = distinct.push(text) - 1;
				index.set(text, code);
			}
			remap[j] = code;
		}
		const from = fill.rowStart[k];
		const to = k + 1 < chunks ? fill.rowStart[k + 1] : rows;
		const local = fill.codes;
		for (let r = from; r < to; r++) codes[r] = remap[local[slot * rows + r]];
	}
	return { codes, distinct };
}
