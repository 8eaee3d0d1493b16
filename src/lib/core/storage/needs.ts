import type { Column, Frame } from '../frame/types';

/**
 * About how many bytes a parsed dataset takes once stored as column chunks
 * (persistence/datasets.ts): numbers and dates as float64, categories and booleans as int32
 * codes, text as its characters (two bytes each, as a JavaScript string is counted) plus a
 * small per-value overhead, and each dictionary once. This is what a quota message says a
 * dataset "needs"; the browser's own accounting adds its overhead on top.
 */
const TEXT_VALUE_OVERHEAD = 8;

export function columnStoredBytes(col: Column, rows: number): number {
	switch (col.kind) {
		case 'number':
		case 'date':
			return 8 * rows;
		case 'boolean':
			return 4 * rows;
		case 'category':
			return 4 * rows + col.dictionary.reduce((n, s) => n + 2 * s.length + TEXT_VALUE_OVERHEAD, 0);
		case 'text': {
			let n = 0;
			for (const v of col.values) n += (v === null ? 0 : 2 * v.length) + TEXT_VALUE_OVERHEAD;
			return n;
		}
	}
}

export function datasetStoredBytes(frame: Frame): number {
	let n = 0;
	for (const col of frame.columns) n += columnStoredBytes(col, frame.rowCount) + 2 * col.name.length + TEXT_VALUE_OVERHEAD;
	return n;
}
