import { describe, expect, it } from 'vitest';
import { shortLabel } from './short-label';

describe('shortLabel', () => {
	it('cuts by graphemes, never inside an emoji or a combined letter', () => {
		expect(shortLabel('abcdefghij', 5)).toBe('abcd…');
		expect(shortLabel('abcde', 5)).toBe('abcde');
		// Four family emoji (11 code units each) and "e" + combining acute: short in graphemes, long in code units.
		const family = '👩‍👩‍👧‍👦';
		expect(shortLabel(family.repeat(4), 5)).toBe(family.repeat(4));
		expect(shortLabel(family.repeat(6), 5)).toBe(`${family.repeat(4)}…`);
		expect(shortLabel('e\u0301'.repeat(8), 4)).toBe(`${'e\u0301'.repeat(3)}…`);
	});

	it('isolates a label holding a right-to-left override', () => {
		expect(shortLabel('\u202Eexe.txt', 20)).toBe('\u2068\u202Eexe.txt\u2069');
		expect(shortLabel('\u202Eabcdefgh', 4)).toBe('\u2068\u202Eab\u2069…');
	});
});
