/**
 * Raw cell text of one column, before inference. The CSV parser does not build a
 * string per cell: it records where each cell lies in the text it was given, because a
 * million retained strings cost more (in garbage collection) than the whole scan.
 * Inference reads numbers straight from those spans and builds strings only for the
 * values it keeps.
 */
import { parseNumberSpan, parseNumberToken } from './tokens';

export interface RawCells {
	readonly length: number;
	/** The cell's text, exactly as in the file (unquoted and unescaped). */
	get(row: number): string;
	/**
	 * The cell as a plain number, or NaN when it is anything else (including missing
	 * tokens and numbers with surrounding spaces, which callers check via `get`).
	 */
	number(row: number): number;
}

export function cellsOfStrings(values: readonly string[]): RawCells {
	return {
		length: values.length,
		get: (row) => values[row],
		number: (row) => parseNumberToken(values[row])
	};
}

/** `end` value marking a cell whose text is in `escaped[start]` (it had "" escapes). */
export const ESCAPED = 0xffffffff;

/** One column of the parser's span store; see `CsvParser`. */
export class SpanCells implements RawCells {
	constructor(
		private readonly texts: readonly string[],
		private readonly rowText: Uint32Array,
		private readonly spans: Uint32Array,
		private readonly escaped: readonly string[],
		private readonly ncols: number,
		private readonly column: number,
		readonly length: number
	) {}

	/**
	 * The same cells after a structured clone (sent to a worker thread), which keeps the
	 * fields and drops the class.
	 */
	static revive(cloned: SpanCells): SpanCells {
		if (cloned instanceof SpanCells) return cloned;
		const c = cloned as unknown as Record<'texts' | 'rowText' | 'spans' | 'escaped' | 'ncols' | 'column' | 'length', never>;
		return new SpanCells(c.texts, c.rowText, c.spans, c.escaped, c.ncols, c.column, c.length);
	}

	/**
	 * Rows [from, to) of a table's columns (cells of one parse), as columns of their own that
	 * share the text and one exact copy of the index arrays: what a batch sent to a thread carries.
	 */
	static sliceRows(columns: readonly SpanCells[], from: number, to: number): SpanCells[] {
		if (columns.length === 0) return [];
		const first = columns[0];
		const w = first.ncols * 2;
		const rowText = first.rowText.slice(from, to);
		const spans = first.spans.slice(from * w, to * w);
		return columns.map((c) => new SpanCells(c.texts, rowText, spans, c.escaped, c.ncols, c.column, to - from));
	}

	get(row: number): string {
		const at = (row * this.ncols + this.column) * 2;
		const start = this.spans[at];
		const end = this.spans[at + 1];
		if (end === ESCAPED) return this.escaped[start];
		return this.texts[this.rowText[row]].slice(start, end);
	}

	number(row: number): number {
		const at = (row * this.ncols + this.column) * 2;
		const end = this.spans[at + 1];
		if (end === ESCAPED) return NaN;
		return parseNumberSpan(this.texts[this.rowText[row]], this.spans[at], end);
	}
}
