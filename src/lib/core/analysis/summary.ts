/** The dataset summary: size, memory, missing cells, duplicate rows and columns per kind. */
import { countDuplicateRows } from './duplicate-rows';
import { frameBytes } from './memory';
import type { Column, ColumnKind, Frame } from '../frame/types';

export interface FrameSummary {
	readonly rows: number;
	readonly columns: number;
	/** Estimated bytes of Tessera's columns (memory.ts). */
	readonly memoryBytes: number;
	readonly missingCells: number;
	readonly duplicateRows: number;
	/** Columns per kind; every kind is listed, zeros included, so views need no defaults. */
	readonly kinds: Readonly<Record<ColumnKind, number>>;
}

export function missingCount(col: Column): number {
	let n = 0;
	if (col.kind === 'number' || col.kind === 'date') {
		for (const v of col.values) if (v !== v) n++;
	} else if (col.kind === 'text') {
		for (const v of col.values) if (v === null) n++;
	} else for (const c of col.codes) if (c < 0) n++;
	return n;
}

/** Cheaper than a full profile: no sorting, one hashing pass for duplicates. */
export function frameSummary(frame: Frame): FrameSummary {
	const kinds: Record<ColumnKind, number> = { number: 0, category: 0, boolean: 0, date: 0, text: 0 };
	let missingCells = 0;
	for (const col of frame.columns) {
		kinds[col.kind]++;
		missingCells += missingCount(col);
	}
	return {
		rows: frame.rowCount,
		columns: frame.columns.length,
		memoryBytes: frameBytes(frame),
		missingCells,
		duplicateRows: countDuplicateRows(frame),
		kinds
	};
}
