import { describe, expect, it } from 'vitest';
import { isolated } from './bidi';

describe('isolated', () => {
	it('wraps a name holding a direction control in FSI … PDI, and leaves others as they are', () => {
		expect(isolated('\u202Etxt.exe')).toBe('\u2068\u202Etxt.exe\u2069');
		expect(isolated('a\u200Fb')).toBe('\u2068a\u200Fb\u2069');
		for (const plain of ['churn.csv', 'عربى.csv', 'zero\u200Bwidth', '🦄', '<img src=x onerror=alert(1)>'])
			expect(isolated(plain)).toBe(plain);
	});
});
