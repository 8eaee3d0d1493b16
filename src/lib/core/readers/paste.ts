/**
 * A table pasted from the clipboard. Spreadsheets (Excel, LibreOffice, Google Sheets)
 * put tab-separated text there, quoting cells that hold tabs, quotes or line breaks;
 * text copied from elsewhere is often CSV. The first line decides: a tab means TSV,
 * otherwise the delimiter is detected as for a CSV file.
 */
import { readCsv } from './csv';
import { detectDelimiter, type CsvDelimiter } from './csv-detect';
import { CsvError } from './csv-error';
import { DETECT_SAMPLE_CHARS } from './csv-parser';
import type { Frame } from '../frame/types';

/** Spreadsheets end the copy with a line break, and some pad blank lines: drop them. */
const trimPaste = (text: string) => text.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '');

/**
 * The delimiter parsePastedTable reads `text` with: a tab in the first line means TSV,
 * otherwise the CSV reader's own detection (csv-parser.ts) on the same text.
 */
export function pastedDelimiter(text: string): CsvDelimiter {
	const trimmed = trimPaste(text);
	const firstLine = trimmed.slice(0, (trimmed.indexOf('\n') + 1 || trimmed.length + 1) - 1);
	if (firstLine.includes('\t')) return '\t';
	const sample = trimmed.charCodeAt(0) === 0xfeff ? trimmed.slice(1) : trimmed;
	return detectDelimiter(sample, sample.length < DETECT_SAMPLE_CHARS);
}

export function parsePastedTable(text: string): Frame {
	const trimmed = trimPaste(text);
	if (trimmed === '') throw new CsvError(1, 'the clipboard holds no table: copy cells with a header row and paste again');
	return readCsv(trimmed, { delimiter: pastedDelimiter(trimmed) });
}
