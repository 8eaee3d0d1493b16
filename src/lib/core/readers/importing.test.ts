import { describe, expect, it } from 'vitest';
import { readCsv, readCsvStream } from './csv';
import { parseDecimalCommaToken } from '../frame/decimal';
import { createStreamDecoder, decodeBytes, decodeWindows1252, EncodingError } from './encoding';
import { getColumn } from '../frame/frame';
import { JsonTableError, readJson } from './json';
import { parsePastedTable, pastedDelimiter } from './paste';
import { detectFormat, readTableBytes } from './readers';
import type { Column, Frame } from '../frame/types';

const nums = (f: Frame, name: string) => Array.from((getColumn(f, name) as Extract<Column, { kind: 'number' }>).values);
const texts = (f: Frame, name: string): (string | null)[] => {
	const c = getColumn(f, name);
	if (c.kind === 'text') return [...c.values];
	if (c.kind === 'category') return Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]));
	throw new Error(`${name} is ${c.kind}`);
};

/** Latin-1 bytes of a string whose characters are all below U+0100. */
function latin1(s: string): Uint8Array {
	return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

function utf16(s: string, littleEndian: boolean): Uint8Array {
	const out = new Uint8Array(2 + 2 * s.length);
	const view = new DataView(out.buffer);
	view.setUint16(0, 0xfeff, littleEndian);
	for (let i = 0; i < s.length; i++) view.setUint16(2 + 2 * i, s.charCodeAt(i), littleEndian);
	return out;
}

async function* pieces(bytes: Uint8Array, size: number) {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

// /usr/bin/python3 -c "import pandas as pd, io; b='name;city;score\nRené;Zürich;1,5\nJürgen;Straße;2,25\nZoë;Köln;-0,125\n'.encode('latin-1');
//   print(pd.read_csv(io.BytesIO(b), sep=';', decimal=',', encoding='latin-1').to_dict('list'))"
// → {'name': ['René', 'Jürgen', 'Zoë'], 'city': ['Zürich', 'Straße', 'Köln'], 'score': [1.5, 2.25, -0.125]}
const LATIN1_CSV = 'name;city;score\nRené;Zürich;1,5\nJürgen;Straße;2,25\nZoë;Köln;-0,125\n';

describe('encodings', () => {
	it('detects a Latin-1 file (invalid UTF-8) and reads é, ü, ß as pandas does with encoding="latin-1"', async () => {
		const frame = await readCsvStream(pieces(latin1(LATIN1_CSV), 7));
		expect(texts(frame, 'name')).toEqual(['René', 'Jürgen', 'Zoë']);
		expect(texts(frame, 'city')).toEqual(['Zürich', 'Straße', 'Köln']);
		expect(nums(frame, 'score')).toEqual([1.5, 2.25, -0.125]);
	});

	it('reads UTF-8 with and without a BOM, and UTF-16 LE / BE with a BOM', () => {
		const text = 'a,b\nü,1\n';
		const utf8 = new TextEncoder().encode(text);
		expect(decodeBytes(utf8)).toEqual({ text, encoding: 'utf-8' });
		expect(decodeBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: 'utf-8' });
		expect(decodeBytes(utf16(text, true))).toEqual({ text, encoding: 'utf-16le' });
		expect(decodeBytes(utf16(text, false))).toEqual({ text, encoding: 'utf-16be' });
	});

	it('keeps a UTF-8 character split across chunks whole', async () => {
		const bytes = new TextEncoder().encode('city\nZürich\nKöln\n');
		const frame = await readCsvStream(pieces(bytes, 1));
		expect(texts(frame, 'city')).toEqual(['Zürich', 'Köln']);
	});

	it('decodes Windows-1252 punctuation the way browsers do, on every runtime', () => {
		expect(decodeWindows1252(Uint8Array.from([0x80, 0x93, 0x94, 0xe9, 0xdf]))).toBe('\u20ac\u201c\u201déß');
		expect(decodeBytes(latin1('Stra\xdfe'), 'windows-1252').text).toBe('Straße');
	});

	it('refuses a file that turns invalid after real UTF-8 text, and names the byte', () => {
		const decoder = createStreamDecoder();
		expect(decoder.decode(new TextEncoder().encode('Zürich\n'))).toBe('Zürich\n');
		expect(() => decoder.decode(latin1('K\xf6ln'))).toThrow(EncodingError);
	});
});

describe('decimal comma', () => {
	// /usr/bin/python3 -c "import pandas as pd, io; print(pd.read_csv(io.StringIO('x;y\n1,5;2,25\n3;4,75\n'), sep=';', decimal=',').to_dict('list'))"
	// → {'x': [1.5, 3.0], 'y': [2.25, 4.75]}
	it('reads 1,5 as 1.5 in a semicolon file', () => {
		const frame = readCsv('x;y\n1,5;2,25\n3;4,75\n');
		expect(nums(frame, 'x')).toEqual([1.5, 3]);
		expect(nums(frame, 'y')).toEqual([2.25, 4.75]);
	});

	it('follows an explicit choice, in either direction', () => {
		expect(getColumn(readCsv('x;y\n1,5;2\n3,5;4\n', { decimal: '.' }), 'x').kind).not.toBe('number');
		expect(nums(readCsv('x,y\n"1,5",2\n"3,5",4\n', { decimal: ',' }), 'x')).toEqual([1.5, 3.5]);
		expect(getColumn(readCsv('x,y\n"1,5",2\n"3,5",4\n'), 'x').kind).not.toBe('number');
	});

	it('leaves a column with a decimal point as pandas does (not numbers)', () => {
		// pd.read_csv(io.StringIO('a;b\n1,5;2,25\n1.5;3\n'), sep=';', decimal=',').dtypes → a: object, b: float64
		const frame = readCsv('a;b\n1,5;2,25\n1.5;3\n');
		expect(getColumn(frame, 'a').kind).not.toBe('number');
		expect(nums(frame, 'b')).toEqual([2.25, 3]);
		expect(parseDecimalCommaToken('1.234,5')).toBeNaN();
		expect(parseDecimalCommaToken('1,2,3')).toBeNaN();
		expect(parseDecimalCommaToken('-2,5e3')).toBe(-2500);
	});
});

describe('JSON', () => {
	// /usr/bin/python3 -c "import pandas as pd, io; print(pd.read_json(io.StringIO('[{\"a\":1,\"b\":\"x\",\"c\":true},{\"a\":2.5,\"b\":\"y\",\"c\":false},{\"a\":null,\"b\":\"x\"}]')).to_dict('list'))"
	// → {'a': [1.0, 2.5, nan], 'b': ['x', 'y', 'x'], 'c': [1.0, 0.0, nan]}
	it('reads an array of records with types inferred as for CSV', () => {
		const frame = readJson('[{"a":1,"b":"x","c":true},{"a":2.5,"b":"y","c":false},{"a":null,"b":"x"}]');
		expect(frame.rowCount).toBe(3);
		expect(nums(frame, 'a')).toEqual([1, 2.5, NaN]);
		expect(texts(frame, 'b')).toEqual(['x', 'y', 'x']);
		const c = getColumn(frame, 'c');
		expect(c.kind).toBe('boolean');
		expect(Array.from((c as Extract<Column, { kind: 'boolean' }>).codes)).toEqual([1, 0, -1]);
	});

	it('reads newline-delimited JSON; nested values become JSON text', () => {
		const frame = readJson('{"a":1,"n":{"k":1}}\n\n{"a":3,"n":[1,2]}\n');
		expect(nums(frame, 'a')).toEqual([1, 3]);
		expect(getColumn(frame, 'n')).toEqual({ kind: 'text', name: 'n', values: ['{"k":1}', '[1,2]'] });
	});

	it('treats __proto__ and constructor as ordinary columns', () => {
		const frame = readJson('[{"__proto__": 1, "constructor": "a"}, {"__proto__": 2, "constructor": "b", "x": 5}]');
		expect(frame.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor', 'x']);
		expect(nums(frame, '__proto__')).toEqual([1, 2]);
		expect(nums(frame, 'x')).toEqual([NaN, 5]);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});

	it('names the line of a broken NDJSON record and the place of a broken array', () => {
		expect(() => readJson('{"a":1}\n{"a":2}\n{"a":}\n')).toThrow(/^line 3: not valid JSON/);
		expect(() => readJson('{"a":1}\n[1,2]\n')).toThrow(/^line 2: the line is an array/);
		expect(() => readJson('[{"a":1},\n {"a":2},\n 3]')).toThrow(/record 3 is a number/);
		expect(() => readJson('[{"a":1},\n {"a" 2}]')).toThrow(JsonTableError);
		expect(() => readJson('[{"a":1},\n {"a" 2}]')).toThrow(/^line 2: not valid JSON at column 7/);
		expect(() => readJson('  ')).toThrow(/empty/);
	});
});

describe('format dispatch', () => {
	it('chooses the reader by extension, else by content', async () => {
		const json = new TextEncoder().encode('[{"a":1},{"a":2}]');
		expect(detectFormat(json, 'x.json')).toBe('json');
		expect(detectFormat(json, 'x.bin')).toBe('json');
		expect(detectFormat(json, 'x.csv')).toBe('csv');
		expect(detectFormat(new TextEncoder().encode('PAR1....'))).toBe('parquet');
		expect(detectFormat(new TextEncoder().encode('ARROW1..'))).toBe('arrow');
		expect(nums(await readTableBytes(json, { fileName: 'data.ndjson' }), 'a')).toEqual([1, 2]);
		const csv = await readTableBytes(latin1(LATIN1_CSV), { fileName: 'export.csv' });
		expect(texts(csv, 'city')).toEqual(['Zürich', 'Straße', 'Köln']);
	});
});

describe('pasted tables', () => {
	it('reads tab-separated cells from a spreadsheet, with the trailing line break', () => {
		const frame = parsePastedTable('name\tage\tnote\r\nAda\t36\t"two\nlines"\r\nLin\t41\t\r\n');
		expect(texts(frame, 'name')).toEqual(['Ada', 'Lin']);
		expect(nums(frame, 'age')).toEqual([36, 41]);
		expect(texts(frame, 'note')).toEqual(['two\nlines', null]);
	});

	it('reads CSV text, and refuses an empty clipboard', () => {
		expect(nums(parsePastedTable('a,b\n1,2\n3,4'), 'b')).toEqual([2, 4]);
		expect(nums(parsePastedTable('a;b\n1,5;2\n'), 'a')).toEqual([1.5]);
		expect(() => parsePastedTable('\n \n')).toThrow(/no table/);
	});

	it('names the delimiter it reads with: the one that splits the header into the columns read', () => {
		const pastes = [
			'\n\nname\tage\nAda\t36\n\n',
			'a,b\n1,2\n3,4',
			'a;b;c\n1,5;2;3\n',
			'a|b\n1|2',
			'\ufeffx;y\n1;2\n',
			`a;b\n${'1;2\n'.repeat(20_000)}`
		];
		for (const text of pastes) {
			const frame = parsePastedTable(text);
			const header = text
				.replace(/^\ufeff/, '')
				.trim()
				.split(/\r?\n/, 1)[0];
			expect(frame.columns.map((c) => c.name)).toEqual(header.split(pastedDelimiter(text)));
		}
		expect(pastedDelimiter('name\tnote, with comma\nAda\tx, y\n')).toBe('\t');
	});
});

describe('Arrow IPC', () => {
	it('keeps the file types: numbers, booleans, dates, strings, and dictionaries as categories', async () => {
		const arrow = await import('apache-arrow');
		const table = new arrow.Table({
			x: arrow.vectorFromArray([1.5, 2, NaN], new arrow.Float64()),
			flag: arrow.vectorFromArray([true, false, null], new arrow.Bool()),
			city: arrow.vectorFromArray(['Köln', 'Bonn', 'Köln'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
			note: arrow.vectorFromArray(['a', null, 'c'], new arrow.Utf8())
		});
		for (const format of ['file', 'stream'] as const) {
			const frame = await readTableBytes(arrow.tableToIPC(table, format), { fileName: `t.${format === 'file' ? 'arrow' : 'bin'}` });
			expect(frame.rowCount).toBe(3);
			expect(nums(frame, 'x')).toEqual([1.5, 2, NaN]);
			expect(Array.from((getColumn(frame, 'flag') as Extract<Column, { kind: 'boolean' }>).codes)).toEqual([1, 0, -1]);
			expect(getColumn(frame, 'city')).toMatchObject({ kind: 'category', dictionary: ['Bonn', 'Köln'] });
			expect(texts(frame, 'city')).toEqual(['Köln', 'Bonn', 'Köln']);
			expect(texts(frame, 'note')).toEqual(['a', null, 'c']);
		}
	});

	it('reads date and timestamp columns as dates', async () => {
		const arrow = await import('apache-arrow');
		const ms = Date.UTC(2024, 1, 29, 12, 30);
		const table = new arrow.Table({
			day: arrow.vectorFromArray([new Date(Date.UTC(2024, 1, 29)), null], new arrow.DateDay()),
			at: arrow.vectorFromArray([ms, ms + 1000], new arrow.TimestampMillisecond())
		});
		const frame = await readTableBytes(arrow.tableToIPC(table), { fileName: 'x.feather' });
		expect(getColumn(frame, 'day')).toMatchObject({ kind: 'date' });
		expect(Array.from((getColumn(frame, 'day') as Extract<Column, { kind: 'date' }>).values)).toEqual([Date.UTC(2024, 1, 29), NaN]);
		expect(Array.from((getColumn(frame, 'at') as Extract<Column, { kind: 'date' }>).values)).toEqual([ms, ms + 1000]);
	});
});
