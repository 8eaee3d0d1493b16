/**
 * Parquet files through hyparquet (pure JavaScript, no native code). Loaded only when a
 * Parquet file is imported (readers.ts imports this module dynamically), so the page
 * bundle does not carry it. Columns arrive chunk by chunk; each becomes a Frame column
 * with the file's own type (see values.ts).
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { createFrame } from '../frame/frame';
import { columnFromValues, type ValueHint } from '../frame/values';
import type { Column, Frame } from '../frame/types';

/** A Parquet file that cannot be read; the reader's own message is kept. */
export class ParquetError extends Error {
	constructor(message: string) {
		super(`Parquet: ${message}`);
		this.name = 'ParquetError';
	}
}

export async function readParquet(bytes: Uint8Array): Promise<Frame> {
	// hyparquet reads an ArrayBuffer; copy only when the view does not cover its buffer
	const buffer =
		bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
			? bytes.buffer
			: bytes.slice().buffer;
	let metadata;
	try {
		metadata = parquetMetadata(buffer);
	} catch (e) {
		throw new ParquetError(`not a readable Parquet file (${e instanceof Error ? e.message : String(e)})`);
	}
	const rows = Number(metadata.num_rows);
	const fields = parquetSchema(metadata).children;
	const names = fields.map((f) => f.element.name);
	const cells = new Map<string, unknown[]>(names.map((name) => [name, new Array<unknown>(rows).fill(null)]));
	await parquetRead({
		file: buffer,
		metadata,
		onChunk: ({ columnName, columnData, rowStart }) => {
			const column = cells.get(columnName);
			if (!column) return;
			for (let i = 0; i < columnData.length && rowStart + i < rows; i++) column[rowStart + i] = columnData[i];
		}
	});
	const columns: Column[] = fields.map((field) => {
		const name = field.element.name;
		const logical = field.element.logical_type?.type;
		const hint: ValueHint = logical === 'DATE' || logical === 'TIMESTAMP' ? 'date' : null;
		return columnFromValues(name, cells.get(name) as unknown[], hint);
	});
	return createFrame(columns, rows);
}
