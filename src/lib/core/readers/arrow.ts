/**
 * Arrow IPC files (file or stream format, also Feather v2) through apache-arrow. Loaded
 * only when such a file is imported (readers.ts imports this module dynamically).
 * Dictionary-encoded columns become categories; other columns keep the file's type.
 */
import { DataType, tableFromIPC, type Vector } from 'apache-arrow';
import { createFrame } from '../frame/frame';
import { columnFromValues, type ValueHint } from '../frame/values';
import type { Column, Frame } from '../frame/types';

export class ArrowError extends Error {
	constructor(message: string) {
		super(`Arrow: ${message}`);
		this.name = 'ArrowError';
	}
}

function valuesOf(vector: Vector): unknown[] {
	const out = new Array<unknown>(vector.length);
	for (let i = 0; i < vector.length; i++) out[i] = vector.get(i);
	return out;
}

export async function readArrow(bytes: Uint8Array): Promise<Frame> {
	let table;
	try {
		table = tableFromIPC(bytes);
	} catch (e) {
		throw new ArrowError(`not a readable Arrow IPC file (${e instanceof Error ? e.message : String(e)})`);
	}
	const columns: Column[] = table.schema.fields.map((field, k) => {
		const vector = table.getChildAt(k);
		const values = vector ? valuesOf(vector) : new Array<unknown>(table.numRows).fill(null);
		const type = field.type;
		const hint: ValueHint = DataType.isDictionary(type) ? 'category' : DataType.isDate(type) || DataType.isTimestamp(type) ? 'date' : null;
		return columnFromValues(field.name, values, hint);
	});
	return createFrame(columns, table.numRows);
}
