import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random';
import { sortFloat64 } from './sort';

describe('sortFloat64', () => {
	it('orders negatives, zeros, fractions, huge and tiny values exactly as a comparison sort', () => {
		const random = createRandom(3);
		const special = [-Infinity, Infinity, -1e308, 1e308, -5e-324, 5e-324, 0, -1.5, 1.5, 2 ** 53, -(2 ** 53)];
		const values = Float64Array.from({ length: 50_000 }, (_, i) =>
			i < special.length ? special[i] : (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6)
		);
		const expected = Array.from(values).sort((a, b) => a - b);
		expect(Array.from(sortFloat64(values))).toEqual(expected);
	});

	it('handles columns whose high bits never change (e.g. small positive integers)', () => {
		const values = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 101);
		expect(Array.from(sortFloat64(values))).toEqual(Array.from(values).sort((a, b) => a - b));
	});

	it('leaves its input untouched', () => {
		const values = Float64Array.from({ length: 5000 }, (_, i) => 5000 - i);
		sortFloat64(values);
		expect(values[0]).toBe(5000);
	});
});
