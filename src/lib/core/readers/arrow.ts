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

const MAGIC = 'ARROW1';

/**
 * Checks an Arrow IPC *file*'s footer and the blocks it points to before apache-arrow reads
 * them: a file whose bytes shifted (one byte deleted in the middle) makes apache-arrow 21 loop
 * forever at a block offset that no longer starts a message (found by src/lib/core/fuzz). The
 * footer is a flatbuffer (Footer: version, schema, dictionaries [Block], recordBatches [Block]);
 * a Block is { offset: int64, metaDataLength: int32, bodyLength: int64 }, 24 bytes. Each block
 * must lie before the footer and start with a message whose metadata fits its metaDataLength.
 * Stream-format files (no footer) are left to apache-arrow.
 */
export function checkArrowFile(bytes: Uint8Array): void {
	const isMagic = (at: number) => MAGIC.split('').every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
	if (bytes.length < 8 || !isMagic(0)) return;
	const bad = (why: string): never => {
		throw new ArrowError(`not a readable Arrow IPC file (${why})`);
	};
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const n = bytes.length;
	if (n < 18 || !isMagic(n - 6)) bad('it does not end with the ARROW1 marker: cut short?');
	const footerLength = view.getInt32(n - 10, true);
	const footerStart = n - 10 - footerLength;
	if (footerLength <= 0 || footerStart < 8) bad(`its footer length (${footerLength}) does not fit the file`);
	const u32 = (at: number) => {
		if (at < footerStart || at + 4 > n - 10) bad('its footer points outside itself');
		return view.getUint32(at, true);
	};
	const table = footerStart + u32(footerStart);
	const vtable = table - view.getInt32(table, true);
	const vtableSize = u32(vtable) & 0xffff;
	const field = (i: number): number | null => {
		if (4 + 2 * i + 2 > vtableSize) return null;
		const fo = view.getUint16(vtable + 4 + 2 * i, true);
		return fo === 0 ? null : table + fo;
	};
	for (const i of [2, 3]) {
		const at = field(i);
		if (at === null) continue;
		const vector = at + u32(at);
		const count = u32(vector);
		if (vector + 4 + count * 24 > n - 10) bad('its footer lists more blocks than it holds');
		for (let b = 0; b < count; b++) {
			const block = vector + 4 + b * 24;
			const offset = view.getUint32(block, true) + view.getUint32(block + 4, true) * 2 ** 32;
			const metaLength = view.getInt32(block + 8, true);
			const bodyLength = view.getUint32(block + 16, true) + view.getUint32(block + 20, true) * 2 ** 32;
			if (offset < 8 || metaLength < 8 || offset + metaLength + bodyLength > footerStart)
				bad(`block ${b + 1} lies outside the data (offset ${offset}, ${metaLength} + ${bodyLength} bytes)`);
			const continued = view.getUint32(offset, true) === 0xffffffff;
			const length = view.getInt32(offset + (continued ? 4 : 0), true);
			if (length <= 0 || (continued ? 8 : 4) + length > metaLength)
				bad(`block ${b + 1} does not start a message at byte ${offset}: bytes shifted or damaged`);
		}
	}
}

export async function readArrow(bytes: Uint8Array): Promise<Frame> {
	try {
		checkArrowFile(bytes);
	} catch (e) {
		// A footer pointer past the end reads outside the DataView: the footer is damaged.
		throw e instanceof ArrowError ? e : new ArrowError('not a readable Arrow IPC file (its footer is damaged)');
	}
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
