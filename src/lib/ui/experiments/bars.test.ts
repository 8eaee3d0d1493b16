import { describe, expect, it } from 'vitest';
import { barScale } from './bars';

describe('compare bars', () => {
	it('zooms close positive scores so 0.988 and 1.0 look different, and says where the axis starts', () => {
		const s = barScale([0.988, 1]);
		// min − spread/2 = 0.982, rounded down to d3's nice step of 0.005 for 4 ticks → 0.98.
		expect(s.from).toBeCloseTo(0.98, 10);
		expect(s.to).toBe(1);
		// 0.988 is 0.008 of the 0.02 span: 40 % of the track, against 100 % for 1.0.
		expect(s.bars[0]!.width).toBeCloseTo(40, 8);
		expect(s.bars[1]!.width).toBeCloseTo(100, 8);
	});

	it('starts at 0 when the values spread widely (0.06 against 0.53)', () => {
		const s = barScale([0.5313, 0.0577]);
		expect(s.from).toBe(0);
		expect(s.bars[0]!.width).toBeCloseTo(100, 8);
		expect(s.bars[1]!.width).toBeCloseTo((0.0577 / 0.5313) * 100, 8);
	});

	it('starts at 0 when every value is the same, and keeps a missing value missing', () => {
		const s = barScale([1, null, 1]);
		expect(s.from).toBe(0);
		expect(s.bars).toEqual([{ left: 0, width: 100 }, null, { left: 0, width: 100 }]);
	});

	it('puts negative values left of zero on a shared span (R² below 0)', () => {
		const s = barScale([-0.5, 1.5]);
		expect(s.from).toBe(-0.5);
		expect(s.bars[0]).toEqual({ left: 0, width: 25 });
		expect(s.bars[1]).toEqual({ left: 25, width: 75 });
	});
});
