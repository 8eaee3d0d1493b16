import { describe, expect, it } from 'vitest';
import { cellText, formatNumber, rowWindow } from './display';
import { columnNames, createFrame, frameTransferables, getColumn, hasColumn, isMissing, numericValue, schemaOf } from './frame';
import type { Column, Frame } from './types';
import { dropColumns, renameColumn, selectColumns, takeRows, withColumns } from './verbs';

const num = (name: string, v: number[]): Column => ({ kind: 'number', name, values: Float64Array.from(v) });

function sample(): Frame {
	return createFrame([
		num('x', [1.5, NaN, 3]),
		{ kind: 'category', name: 'c', codes: Int32Array.from([1, 0, -1]), dictionary: ['a', 'b'] },
		{ kind: 'boolean', name: 'b', codes: Int32Array.from([0, 1, -1]) },
		{ kind: 'date', name: 'd', values: Float64Array.from([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 2, 3, 4, 5), NaN]) },
		{ kind: 'text', name: 't', values: ['hello', null, 'world'] }
	]);
}

describe('createFrame', () => {
	it('counts rows and lists names and schema', () => {
		const f = sample();
		expect(f.rowCount).toBe(3);
		expect(columnNames(f)).toEqual(['x', 'c', 'b', 'd', 't']);
		expect(schemaOf(f)).toEqual([
			{ name: 'x', kind: 'number' },
			{ name: 'c', kind: 'category', categories: ['a', 'b'] },
			{ name: 'b', kind: 'boolean' },
			{ name: 'd', kind: 'date' },
			{ name: 't', kind: 'text' }
		]);
	});

	it('rejects unequal lengths and duplicate names', () => {
		expect(() => createFrame([num('a', [1]), num('b', [1, 2])])).toThrow(/"b" has 2 rows; expected 1/);
		expect(() => createFrame([num('a', [1]), num('a', [2])])).toThrow(/duplicate column name "a"/);
	});

	it('handles __proto__ and constructor as ordinary names', () => {
		const f = createFrame([num('__proto__', [1]), num('constructor', [2])]);
		expect(hasColumn(f, '__proto__')).toBe(true);
		expect(hasColumn(f, 'toString')).toBe(false);
		expect(numericValue(getColumn(f, 'constructor'), 0)).toBe(2);
		expect(() => createFrame([num('__proto__', [1]), num('__proto__', [2])])).toThrow(/duplicate/);
	});
});

describe('reading cells', () => {
	it('getColumn names the missing column and lists the available ones', () => {
		expect(() => getColumn(sample(), 'y')).toThrow('no column named "y"; available: "x", "c", "b", "d", "t"');
	});

	it('knows missing cells of every kind', () => {
		const f = sample();
		expect(f.columns.map((c) => [0, 1, 2].map((r) => isMissing(c, r)))).toEqual([
			[false, true, false],
			[false, false, true],
			[false, false, true],
			[false, false, true],
			[false, true, false]
		]);
	});

	it('gives numeric values: numbers, epoch ms, codes, 0/1, NaN for missing and text', () => {
		const f = sample();
		expect(f.columns.map((c) => numericValue(c, 0))).toEqual([1.5, 1, 0, Date.UTC(2020, 0, 2), NaN]);
		expect(numericValue(getColumn(f, 'c'), 2)).toBeNaN();
	});

	it('formats cells for display', () => {
		const f = sample();
		expect(f.columns.map((c) => cellText(c, 0))).toEqual(['1.5', 'b', 'false', '2020-01-02', 'hello']);
		expect(f.columns.map((c) => cellText(c, 1))).toEqual(['', 'a', 'true', '2020-01-02T03:04:05.000Z', '']);
	});

	it('formats numbers compactly', () => {
		expect(formatNumber(42)).toBe('42');
		expect(formatNumber(-0.1 - 0.2)).toBe('-0.3');
		expect(formatNumber(1234.56789)).toBe('1234.57');
		expect(formatNumber(1e20)).toBe('1e+20');
		expect(formatNumber(0.0000123456)).toBe('1.2346e-5');
		expect(formatNumber(NaN)).toBe('');
	});

	it('returns a window of rows as text, clipped to the frame', () => {
		expect(rowWindow(sample(), 2, 10)).toEqual({
			columns: ['x', 'c', 'b', 'd', 't'],
			rows: [['3', '', '', '', 'world']]
		});
		expect(rowWindow(sample(), 5, 10).rows).toEqual([]);
	});

	it('lists each transferable buffer once', () => {
		const f = sample();
		const shared = withColumns(f, [{ ...getColumn(f, 'x'), name: 'x2' } as Column]);
		expect(frameTransferables(f)).toHaveLength(4);
		expect(frameTransferables(shared)).toHaveLength(4);
	});
});

describe('verbs', () => {
	it('takeRows copies the chosen rows in order, repeats allowed', () => {
		const f = sample();
		const g = takeRows(f, Uint32Array.from([2, 0, 0]));
		expect(g.rowCount).toBe(3);
		expect(rowWindow(g, 0, 3).rows).toEqual([
			['3', '', '', '', 'world'],
			['1.5', 'b', 'false', '2020-01-02', 'hello'],
			['1.5', 'b', 'false', '2020-01-02', 'hello']
		]);
		expect(getColumn(g, 'x')).not.toBe(getColumn(f, 'x'));
		expect(() => takeRows(f, Int32Array.from([3]))).toThrow(RangeError);
		expect(takeRows(f, new Uint32Array(0)).rowCount).toBe(0);
	});

	it('selects, drops, replaces, appends and renames without copying untouched columns', () => {
		const f = sample();
		const s = selectColumns(f, ['t', 'x']);
		expect(columnNames(s)).toEqual(['t', 'x']);
		expect(getColumn(s, 'x')).toBe(getColumn(f, 'x'));
		expect(columnNames(dropColumns(f, ['c', 'd']))).toEqual(['x', 'b', 't']);
		expect(dropColumns(f, columnNames(f)).rowCount).toBe(3);
		expect(() => dropColumns(f, ['nope'])).toThrow(/no column named "nope"/);

		const w = withColumns(f, [num('x', [7, 8, 9]), num('y', [0, 0, 0])]);
		expect(columnNames(w)).toEqual(['x', 'c', 'b', 'd', 't', 'y']);
		expect(numericValue(getColumn(w, 'x'), 0)).toBe(7);
		expect(numericValue(getColumn(f, 'x'), 0)).toBe(1.5); // the original is unchanged
		expect(() => withColumns(f, [num('y', [1])])).toThrow(/rows/);

		const r = renameColumn(f, 'x', 'z');
		expect(columnNames(r)).toEqual(['z', 'c', 'b', 'd', 't']);
		expect(() => renameColumn(f, 'x', 'c')).toThrow(/already exists/);
		expect(() => renameColumn(f, 'q', 'z')).toThrow(/no column named "q"/);
	});
});
