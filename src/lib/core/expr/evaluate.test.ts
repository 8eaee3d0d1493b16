import { describe, expect, it } from 'vitest';
import { createFrame, schemaOf } from '../frame/frame';
import type { Column } from '../frame/types';
import { evaluate } from './evaluate';
import { conditionMask, derivedColumn, prepareExpression } from './prepare';
import { toColumn } from './vectors';

const day = (s: string) => Date.parse(`${s}Z`);
// Four rows; row 3 (index 3) is missing everywhere.
const frame = createFrame([
	{ kind: 'number', name: 'x', values: Float64Array.from([4, -2.5, 0, NaN]) },
	{ kind: 'number', name: 'y', values: Float64Array.from([2, 3, 0, 1]) },
	{ kind: 'category', name: 'cat', codes: Int32Array.from([0, 1, 0, -1]), dictionary: ['Adelie', 'Gentoo'] },
	{ kind: 'text', name: 'txt', values: ['Hello World', 'ünïcode 🐧', '', null] },
	{ kind: 'boolean', name: 'b', codes: Int32Array.from([1, 0, -1, -1]) },
	{
		kind: 'date',
		name: 'd',
		values: Float64Array.from([day('2024-02-29T13:45:00'), day('2023-12-31T00:00:00'), day('1970-01-01T23:00:00'), NaN])
	},
	{ kind: 'number', name: '__proto__', values: Float64Array.from([1, 2, 3, 4]) },
	{ kind: 'number', name: 'constructor', values: Float64Array.from([10, 20, 30, 40]) }
]);

/** The expression's values as plain JS: numbers (NaN → null), strings, booleans, or null for missing. */
function values(src: string): (number | string | boolean | null)[] {
	const col = derivedColumn(src, frame, 'out');
	switch (col.kind) {
		case 'number':
		case 'date':
			return Array.from(col.values, (v) => (Number.isNaN(v) ? null : v));
		case 'boolean':
			return Array.from(col.codes, (c) => (c < 0 ? null : c === 1));
		case 'category':
			return Array.from(col.codes, (c) => (c < 0 ? null : col.dictionary[c]));
		case 'text':
			return [...col.values];
	}
}

describe('arithmetic', () => {
	it.each([
		['x + y', [6, 0.5, 0, null]],
		['x - y * 2', [0, -8.5, 0, null]],
		['x / y', [2, -2.5 / 3, null, null]], // 0 / 0 is missing, not NaN-as-a-value
		['y / x', [0.5, -1.2, null, null]], // division by zero is missing
		['x % 3', [1, 0.5, 0, null]], // floored, as Python: -2.5 % 3 == 0.5
		['-7 % 3 + x * 0', [2, 2, 2, null]],
		['y ^ 2 ^ 0.5 * 0 + 2 ^ 3 ^ 2', [512, 512, 512, 512]],
		['-y ^ 2', [-4, -9, -0, -1]],
		['x * 0 + 1e3', [1000, 1000, 1000, null]]
	])('%s', (src, expected) => {
		const got = values(src);
		expected.forEach((e, i) => (e === null ? expect(got[i]).toBeNull() : expect(got[i]).toBeCloseTo(e as number, 12)));
	});
});

describe('functions', () => {
	// Reference: numpy 1.x, e.g. /usr/bin/python3 -c "import numpy as np; print(np.round([0.5,1.5,2.5,-2.5], 0), np.round(2.675, 2), np.round(1250, -2))"
	it.each([
		['abs(x)', [4, 2.5, 0, null]],
		['sqrt(x)', [2, null, 0, null]],
		['exp(y)', [Math.exp(2), Math.exp(3), 1, Math.E]],
		['log(x)', [Math.log(4), null, null, null]],
		['log(8, y)', [3, Math.log(8) / Math.log(3), null, null]],
		['log10(y * 50)', [2, Math.log10(150), null, Math.log10(50)]],
		['pow(y, 3)', [8, 27, 0, 1]],
		['round(x)', [4, -2, 0, null]],
		['round(y * 0.5 + 0 * y)', [1, 2, 0, 0]], // 1.5 → 2, 0.5 → 0: half to even, as numpy
		['round(2.675, 2) + y * 0', [2.68, 2.68, 2.68, 2.68]],
		['round(1250, -2) + round(1350, -2) + y * 0', [2600, 2600, 2600, 2600]],
		['floor(x) + ceil(x)', [8, -5, 0, null]],
		['min(x, y, 1)', [1, -2.5, 0, null]],
		['max(x, y)', [4, 3, 0, null]],
		['length(txt)', [11, 9, 0, null]],
		['length(cat)', [6, 6, 6, null]],
		["datediff(d, '2024-01-01')", [59 + 13.75 / 24, -1, -19723 + 23 / 24, null]],
		['year(d)', [2024, 2023, 1970, null]],
		['month(d)', [2, 12, 1, null]],
		['day(d)', [29, 31, 1, null]],
		['weekday(d)', [3, 6, 3, null]], // Thursday, Sunday, Thursday (Monday = 0)
		['hour(d)', [13, 0, 23, null]]
	])('%s', (src, expected) => {
		const got = values(src);
		expected.forEach((e, i) => (e === null ? expect(got[i]).toBeNull() : expect(got[i]).toBeCloseTo(e as number, 10)));
	});

	it.each([
		['lower(txt)', ['hello world', 'ünïcode 🐧', '', null]],
		['upper(cat)', ['ADELIE', 'GENTOO', 'ADELIE', null]],
		['trim("  a ") + cat', ['aAdelie', 'aGentoo', 'aAdelie', null]],
		["contains(txt, 'o')", [true, true, false, null]],
		["contains(lower(txt), 'WORLD')", [false, false, false, null]],
		['isnull(x)', [false, false, false, true]],
		['isnull(txt) or isnull(b)', [false, false, true, true]],
		['x is null', [false, false, false, true]],
		['cat is not null', [true, true, true, false]],
		['coalesce(x, y, 0)', [4, -2.5, 0, 1]],
		["coalesce(cat, 'none')", ['Adelie', 'Gentoo', 'Adelie', 'none']],
		['coalesce(b, false)', [true, false, false, false]],
		["if(x > 0, 'pos', 'not pos')", ['pos', 'not pos', 'not pos', 'not pos']], // a missing condition takes the else branch
		['if y > 2 then x else null', [null, -2.5, null, null]],
		["date('2024-03-01') > d", [true, true, true, null]],
		['__proto__ + constructor', [11, 22, 33, 44]]
	])('%s', (src, expected) => {
		expect(values(src)).toEqual(expected);
	});

	it('gives category results a sorted, duplicate-free dictionary and text results text', () => {
		const col = derivedColumn("if(x > 0, lower(cat), 'Zed') + ''", frame, 'c');
		expect(col).toMatchObject({ kind: 'category', dictionary: ['Zed', 'adelie'] });
		expect(Array.from((col as Extract<Column, { kind: 'category' }>).codes)).toEqual([1, 0, 0, 0]);
		expect(derivedColumn("txt + '!'", frame, 't')).toMatchObject({ kind: 'text', values: ['Hello World!', 'ünïcode 🐧!', '!', null] });
		expect(derivedColumn('d', frame, 'dd').kind).toBe('date');
	});
});

describe('missing values, SQL-like', () => {
	it('comparisons with a missing value are missing', () => {
		expect(values('x > 0')).toEqual([true, false, false, null]);
		expect(values('x = null')).toEqual([null, null, null, null]);
		expect(values("cat = 'Adelie'")).toEqual([true, false, true, null]);
		expect(values('cat != txt')).toEqual([true, true, true, null]);
		expect(values('b = true')).toEqual([true, false, null, null]);
		expect(values("d >= '2024-01-01'")).toEqual([true, false, false, null]);
	});

	it('and / or / not are three-valued', () => {
		// b: true, false, missing, missing
		expect(values('b and false')).toEqual([false, false, false, false]);
		expect(values('b and true')).toEqual([true, false, null, null]);
		expect(values('b or true')).toEqual([true, true, true, true]);
		expect(values('b or false')).toEqual([true, false, null, null]);
		expect(values('not b')).toEqual([false, true, null, null]);
		expect(values('null and false')).toEqual([false, false, false, false]);
		expect(values('null or null')).toEqual([null, null, null, null]);
	});

	it('a filter keeps only the rows where the condition is true', () => {
		expect(Array.from(conditionMask('b or x < 0', frame))).toEqual([1, 1, 0, 0]);
		expect(Array.from(conditionMask('not (x > 0)', frame))).toEqual([0, 1, 1, 0]);
		expect(Array.from(conditionMask('x is null', frame))).toEqual([0, 0, 0, 1]);
		expect(() => conditionMask('x + 1', frame)).toThrow(
			'position 1: a filter needs a true/false condition, but this expression gives number'
		);
		expect(() => derivedColumn('null', frame, 'n')).toThrow(/always missing/);
	});

	it('never changes the input columns', () => {
		const before = Array.from((frame.columns[0] as Extract<Column, { kind: 'number' }>).values);
		values('-x');
		values('coalesce(x, 1)');
		values('if(b, x, y)');
		expect(Array.from((frame.columns[0] as Extract<Column, { kind: 'number' }>).values)).toEqual(before);
	});

	it('handles an empty frame', () => {
		const empty = createFrame([{ kind: 'number', name: 'x', values: new Float64Array(0) }]);
		const checked = prepareExpression("x * 2 > 1 and lower('A') = 'a'", schemaOf(empty));
		expect(toColumn('o', evaluate(checked.tree, empty), checked.type, 0)).toEqual({ kind: 'boolean', name: 'o', codes: new Int32Array(0) });
	});
});
