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

/** More rows than this in one file is refused (a damaged footer, or a file for another tool). */
const MAX_ROWS = 100_000_000;

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
	const groups = metadata.row_groups.reduce((n, g) => n + Number(g.num_rows), 0);
	// A damaged footer can claim any count: check it against its row groups before allocating.
	if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_ROWS || groups !== rows)
		throw new ParquetError(
			`not a readable Parquet file (its footer says ${metadata.num_rows} rows, its row groups ${groups}${rows > MAX_ROWS ? `; at most ${MAX_ROWS.toLocaleString('en-US')} rows are read` : ''})`
		);
	let fields: ReturnType<typeof parquetSchema>['children'];
	const cells = new Map<string, unknown[]>();
	try {
		fields = parquetSchema(metadata).children;
		for (const f of fields) cells.set(f.element.name, new Array<unknown>(rows).fill(null));
		await parquetRead({
			file: buffer,
			metadata,
			onChunk: ({ columnName, columnData, rowStart }) => {
				const column = cells.get(columnName);
				if (!column) return;
				for (let i = 0; i < columnData.length && rowStart + i < rows; i++) column[rowStart + i] = columnData[i];
			}
		});
	} catch (e) {
		// Damaged pages surface from hyparquet as whatever broke first (a RangeError on a bad length): say so.
		throw new ParquetError(`the file is damaged and cannot be read (${e instanceof Error ? e.message : String(e)})`);
	}
	const columns: Column[] = fields.map((field) => {
		const name = field.element.name;
		const logical = field.element.logical_type?.type;
		const hint: ValueHint = logical === 'DATE' || logical === 'TIMESTAMP' ? 'date' : null;
		return columnFromValues(name, cells.get(name) as unknown[], hint);
	});
	return createFrame(columns, rows);
}
