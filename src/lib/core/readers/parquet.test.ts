import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { getColumn } from '../frame/frame';
import { readTableBytes } from './readers';
import type { Column } from '../frame/types';

describe('Parquet', () => {
	it('keeps the file types: doubles, 64-bit integers, booleans, timestamps, strings', async () => {
		const at = Date.UTC(2024, 1, 29, 12, 30);
		const buffer = parquetWriteBuffer({
			columnData: [
				{ name: 'x', data: [1.5, null, -2], type: 'DOUBLE' },
				{ name: 'n', data: [1n, 2n, 3n], type: 'INT64' },
				{ name: 'flag', data: [true, false, null], type: 'BOOLEAN' },
				{ name: 'when', data: [new Date(at), null, new Date(at + 1000)], type: 'TIMESTAMP' },
				{ name: 'city', data: ['Köln', 'Bonn', 'Köln'], type: 'STRING' },
				{ name: '__proto__', data: ['1', '2', '3'], type: 'STRING' }
			]
		});
		const bytes = new Uint8Array(buffer);
		const frame = await readTableBytes(bytes, { fileName: 'noext' });
		expect(frame.rowCount).toBe(3);
		expect(frame.columns.map((c) => [c.name, c.kind])).toEqual([
			['x', 'number'],
			['n', 'number'],
			['flag', 'boolean'],
			['when', 'date'],
			['city', 'category'],
			// strings stay strings: a typed file is not re-inferred
			['__proto__', 'category']
		]);
		expect(Array.from((getColumn(frame, 'x') as Extract<Column, { kind: 'number' }>).values)).toEqual([1.5, NaN, -2]);
		expect(Array.from((getColumn(frame, 'n') as Extract<Column, { kind: 'number' }>).values)).toEqual([1, 2, 3]);
		expect(Array.from((getColumn(frame, 'flag') as Extract<Column, { kind: 'boolean' }>).codes)).toEqual([1, 0, -1]);
		expect(Array.from((getColumn(frame, 'when') as Extract<Column, { kind: 'date' }>).values)).toEqual([at, NaN, at + 1000]);
		expect(getColumn(frame, 'city')).toMatchObject({ dictionary: ['Bonn', 'Köln'], codes: Int32Array.from([1, 0, 1]) });
	});

	it('refuses a file that is not Parquet with a clear message', async () => {
		await expect(readTableBytes(new TextEncoder().encode('PAR1 not really'), { fileName: 'x.parquet' })).rejects.toThrow(
			/^Parquet: not a readable Parquet file/
		);
	});
});
