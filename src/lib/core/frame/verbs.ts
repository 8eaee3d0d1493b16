/**
 * Verbs return new frames. Columns a verb does not change are shared, not copied:
 * frames are immutable, so sharing is safe.
 */
import { columnIndex, createFrame, getColumn } from './frame';
import type { Column, Frame } from './types';

/** The chosen rows of one column, in the order given (indices may repeat). */
export function takeColumnRows(col: Column, indices: Uint32Array | Int32Array): Column {
	const n = indices.length;
	switch (col.kind) {
		case 'number':
		case 'date': {
			const values = new Float64Array(n);
			for (let i = 0; i < n; i++) values[i] = col.values[indices[i]];
			return { ...col, values };
		}
		case 'category':
		case 'boolean': {
			const codes = new Int32Array(n);
			for (let i = 0; i < n; i++) codes[i] = col.codes[indices[i]];
			return { ...col, codes };
		}
		case 'text': {
			const values = new Array<string | null>(n);
			for (let i = 0; i < n; i++) values[i] = col.values[indices[i]];
			return { ...col, values };
		}
	}
}

export function takeRows(frame: Frame, indices: Uint32Array | Int32Array): Frame {
	for (let i = 0; i < indices.length; i++) {
		const r = indices[i];
		if (r < 0 || r >= frame.rowCount) {
			throw new RangeError(`takeRows: row ${r} is outside 0..${frame.rowCount - 1}`);
		}
	}
	const columns = frame.columns.map((c) => takeColumnRows(c, indices));
	return createFrame(columns, indices.length);
}

/** The named columns, in the order named. */
export function selectColumns(frame: Frame, names: readonly string[]): Frame {
	return createFrame(
		names.map((n) => getColumn(frame, n)),
		frame.rowCount
	);
}

export function dropColumns(frame: Frame, names: readonly string[]): Frame {
	for (const n of names) getColumn(frame, n); // a typo should fail loudly, not drop nothing
	const drop = new Set(names);
	const kept = frame.columns.filter((c) => !drop.has(c.name));
	return createFrame(kept, frame.rowCount);
}

/** Replaces columns of the same name in place and appends the others. */
export function withColumns(frame: Frame, cols: readonly Column[]): Frame {
	const columns = frame.columns.slice();
	for (const col of cols) {
		const i = columnIndex({ columns, rowCount: frame.rowCount }, col.name);
		if (i >= 0) columns[i] = col;
		else columns.push(col);
	}
	return createFrame(columns, frame.rowCount);
}

export function renameColumn(frame: Frame, from: string, to: string): Frame {
	getColumn(frame, from);
	const i = columnIndex(frame, from);
	if (from === to) return frame;
	if (columnIndex(frame, to) >= 0) throw new Error(`renameColumn: a column named "${to}" already exists`);
	const columns = frame.columns.slice();
	columns[i] = { ...columns[i], name: to };
	return createFrame(columns, frame.rowCount);
}
