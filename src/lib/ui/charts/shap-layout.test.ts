import { describe, expect, it } from 'vitest';
import { byMeanAbs, colourPositions, swarmOffsets, valueColour, waterfallSteps } from './shap-layout';

describe('SHAP chart layout', () => {
	it('a waterfall starts at E[f], ends at f(x), largest |SHAP| on top, the rest summed', () => {
		const names = ['a', 'b', 'c', 'd'];
		const values = [0.5, -2, 0.25, 0.125];
		const steps = waterfallSteps(names, values, [1, 2, null, 4], 10, 2);
		expect(steps.map((s) => s.label)).toEqual(['b = 2', 'a = 1', '2 other features']);
		// Bottom up: 10 → 10.375 (c + d) → 10.875 (a) → 8.875 (b) = 10 + Σ values.
		expect(steps.map((s) => [s.start, s.end])).toEqual([
			[10.875, 8.875],
			[10.375, 10.875],
			[10, 10.375]
		]);
		expect(waterfallSteps(names, values, [1, 2, null, 4], 0, 10)[2].label).toBe('c = missing');
	});

	it('orders features by mean |SHAP| and places colours between the 5th and 95th percentiles', () => {
		expect(
			byMeanAbs(
				[
					[1, -3, 0],
					[-1, 1, 0.5]
				],
				3
			)
		).toEqual({ order: [1, 0, 2], meanAbs: [1, 2, 0.25] });
		// 0..20: the 5th percentile is 1, the 95th 19.
		const t = colourPositions([...Array.from({ length: 21 }, (_, i) => i), null]);
		expect(t[1]).toBe(0);
		expect(t[10]).toBe(0.5);
		expect(t[20]).toBe(1);
		expect(t[21]).toBeNull();
		expect(valueColour(0)).toBe('rgb(0,139,251)');
		expect(valueColour(1)).toBe('rgb(255,0,81)');
	});

	it('piles dots that share an x alternately below and above the line, within the clamp', () => {
		expect(swarmOffsets([0, 0.1, 0.2, 50], 5, 100)).toEqual([0, -4, 4, 0]);
		expect(Math.max(...swarmOffsets(Array(40).fill(3), 5, 10).map(Math.abs))).toBe(10);
	});
});
