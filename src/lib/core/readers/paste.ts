/**
 * A table pasted from the clipboard. Spreadsheets (Excel, LibreOffice, Google Sheets)
 * put tab-separated text there, quoting cells that hold tabs, quotes or line breaks;
 * text copied from elsewhere is often CSV. The first line decides: a tab means TSV,
 * otherwise the delimiter is detected as for a CSV file.
 */
import { readCsv } from './csv';
import { CsvError } from './csv-error';
import type { Frame } from '../frame/types';

export function parsePastedTable(text: string): Frame {
	// Spreadsheets end the copy with a line break, and some pad blank lines: drop them.
	const trimmed = text.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '');
	if (trimmed === '') throw new CsvError(1, 'the clipboard holds no table: copy cells with a header row and paste again');
	const firstLine = trimmed.slice(0, (trimmed.indexOf('\n') + 1 || trimmed.length + 1) - 1);
	return readCsv(trimmed, firstLine.includes('\t') ? { delimiter: '\t' } : {});
}
