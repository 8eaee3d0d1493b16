import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToIPC, tableFromArrays } from 'apache-arrow';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../readers/csv-parser';
import { readTableBytes } from '../readers/readers';
import { csvText } from '../util/csv-text';
import { FUZZ, mutate, unclearError } from './kit';
import { mutations } from './mutations';

const SAMPLES = join(__dirname, '..', '..', '..', '..', 'static', 'samples');

/** Characters that break naive CSV code: quotes, separators, line ends, BOM, RTL override, emoji, formula starts. */
const CELL_UNITS = [
	'a',
	'b',
	'Z',
	'1',
	'0',
	'.',
	' ',
	'"',
	',',
	';',
	'\t',
	'\n',
	'\r',
	'\r\n',
	'\uFEFF',
	'\u202E',
	'é',
	'ß',
	'😀',
	'=',
	'+',
	'-',
	'@',
	"'"
];
const cell = fc.string({ unit: fc.constantFrom(...CELL_UNITS), maxLength: 12 });
const FORMULA_START = /^[=+\-@\t\r]/;
/** What csvText writes for a text cell, read back: a formula start gets the inert quote. */
const guarded = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

const table = fc.integer({ min: 2, max: 5 }).chain((ncols) =>
	fc.record({
		header: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: ncols, maxLength: ncols }),
		rows: fc.array(fc.array(cell, { minLength: ncols, maxLength: ncols }), { maxLength: 20 })
	})
);

describe('CSV write → parse round trips (property-based)', () => {
	it('every cell reads back as written (formula starts guarded), whatever quotes, separators and line ends it holds', () => {
		fc.assert(
			fc.property(table, ({ header, rows }) => {
				const parser = new CsvParser(',');
				parser.push(csvText(header, rows));
				const parsed = parser.end();
				expect(parsed.header).toEqual(header);
				expect(parsed.rowCount).toBe(rows.length);
				for (let c = 0; c < header.length; c++)
					for (let r = 0; r < rows.length; r++) expect(parsed.columns[c].get(r)).toBe(guarded(rows[r][c]));
			}),
			{ numRuns: FUZZ.runs * 5, seed: FUZZ.seed }
		);
	});

	it('the same table as UTF-8, UTF-8 with BOM and UTF-16LE with BOM reads to the same frame', async () => {
		await fc.assert(
			fc.asyncProperty(table, async ({ header, rows }) => {
				const text = csvText(header, rows);
				const utf8 = new TextEncoder().encode(text);
				const bom8 = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
				const utf16 = new Uint8Array(2 + text.length * 2);
				utf16.set([0xff, 0xfe]);
				for (let i = 0; i < text.length; i++) {
					utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
					utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
				}
				const read = (bytes: Uint8Array) => readTableBytes(bytes, { fileName: 't.csv', delimiter: ',' });
				const a = await read(utf8);
				expect(await read(bom8)).toEqual(a);
				expect(await read(utf16)).toEqual(a);
			}),
			{ numRuns: FUZZ.runs, seed: FUZZ.seed }
		);
	});
});

/** Valid files of every table format, built here from one small table. */
function seedFiles(): { name: string; bytes: Uint8Array }[] {
	const penguins = readFileSync(join(SAMPLES, 'penguins.csv'), 'utf8').split('\n').slice(0, 30).join('\n');
	const records = [
		{ x: 1.5, city: 'Köln', ok: true, when: '2024-02-29' },
		{ x: null, city: 'Bonn', ok: false, when: '2024-03-01' },
		{ x: -2, city: '<img src=x onerror=alert(1)>', ok: null, when: null }
	];
	const parquet = parquetWriteBuffer({
		columnData: [
			{ name: 'x', data: [1.5, null, -2], type: 'DOUBLE' },
			{ name: 'city', data: ['Köln', 'Bonn', 'Köln'], type: 'STRING' },
			{ name: 'ok', data: [true, false, null], type: 'BOOLEAN' }
		]
	});
	const arrow = tableToIPC(tableFromArrays({ x: Float64Array.from([1.5, NaN, -2]), city: ['Köln', 'Bonn', 'Köln'] }), 'file');
	const enc = (s: string) => new TextEncoder().encode(s);
	return [
		{ name: 'penguins.csv', bytes: enc(penguins) },
		{ name: 'records.json', bytes: enc(JSON.stringify(records)) },
		{ name: 'records.ndjson', bytes: enc(records.map((r) => JSON.stringify(r)).join('\n')) },
		{ name: 'table.parquet', bytes: new Uint8Array(parquet) },
		{ name: 'table.arrow', bytes: arrow }
	];
}

describe('mutated table files open or say why (property-based)', () => {
	const seeds = seedFiles();
	it.each(seeds.map((s) => [s.name, s] as const))(
		'%s: every mutation reads to a frame or fails with a clear error',
		async (_name, seed) => {
			// The unmutated file reads.
			expect((await readTableBytes(seed.bytes, { fileName: seed.name })).rowCount).toBeGreaterThan(0);
			let opened = 0;
			let refused = 0;
			await fc.assert(
				fc.asyncProperty(mutations, async (m) => {
					try {
						const frame = await readTableBytes(mutate(seed.bytes, m), { fileName: seed.name });
						expect(frame.columns.every((c) => typeof c.name === 'string')).toBe(true);
						opened++;
					} catch (e) {
						expect(unclearError(e)).toBeNull();
						refused++;
					}
				}),
				{ numRuns: FUZZ.runs, seed: FUZZ.seed }
			);
			expect(opened + refused).toBeGreaterThanOrEqual(FUZZ.runs);
		},
		60_000
	);
});
