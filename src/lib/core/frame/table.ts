/** Turns a parsed CSV table (raw strings per column) into a typed Frame. */
import type { ParsedTable } from '../readers/csv-parser';
import { createFrame } from './frame';
import { inferColumn, type InferOptions } from './infer';
import type { Column, Frame } from './types';

/**
 * `between` runs before each column is inferred, so a caller can cancel a long
 * inference.
 */
export function tableToFrame(table: ParsedTable, between?: () => void, options: InferOptions = {}): Frame {
	const columns: Column[] = [];
	for (let k = 0; k < table.header.length; k++) {
		between?.();
		columns.push(inferColumn(table.header[k], table.columns[k], options));
	}
	return createFrame(columns);
}
