/** Cell text for tables and tooltips. Formatting only; nothing here is parsed back. */
import { isMissing } from './frame';
import type { Column, Frame } from './types';

const MS_PER_DAY = 86_400_000;

/**
 * Up to 6 significant digits, switching to exponent form for very large or very small
 * magnitudes, and no trailing zeros: short enough for a table cell, enough to tell
 * values apart. Integers up to 1e15 print exactly.
 */
export function formatNumber(x: number): string {
	if (Number.isNaN(x)) return '';
	if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
	if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
	const abs = Math.abs(x);
	if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) {
		return x.toExponential(4).replace(/\.?0+e/, 'e');
	}
	return String(Number(x.toPrecision(6)));
}

/** `yyyy-mm-dd` for midnight UTC, full ISO otherwise. */
export function formatDate(ms: number): string {
	if (Number.isNaN(ms)) return '';
	const iso = new Date(ms).toISOString();
	return ms % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso;
}

/** The cell as display text; missing cells are ''. */
export function cellText(col: Column, row: number): string {
	if (isMissing(col, row)) return '';
	switch (col.kind) {
		case 'number':
			return formatNumber(col.values[row]);
		case 'date':
			return formatDate(col.values[row]);
		case 'category':
			return col.dictionary[col.codes[row]];
		case 'boolean':
			return col.codes[row] === 1 ? 'true' : 'false';
		case 'text':
			return col.values[row] ?? '';
	}
}

export interface RowWindow {
	readonly columns: string[];
	readonly rows: string[][];
}

/** Rows offset..offset+limit as text, clipped to the frame; what a virtual table shows. */
export function rowWindow(frame: Frame, offset: number, limit: number): RowWindow {
	const start = Math.max(0, Math.min(Math.floor(offset), frame.rowCount));
	const end = Math.max(start, Math.min(start + Math.floor(limit), frame.rowCount));
	const rows: string[][] = [];
	for (let r = start; r < end; r++) rows.push(frame.columns.map((c) => cellText(c, r)));
	return { columns: frame.columns.map((c) => c.name), rows };
}
