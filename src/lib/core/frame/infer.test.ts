import { describe, expect, it } from 'vitest';
import { inferColumn } from './infer';
import { parseDateToken, parseNumberToken } from './tokens';
import { readCsv } from '../readers/csv';
import { getColumn } from './frame';
import type { Column } from './types';

function kindOf(raw: string[]): Column['kind'] {
	return inferColumn('x', raw).kind;
}

describe('number tokens', () => {
	it.each([
		['0', 0],
		['-3', -3],
		['+4.5', 4.5],
		['.5', 0.5],
		['5.', 5],
		['1e3', 1000],
		['-2.5E-2', -0.025],
		['007', 7]
	])('reads %j', (s, v) => expect(parseNumberToken(s)).toBe(v));

	it.each(['1,000', '0x1F', 'Infinity', '1e', '.', '-', '1.2.3', '12abc', 'e5', '1 2'])('rejects %j', (s) =>
		expect(parseNumberToken(s)).toBeNaN()
	);
});

describe('date tokens', () => {
	it('reads ISO dates and date-times as UTC epoch ms', () => {
		expect(parseDateToken('1970-01-02')).toBe(86_400_000);
		expect(parseDateToken('2012-01-01')).toBe(Date.UTC(2012, 0, 1));
		expect(parseDateToken('2024-02-29T13:45')).toBe(Date.UTC(2024, 1, 29, 13, 45));
		expect(parseDateToken('2024-02-29 13:45:07')).toBe(Date.UTC(2024, 1, 29, 13, 45, 7));
		expect(parseDateToken('2024-02-29T13:45:07.25Z')).toBe(Date.UTC(2024, 1, 29, 13, 45, 7, 250));
		expect(parseDateToken('2024-02-29T13:45:07+02:00')).toBe(Date.UTC(2024, 1, 29, 11, 45, 7));
		expect(parseDateToken('0050-06-01')).toBe(Date.parse('0050-06-01T00:00:00Z'));
		expect(parseDateToken('1900-03-01')).toBe(Date.UTC(1900, 2, 1));
	});

	it.each(['2023-02-29', '2023-13-01', '2023-1-01', '2023-01-01T25:00', '2023-01-01X', '01/02/2023', '2023-01-01T10:00:61'])(
		'rejects %j',
		(s) => expect(parseDateToken(s)).toBeNaN()
	);
});

describe('inferColumn', () => {
	it('reads numbers, with every missing token as NaN', () => {
		const col = inferColumn('n', ['1', '', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '2.5', ' 3 ']);
		expect(col.kind).toBe('number');
		if (col.kind !== 'number') return;
		expect(Array.from(col.values)).toEqual([1, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 2.5, 3]);
	});

	it('keeps 0/1 as numbers, not booleans', () => {
		expect(kindOf(['0', '1', '1', '0'])).toBe('number');
	});

	it('reads true/false and yes/no in any case as booleans coded 0/1', () => {
		const col = inferColumn('b', ['true', 'FALSE', 'Yes', 'no', 'NA']);
		expect(col.kind).toBe('boolean');
		if (col.kind !== 'boolean') return;
		expect(Array.from(col.codes)).toEqual([1, 0, 1, 0, -1]);
	});

	it('reads ISO dates as dates only when every value is one', () => {
		const col = inferColumn('d', ['2012-01-01', '', '2012-01-03 06:00:00']);
		expect(col.kind).toBe('date');
		if (col.kind !== 'date') return;
		expect(Array.from(col.values)).toEqual([Date.UTC(2012, 0, 1), NaN, Date.UTC(2012, 0, 3, 6)]);
		expect(kindOf(['2012-01-01', 'soon'])).toBe('category');
	});

	it('makes a category with a sorted dictionary, same codes whatever the row order', () => {
		const a = inferColumn('c', ['b', 'a', 'c', 'a', 'NA', 'B']);
		const b = inferColumn('c', ['a', 'NA', 'B', 'c', 'b', 'a']);
		expect(a.kind).toBe('category');
		if (a.kind !== 'category' || b.kind !== 'category') return;
		// plain code-unit order: uppercase before lowercase
		expect(a.dictionary).toEqual(['B', 'a', 'b', 'c']);
		expect(b.dictionary).toEqual(a.dictionary);
		expect(Array.from(a.codes)).toEqual([2, 1, 3, 1, -1, 0]);
	});

	it('falls back to a category when one value of a numeric column is not a number', () => {
		expect(kindOf(['1', '2', '3', 'x'])).toBe('category');
	});

	it('makes text of many distinct values and a category of few', () => {
		const unique = Array.from({ length: 40 }, (_, i) => `id-${i}`);
		expect(kindOf(unique)).toBe('text');
		const repeated = Array.from({ length: 40 }, (_, i) => `g${i % 20}`); // 20 distinct = 50% of 40
		expect(kindOf(repeated)).toBe('category');
		const justOver = Array.from({ length: 40 }, (_, i) => `g${i % 21}`);
		expect(kindOf(justOver)).toBe('text');
		expect(kindOf(['Ann', 'Bob', 'Cy'])).toBe('category'); // fewer than 20 rows
	});

	it('makes text of more than 1000 distinct values even when they repeat', () => {
		const raw = Array.from({ length: 10_000 }, (_, i) => `v${i % 1001}`);
		expect(kindOf(raw)).toBe('text');
		expect(kindOf(raw.map((_, i) => `v${i % 1000}`))).toBe('category');
	});

	it('keeps text values verbatim with null for missing', () => {
		const raw = Array.from({ length: 30 }, (_, i) => (i === 5 ? 'NA' : ` t${i}`));
		const col = inferColumn('t', raw);
		expect(col.kind).toBe('text');
		if (col.kind !== 'text') return;
		expect(col.values[0]).toBe(' t0');
		expect(col.values[5]).toBeNull();
	});

	it('reads an all-missing or empty column as numbers', () => {
		expect(kindOf(['', 'NA'])).toBe('number');
		expect(kindOf([])).toBe('number');
	});
});

describe('number spans', () => {
	it('agree with Number() on the fast path and the fallback', () => {
		// a deterministic spread of significands and exponents, including > 15 digits
		const tokens: string[] = ['0.1', '0.3', '-0', '123456789012345', '1234567890123456789', '9007199254740993'];
		let x = 12345;
		for (let i = 0; i < 2000; i++) {
			x = (x * 1103515245 + 12345) % 2147483648;
			const digits = String(x).slice(0, 1 + (i % 10));
			const point = i % 7;
			const body = point < digits.length ? `${digits.slice(0, point)}.${digits.slice(point)}` : digits;
			tokens.push(i % 3 === 0 ? `${body}e${(i % 50) - 25}` : i % 2 ? `-${body}` : body);
		}
		for (const t of tokens) expect(Object.is(parseNumberToken(t), Number(t)), t).toBe(true);
	});

	it('read through a CSV parse, with quoted and spaced numbers and missing tokens', () => {
		const col = getColumn(readCsv('a,b\n"1.5",x\n 2 ,y\nNA,z\n1e-3,w\n'), 'a');
		expect(col.kind).toBe('number');
		if (col.kind === 'number') expect(Array.from(col.values)).toEqual([1.5, 2, NaN, 0.001]);
	});
});
