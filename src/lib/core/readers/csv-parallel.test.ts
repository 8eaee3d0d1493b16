import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvStream } from './csv';
import { readCsvParallel, type ParallelCsvOptions } from './csv-parallel';
import { chunkBounds } from './csv-boundaries';
import { CsvError } from './csv-error';
import { readTableBytes, PARALLEL_CSV_BYTES } from './readers';
import { inThreadPool } from '../compute/pool';
import { computeKernels } from '../compute/kernels';
import type { Frame } from '../frame/types';

const pool = inThreadPool(computeKernels);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The sequential reader over the same bytes, fed in pieces of `piece` bytes. */
async function sequential(bytes: Uint8Array, options: ParallelCsvOptions = {}, piece = 7): Promise<Frame> {
	async function* pieces() {
		for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
	}
	return readCsvStream(pieces(), options);
}

/** Parallel read that must not decline. */
async function parallel(bytes: Uint8Array, options: ParallelCsvOptions = {}): Promise<Frame> {
	const frame = await readCsvParallel(bytes, pool, options);
	expect(frame, 'the parallel reader declined a well-formed file').not.toBeNull();
	return frame!;
}

/** A cell as a file writes it: quoted when it must be (and sometimes when it need not). */
function written(value: string, quote: boolean): string {
	return quote || /[",\r\n]/.test(value) || value.startsWith(' ') ? `"${value.replaceAll('"', '""')}"` : value;
}

const NUMBER = fc.oneof(
	fc.integer({ min: -100000, max: 100000 }).map(String),
	fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
	fc.constantFrom('1e5', '-2.5E-3', '0.1', '.5', '12345678901234567890', '007', '+3')
);
const MISSING = fc.constantFrom('', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?');
const TEXT = fc.string({
	unit: fc.constantFrom('a', 'Z', 'é', '😀', '中', '"', ',', '\n', '\r\n', ' ', '1', '.', '-', ';'),
	minLength: 1,
	maxLength: 8
});
const LINE_END = fc.constantFrom('\n', '\r\n', '\r');

/** Columns of one kind each: numbers, numbers with missing tokens, text, or numbers that turn to text late. */
const COLUMN_KIND = fc.constantFrom('number', 'missing', 'text', 'late-text', 'category');

const csvFile = fc
	.record({
		kinds: fc.array(COLUMN_KIND, { minLength: 1, maxLength: 5 }),
		rows: fc.integer({ min: 0, max: 40 }),
		lineEnd: LINE_END,
		bom: fc.boolean(),
		finalBreak: fc.boolean(),
		seed: fc.array(fc.tuple(NUMBER, MISSING, TEXT, fc.boolean(), fc.nat(9)), { minLength: 200, maxLength: 200 })
	})
	.map(({ kinds, rows, lineEnd, bom, finalBreak, seed }) => {
		const header = kinds.map((k, c) => `${k}_${c}`);
		const lines = [header.join(',')];
		for (let r = 0; r < rows; r++) {
			const cells = kinds.map((kind, c) => {
				const [number, missing, text, quote, pick] = seed[(r * 7 + c * 13) % seed.length];
				const value =
					kind === 'number'
						? number
						: kind === 'missing'
							? pick < 3
								? missing
								: number
							: kind === 'text'
								? text
								: kind === 'category'
									? ['red', 'green', 'blue'][pick % 3]
									: r > rows / 2 && pick === 0
										? text
										: number;
				return written(value, quote && pick > 6);
			});
			lines.push(cells.join(','));
		}
		return (bom ? '\uFEFF' : '') + lines.join(lineEnd) + (finalBreak ? lineEnd : '');
	});

describe('parallel CSV read equals the sequential read', () => {
	it('for random files (quotes, embedded line breaks and delimiters, CR/LF/CRLF, BOM, unicode) split at random points', async () => {
		await fc.assert(
			fc.asyncProperty(csvFile, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), async (text, at) => {
				const bytes = utf8(text);
				const splits = at.map((f) => Math.floor(f * bytes.length));
				expect(await parallel(bytes, { splits, delimiter: ',' })).toEqual(await sequential(bytes, { delimiter: ',' }));
			}),
			{ numRuns: 300 }
		);
	});

	it('detects the delimiter as the sequential reader does, and reads decimal commas the same way', async () => {
		const text = 'a;b;c\n1,5;x;2\n2,25;y;3\n;z;4\n';
		const bytes = utf8(text);
		const frame = await parallel(bytes, { splits: [12, 20] });
		expect(frame).toEqual(await sequential(bytes));
		expect(frame.columns[0]).toEqual({ kind: 'number', name: 'a', values: Float64Array.from([1.5, 2.25, NaN]) });
	});

	it('gives a column numbers in the first chunk and text in a later one the type of the whole column', async () => {
		const rows = Array.from({ length: 30 }, (_, i) => `${i},${i < 25 ? i * 0.5 : 'n/a yet'},${i % 2 ? '2020-01-0' + ((i % 9) + 1) : 'NA'}`);
		const bytes = utf8(['id,score,day', ...rows].join('\n') + '\n');
		const frame = await parallel(bytes, { splits: [40, 90, 150, 200] });
		expect(frame).toEqual(await sequential(bytes));
		expect(frame.columns.map((c) => c.kind)).toEqual(['number', 'text', 'date']);
	});

	it('repairs a split that falls inside a quoted field spanning lines', async () => {
		const text = 'id,note\n1,"first\nsecond\nthird"\n2,plain\n3,"x\n\ny"\n4,end\n';
		const bytes = utf8(text);
		// Every split falls on a line break inside quotes at least once.
		for (let split = 0; split < bytes.length; split++) {
			expect(await parallel(bytes, { splits: [split, split + 3] })).toEqual(await sequential(bytes));
		}
		const frame = await parallel(bytes, { splits: [10] });
		expect(frame.columns[1]).toMatchObject({ kind: 'category', dictionary: ['end', 'first\nsecond\nthird', 'plain', 'x\n\ny'] });
	});

	it('reads a multi-byte character straddling a split, and a BOM, as the sequential reader does', async () => {
		const text = '\uFEFFname,v\n' + Array.from({ length: 20 }, (_, i) => `héllo 😀 ${i},${i}`).join('\r\n');
		const bytes = utf8(text);
		for (let split = 8; split < 60; split++) {
			expect(await parallel(bytes, { splits: [split] })).toEqual(await sequential(bytes));
		}
	});

	it('codes text columns per chunk and merges them: one text written two ways, booleans, dates, more distinct texts than a chunk holds', async () => {
		const rows = Array.from({ length: 3000 }, (_, i) => {
			const quoteForm = i % 2 ? 'a"b' : '"a""b"'; // the same text, unquoted and quoted
			const flag = ['yes', 'No', 'TRUE', ''][i % 4];
			const day = i % 5 ? `2021-03-${String((i % 28) + 1).padStart(2, '0')}` : 'NA';
			const wide = `w${i}`; // 3000 distinct: over a chunk's dictionary
			const split = i < 1500 ? `p${i % 700}` : `q${i % 700}`; // 700 per half, 1400 in all: text
			return [quoteForm, flag, day, wide, split].join(',');
		});
		const bytes = utf8(['q,flag,day,wide,split', ...rows].join('\n') + '\n');
		const frame = await parallel(bytes, { splits: [bytes.length / 2] });
		expect(frame).toEqual(await sequential(bytes, {}, 4096));
		expect(frame.columns.map((c) => c.kind)).toEqual(['category', 'boolean', 'date', 'text', 'text']);
		expect(frame.columns[0]).toMatchObject({ dictionary: ['a"b'] });
	});

	it('reads a column of many distinct non-ASCII texts from the decoded text, at the right offsets in every chunk', async () => {
		const rows = Array.from({ length: 4000 }, (_, i) => `${i},"wé ${i} 😀, 中",${i % 3 ? 'ö' : 'o'}`);
		const bytes = utf8(['id,wide,small', ...rows].join('\r\n') + '\r\n');
		const frame = await parallel(bytes, { splits: [bytes.length / 3, (2 * bytes.length) / 3] });
		expect(frame).toEqual(await sequential(bytes, {}, 4096));
		const wide = frame.columns[1];
		expect(wide.kind === 'text' && wide.values[3999]).toBe('wé 3999 😀, 中');
	});

	it('declines what it must not guess (malformed records, non-UTF-8 bytes, UTF-16) and the sequential reader answers', async () => {
		expect(await readCsvParallel(utf8('a,b\n1,2\n3\n4,5\n'), pool, { splits: [9] })).toBeNull();
		expect(await readCsvParallel(utf8('a,b\n1,"2\n'), pool)).toBeNull();
		expect(await readCsvParallel(Uint8Array.from([97, 44, 98, 10, 0xe9, 44, 49, 10]), pool)).toBeNull();
		expect(await readCsvParallel(Uint8Array.from([0xff, 0xfe, 97, 0, 10, 0]), pool)).toBeNull();
		expect(await readCsvParallel(new Uint8Array(0), pool)).toBeNull();
	});

	it('declines a file with a record of the wrong width wherever it is and however the file is split', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 60 }),
				fc.nat(59),
				fc.boolean(),
				fc.array(fc.nat(2000), { maxLength: 6 }),
				async (rows, badAt, short, splits) => {
					const lines = Array.from({ length: rows }, (_, i) => `${i},"v${i}\n${i}",${i * 2}`);
					const bad = badAt % rows;
					lines[bad] = short ? `${bad},x` : `${bad},x,1,2`;
					const bytes = utf8(['a,b,c', ...lines].join('\n') + '\n');
					expect(await readCsvParallel(bytes, pool, { splits })).toBeNull();
					// The sequential reader names the record's line: two lines per record before it, plus the header's.
					await expect(sequential(bytes)).rejects.toMatchObject({ line: 2 + 2 * bad });
				}
			),
			{ numRuns: 150 }
		);
	});

	it('cuts a file at line breaks after each split point', () => {
		const bytes = utf8('h\n1\n22\r\n333\n');
		expect(chunkBounds(bytes, 2, [2, 3, 5, 9, 100])).toEqual([2, 4, 8, 12]);
		expect(chunkBounds(bytes, 2, [])).toEqual([2, 12]);
	});
});

describe('readTableBytes with a pool', () => {
	/** Rows of 3 fields, about 1.2 MB, so the parallel reader runs (chunks of 4 MB: one per thread here). */
	const bigRows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${(i * 0.37).toFixed(3)},${['north', 'south', 'east'][i % 3]}`);

	it('reads a large file in parallel to the same frame as the sequential read', async () => {
		const bytes = utf8(['id,x,region', ...bigRows(60000)].join('\n') + '\n');
		expect(bytes.length).toBeGreaterThan(PARALLEL_CSV_BYTES);
		let progress = 0;
		const frame = await readTableBytes(bytes, { fileName: 'big.csv', compute: pool, onProgress: (n) => (progress = n) });
		expect(frame).toEqual(await readTableBytes(bytes, { fileName: 'big.csv' }));
		expect(progress).toBe(bytes.length);
		expect(frame.columns.map((c) => c.kind)).toEqual(['number', 'number', 'category']);
	});

	it('reports a malformed record far into the file with its true line', async () => {
		const rows = bigRows(60000);
		rows[45000] = '45000,1.5';
		const bytes = utf8(['id,x,region', ...rows].join('\n') + '\n');
		const read = readTableBytes(bytes, { fileName: 'bad.csv', compute: pool });
		await expect(read).rejects.toThrow(CsvError);
		await expect(read).rejects.toMatchObject({ line: 45002, message: 'line 45002: expected 3 fields but found 2' });
	});

	it('stops on Cancel', async () => {
		const bytes = utf8(['id,x,region', ...bigRows(60000)].join('\n') + '\n');
		const controller = new AbortController();
		controller.abort();
		await expect(readTableBytes(bytes, { fileName: 'big.csv', compute: pool, signal: controller.signal })).rejects.toMatchObject({
			name: 'AbortError'
		});
	});
});
