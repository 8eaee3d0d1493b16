/**
 * Building and reading frames. Columns are looked up by scanning the column array:
 * frames have tens of columns, and an object keyed by name would turn a header called
 * `__proto__` or `constructor` into a prototype lookup.
 */
import type { Column, ColumnSchema, Frame, FrameSchema } from './types';

export function columnLength(col: Column): number {
	return col.kind === 'category' || col.kind === 'boolean' ? col.codes.length : col.values.length;
}

/**
 * Validates that columns have equal lengths and unique names. `rowCount` is needed only
 * for a frame without columns (which still has rows, e.g. after dropping them all).
 */
export function createFrame(columns: readonly Column[], rowCount?: number): Frame {
	const names = new Set<string>();
	if (rowCount === undefined) rowCount = columns.length > 0 ? columnLength(columns[0]) : 0;
	for (const col of columns) {
		if (typeof col.name !== 'string') throw new Error('createFrame: a column has no name');
		if (names.has(col.name)) throw new Error(`createFrame: duplicate column name "${col.name}"`);
		names.add(col.name);
		const length = columnLength(col);
		if (length !== rowCount) {
			throw new Error(`createFrame: column "${col.name}" has ${length} rows; expected ${rowCount}`);
		}
	}
	return { columns: columns.slice(), rowCount };
}

export function columnIndex(frame: Frame, name: string): number {
	const columns = frame.columns;
	for (let i = 0; i < columns.length; i++) if (columns[i].name === name) return i;
	return -1;
}

export function hasColumn(frame: Frame, name: string): boolean {
	return columnIndex(frame, name) >= 0;
}

export function columnNames(frame: Frame): string[] {
	return frame.columns.map((c) => c.name);
}

export function getColumn(frame: Frame, name: string): Column {
	const i = columnIndex(frame, name);
	if (i < 0) {
		const available = columnNames(frame)
			.map((n) => JSON.stringify(n))
			.join(', ');
		throw new Error(`no column named ${JSON.stringify(name)}; available: ${available || '(none)'}`);
	}
	return frame.columns[i];
}

export function columnSchema(col: Column): ColumnSchema {
	return col.kind === 'category' ? { name: col.name, kind: col.kind, categories: col.dictionary } : { name: col.name, kind: col.kind };
}

export function schemaOf(frame: Frame): FrameSchema {
	return frame.columns.map(columnSchema);
}

export function isMissing(col: Column, row: number): boolean {
	switch (col.kind) {
		case 'number':
		case 'date':
			return Number.isNaN(col.values[row]);
		case 'category':
		case 'boolean':
			return col.codes[row] < 0;
		case 'text':
			return col.values[row] === null;
	}
}

/**
 * The cell as a number: the value for numbers and dates (epoch ms), 0/1 for booleans,
 * the dictionary code for categories, NaN for missing cells and for text.
 */
export function numericValue(col: Column, row: number): number {
	switch (col.kind) {
		case 'number':
		case 'date':
			return col.values[row];
		case 'category':
		case 'boolean': {
			const code = col.codes[row];
			return code < 0 ? NaN : code;
		}
		case 'text':
			return NaN;
	}
}

/**
 * The buffers to list as transferables in postMessage. A buffer shared by two columns
 * (a verb that kept it) is listed once, as postMessage rejects duplicates.
 */
export function frameTransferables(frame: Frame): ArrayBuffer[] {
	const buffers = new Set<ArrayBuffer>();
	for (const col of frame.columns) {
		const array = col.kind === 'category' || col.kind === 'boolean' ? col.codes : col.kind === 'text' ? null : col.values;
		if (array && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
	}
	return [...buffers];
}
