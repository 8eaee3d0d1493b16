import { describe, expect, it } from 'vitest';
import { createCsvReader, readCsv, readCsvStream } from './csv';
import { CsvError } from './csv-error';
import { detectDelimiter } from './csv-detect';
import { uniqueHeaderNames } from './csv-header';
import type { ParsedTable } from './csv-parser';
import { getColumn } from '../frame/frame';
import { cellText } from '../frame/display';

interface Table {
	header: readonly string[];
	columns: string[][];
	rowCount: number;
	delimiter: string;
}

/** The parsed table with its cells as plain strings, to compare with toEqual. */
function plain(t: ParsedTable): Table {
	const columns = t.columns.map((c) => Array.from({ length: c.length }, (_, r) => c.get(r)));
	return { header: t.header, columns, rowCount: t.rowCount, delimiter: t.delimiter };
}

function parse(text: string, delimiter?: ',' | ';' | '\t' | '|'): Table {
	const reader = createCsvReader({ delimiter });
	reader.push(text);
	return plain(reader.end());
}

function parseChunks(chunks: string[], delimiter?: ','): Table {
	// without a delimiter, the reader holds text back for detection, so small inputs are
	// parsed at end(); an explicit one exercises the carry across chunks on every push
	const reader = createCsvReader({ delimiter });
	for (const c of chunks) reader.push(c);
	return plain(reader.end());
}

function thrown(f: () => unknown): CsvError {
	try {
		f();
	} catch (e) {
		if (e instanceof CsvError) return e;
		throw e;
	}
	throw new Error('expected a CsvError');
}

describe('CSV reader: fields', () => {
	it('reads a header and rows into per-column raw values', () => {
		const t = parse('a,b,c\n1,2,3\n4,5,6\n');
		expect(t.header).toEqual(['a', 'b', 'c']);
		expect(t.columns).toEqual([
			['1', '4'],
			['2', '5'],
			['3', '6']
		]);
		expect(t.rowCount).toBe(2);
		expect(t.delimiter).toBe(',');
	});

	it('reads quoted fields with "" escapes, delimiters and newlines inside', () => {
		const t = parse('name,note\n"Smith, J","said ""hi""\nthen left"\nx,""\n');
		expect(t.columns[0]).toEqual(['Smith, J', 'x']);
		expect(t.columns[1]).toEqual(['said "hi"\nthen left', '']);
	});

	it('accepts CRLF, LF and lone CR line endings, even mixed', () => {
		const expected = [
			['1', '3', '5'],
			['2', '4', '6']
		];
		expect(parse('a,b\r\n1,2\r\n3,4\r\n5,6\r\n').columns).toEqual(expected);
		expect(parse('a,b\n1,2\n3,4\n5,6').columns).toEqual(expected);
		expect(parse('a,b\r1,2\r3,4\r5,6\r').columns).toEqual(expected);
		expect(parse('a,b\r\n1,2\n3,4\r5,6').columns).toEqual(expected);
	});

	it('keeps CR and CRLF inside quotes as field text', () => {
		expect(parse('a,b\n"x\r\ny",1\n').columns[0]).toEqual(['x\r\ny']);
	});

	it('strips a byte-order mark', () => {
		expect(parse('\uFEFFid,v\n1,2\n').header).toEqual(['id', 'v']);
	});

	it('reads the last record without a trailing newline and ignores blank lines', () => {
		const t = parse('a,b\n1,2\n\n3,4\n\n');
		expect(t.columns).toEqual([
			['1', '3'],
			['2', '4']
		]);
	});

	it('reads empty fields, including a trailing one', () => {
		expect(parse('a,b,c\n,,\n1,,\n').columns).toEqual([
			['', '1'],
			['', ''],
			['', '']
		]);
	});

	it('keeps quotes inside unquoted fields literally', () => {
		expect(parse('a,b\n5" pipe,2\n').columns[0]).toEqual(['5" pipe']);
	});

	it('reads a header-only file as zero rows', () => {
		const t = parse('a,b\n');
		expect(t.rowCount).toBe(0);
		expect(t.columns).toEqual([[], []]);
	});
});

describe('CSV reader: delimiters', () => {
	it.each([
		[',', 'a,b,c\n1,2,3\n'],
		[';', 'a;b;c\n1,5;2,5;3\n'],
		['\t', 'a\tb\tc\n1\t2\t3\n'],
		['|', 'a|b|c\n1|2|3\n']
	])('detects %j', (delim, text) => {
		const t = parse(text);
		expect(t.delimiter).toBe(delim);
		expect(t.header).toEqual(['a', 'b', 'c']);
		expect(t.rowCount).toBe(1);
	});

	it('prefers the delimiter that splits every line alike over the most frequent one', () => {
		// commas are more frequent but give 3,1,2 fields; semicolons give 2,2,2
		expect(detectDelimiter('a,b,c;d\nx;y\n1;2,2,2\n')).toBe(';');
	});

	it('ignores delimiters inside quotes when detecting', () => {
		expect(detectDelimiter('a;b\n"1,2,3";4\n"5,6";7\n')).toBe(';');
	});

	it('uses an explicit delimiter without detection', () => {
		expect(parse('a,b;c\n1,2;3\n', ';').header).toEqual(['a,b', 'c']);
	});

	it('falls back to comma for a single column', () => {
		expect(parse('value\n1\n2\n').header).toEqual(['value']);
	});
});

describe('CSV reader: header names', () => {
	it('makes duplicate and empty names unique', () => {
		expect(parse('col,col,,x,col\n1,2,3,4,5\n').header).toEqual(['col', 'col_2', 'column_3', 'x', 'col_3']);
	});

	it('skips suffixes a real header already uses', () => {
		expect(uniqueHeaderNames(['a', 'a', 'a_2'])).toEqual(['a', 'a_3', 'a_2']);
	});

	it('treats __proto__ and constructor as ordinary columns and pollutes nothing', () => {
		const frame = readCsv('__proto__,constructor,toString\npolluted,1,x\nyes,2,y\n');
		expect(frame.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor', 'toString']);
		expect(cellText(getColumn(frame, '__proto__'), 0)).toBe('polluted');
		expect(getColumn(frame, 'constructor').kind).toBe('number');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	});
});

describe('CSV reader: chunk boundaries', () => {
	const tricky = '\uFEFFid,"na,me",note\r\n1,"a ""q"" b","multi\r\nline"\r\n2,plain,\n3,"",x\r4,"end"",""",y\r\n\r\n';

	it('gives identical results for a split at every position', () => {
		const whole = parse(tricky);
		expect(whole.header).toEqual(['id', 'na,me', 'note']);
		expect(whole.columns[1]).toEqual(['a "q" b', 'plain', '', 'end","']);
		expect(whole.columns[2]).toEqual(['multi\r\nline', '', 'x', 'y']);
		for (let i = 0; i <= tricky.length; i++) {
			const chunks = [tricky.slice(0, i), tricky.slice(i)];
			expect(parseChunks(chunks), `split at ${i}`).toEqual(whole);
			expect(parseChunks(chunks, ','), `split at ${i}, explicit delimiter`).toEqual(whole);
		}
	});

	it('gives identical results fed one character at a time and in pairs of splits', () => {
		const whole = parse(tricky);
		expect(parseChunks([...tricky])).toEqual(whole);
		expect(parseChunks([...tricky], ',')).toEqual(whole);
		for (let i = 0; i < tricky.length; i += 3) {
			for (let j = i; j < tricky.length; j += 2) {
				const chunks = [tricky.slice(0, i), tricky.slice(i, j), tricky.slice(j)];
				expect(parseChunks(chunks)).toEqual(whole);
				expect(parseChunks(chunks, ',')).toEqual(whole);
			}
		}
	});

	it('reads a file larger than the detection sample in odd-sized chunks', () => {
		const lines = ['id;text;n'];
		for (let r = 0; r < 5000; r++) lines.push(`${r};"say ""${r}""\r\nagain;";${r * 0.5}`);
		const text = lines.join('\r\n') + '\r\n';
		const whole = parse(text);
		expect(whole.delimiter).toBe(';');
		expect(whole.rowCount).toBe(5000);
		expect(whole.columns[1][4999]).toBe('say "4999"\r\nagain;');
		const chunks: string[] = [];
		for (let i = 0, k = 1; i < text.length; i += k, k = (k * 7 + 3) % 997) chunks.push(text.slice(i, i + k));
		expect(parseChunks(chunks)).toEqual(whole);
	});

	it('reads a huge quoted field fed in small chunks', () => {
		const big = 'x"'.repeat(100_000);
		const text = `a,b\n1,"${big.replaceAll('"', '""')}"\n2,z\n`;
		const chunks: string[] = [];
		for (let i = 0; i < text.length; i += 1000) chunks.push(text.slice(i, i + 1000));
		const t = parseChunks(chunks, ',');
		expect(t.columns[1]).toEqual([big, 'z']);
	});

	it('detects the delimiter when the first chunk is tiny', () => {
		expect(parseChunks(['a', ';b\n1', ';2\n']).header).toEqual(['a', 'b']);
	});
});

describe('CSV reader: errors', () => {
	it('names the line of a record with too many fields', () => {
		const e = thrown(() => parse('a,b,c\n1,2,3\n4,5,6,7\n'));
		expect(e.line).toBe(3);
		expect(e.message).toBe('line 3: expected 3 fields but found 4');
	});

	it('names the line and the first missing column of a short record', () => {
		const e = thrown(() => parse('a,b,c\n1,2,3\n"x\ny",5\n'));
		expect(e.line).toBe(3);
		expect(e.column).toBe('c');
		expect(e.message).toBe('line 3: expected 3 fields but found 2');
	});

	it('names the right line when the error comes in a later chunk', () => {
		const text = 'a,b\r\n1,2\r\n"3\r\n",4\r\n5\r\n';
		for (let i = 0; i <= text.length; i++) {
			const reader = createCsvReader({ delimiter: ',' });
			const e = thrown(() => {
				reader.push(text.slice(0, i));
				reader.push(text.slice(i));
				reader.end();
			});
			expect(e.message, `split at ${i}`).toBe('line 5: expected 2 fields but found 1');
		}
	});

	it('counts physical lines, including newlines inside quotes', () => {
		const e = thrown(() => parse('a,b\n"1\n2\n3",x\n4\n'));
		expect(e.line).toBe(5);
	});

	it('reports an unclosed quote where it opened', () => {
		const e = thrown(() => parse('a,b\n1,2\n3,"oops\n4,5\n'));
		expect(e.line).toBe(3);
		expect(e.column).toBe('b');
		expect(e.message).toMatch(/^line 3: a quoted field opened here is never closed/);
	});

	it('rejects text after a closing quote instead of shifting columns', () => {
		const e = thrown(() => parse('a,b\n"x"y,2\n'));
		expect(e.line).toBe(2);
		expect(e.column).toBe('a');
	});

	it('requires a header row', () => {
		expect(thrown(() => parse('')).line).toBe(1);
		expect(thrown(() => parse('\n\n')).message).toMatch(/header row is required/);
	});

	it('is a CsvError and an Error', () => {
		const e = thrown(() => parse('a\n"'));
		expect(e).toBeInstanceOf(Error);
		expect(e.name).toBe('CsvError');
	});
});

describe('readCsvStream', () => {
	const encoder = new TextEncoder();

	async function* bytes(text: string, size: number): AsyncGenerator<Uint8Array> {
		const all = encoder.encode(text);
		for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
	}

	it('decodes UTF-8 split mid-character, strips the BOM and reports progress', async () => {
		const text = '\uFEFFcity,temp\nZürich,3.5\n東京,12\nMünchen,NA\n';
		const progress: number[] = [];
		const frame = await readCsvStream(bytes(text, 3), { onProgress: (b) => progress.push(b) });
		expect(frame.columns.map((c) => c.name)).toEqual(['city', 'temp']);
		const city = getColumn(frame, 'city');
		expect([0, 1, 2].map((r) => cellText(city, r))).toEqual(['Zürich', '東京', 'München']);
		const temp = getColumn(frame, 'temp');
		expect(temp.kind).toBe('number');
		expect(progress.at(-1)).toBe(encoder.encode(text).length);
		expect(progress).toEqual([...progress].sort((a, b) => a - b));
	});

	it('reads a ReadableStream', async () => {
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(encoder.encode('a;b\n1;'));
				controller.enqueue(encoder.encode('2\n'));
				controller.close();
			}
		});
		const frame = await readCsvStream(stream);
		expect(frame.rowCount).toBe(1);
		expect(frame.columns.map((c) => c.name)).toEqual(['a', 'b']);
	});

	it('throws an AbortError between chunks once the signal aborts', async () => {
		const controller = new AbortController();
		const source = bytes('a,b\n1,2\n3,4\n5,6\n', 4);
		const promise = readCsvStream(source, {
			signal: controller.signal,
			onProgress: (n) => {
				if (n >= 8) controller.abort();
			}
		});
		await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
	});
});
