import { describe, expect, it } from 'vitest';
import { CellColumn } from './capture';
import { looksNumeric, nonMissing, valuesOf } from './capture-values';
import { widthLabel, widthPhrase } from './window-widths';

const column = (cells: readonly (string | null)[]) => {
	const c = new CellColumn();
	for (const cell of cells) c.push(cell);
	return c;
};
const NUMBER_REF = { kind: 'number', values: new Float64Array(0) } as const;
const LABEL_REF = { kind: 'category', values: [] } as const;

describe('capture values', () => {
	it('reads numbers of the chosen rows, NaN for missing and for text that is no number', () => {
		const col = column(['1.5', null, 'abc', ' 2 ']);
		const v = valuesOf(col, 'number', NUMBER_REF)(Int32Array.from([3, 0, 1, 2]));
		expect(v).toEqual({ kind: 'number', values: Float64Array.from([2, 1.5, NaN, NaN]) });
		expect(nonMissing(v)).toBe(2);
	});
	it('reads dates as epoch ms', () => {
		const v = valuesOf(column(['2026-01-02T00:00:00Z']), 'date', NUMBER_REF)(Int32Array.from([0]));
		expect(v).toEqual({ kind: 'number', values: Float64Array.from([Date.UTC(2026, 0, 2)]) });
	});
	it('reads booleans as the reference writes them', () => {
		const v = valuesOf(column(['Yes', '0', null, 'maybe']), 'boolean', LABEL_REF)(Int32Array.from([0, 1, 2, 3]));
		expect(v).toEqual({ kind: 'category', values: ['true', 'false', null, 'maybe'] });
		expect(nonMissing(v)).toBe(3);
	});
	it('takes predictions for numbers only past 20 distinct values, all numeric', () => {
		expect(looksNumeric(column(Array.from({ length: 20 }, (_, i) => String(i))))).toBe(false);
		expect(looksNumeric(column(Array.from({ length: 21 }, (_, i) => String(i))))).toBe(true);
		expect(looksNumeric(column([...Array.from({ length: 21 }, (_, i) => String(i)), 'x']))).toBe(false);
	});
});

describe('window widths in words', () => {
	it('names listed widths and others in minutes or seconds', () => {
		expect(widthLabel(3_600_000)).toBe('hour');
		expect(widthLabel(10 * 60_000)).toBe('10 minutes');
		expect(widthLabel(90_000)).toBe('90 s');
	});
	it('puts the article a width reads with', () => {
		expect(widthPhrase('hour')).toBe('an hour');
		expect(widthPhrase('day')).toBe('a day');
		expect(widthPhrase('5 minutes')).toBe('5 minutes');
	});
});
