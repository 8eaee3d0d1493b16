import type { Column, Frame } from '../frame/types';

/**
 * A frame as CSV text that reads back to the same frame: numbers in JavaScript's shortest
 * round-trip form, dates as ISO-8601 UTC, booleans as true/false, categories and text as
 * their own strings, missing cells empty. Unlike `csvText` (for spreadsheets) nothing is
 * guarded against formulas: a leading `'` would change the data the pipeline was built on.
 */
function quote(s: string): string {
	return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellOf(col: Column, i: number): string {
	switch (col.kind) {
		case 'number': {
			const v = col.values[i];
			return v === v ? String(v) : '';
		}
		case 'date': {
			const v = col.values[i];
			return v === v ? new Date(v).toISOString() : '';
		}
		case 'boolean': {
			const c = col.codes[i];
			return c < 0 ? '' : c === 1 ? 'true' : 'false';
		}
		case 'category': {
			const c = col.codes[i];
			return c < 0 ? '' : quote(col.dictionary[c]);
		}
		case 'text': {
			const v = col.values[i];
			return v === null ? '' : quote(v);
		}
	}
}

export function frameCsv(frame: Frame): string {
	const lines = new Array<string>(frame.rowCount + 1);
	lines[0] = frame.columns.map((c) => quote(c.name)).join(',');
	for (let i = 0; i < frame.rowCount; i++) {
		let line = '';
		for (let c = 0; c < frame.columns.length; c++) line += (c ? ',' : '') + cellOf(frame.columns[c], i);
		// A lone missing cell would make a blank line, which CSV readers skip: quote it.
		lines[i + 1] = line === '' ? '""' : line;
	}
	return lines.join('\n') + '\n';
}
