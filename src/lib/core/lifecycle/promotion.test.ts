import { describe, expect, it } from 'vitest';
import { directionOf, promotionDecision, resolveMetric } from './promotion';

const scored = (score: number) => ({ kind: 'scored' as const, version: '1', score });

describe('promotionDecision', () => {
	it('a challenger better by more than the gain is promoted', () => {
		const d = promotionDecision({ metric: 'accuracy', challenger: 0.92, champion: scored(0.9), minGain: 0.01 });
		expect(d).toMatchObject({ promote: true, reason: 'beats-champion', champion: 0.9, direction: 'max' });
		expect(d.gain).toBeCloseTo(0.02, 12);
		expect(d.message).toBe('promoted: accuracy 0.92 against 0.9 for version 1 (gain 0.02 > 0.01)');
	});

	it('a worse challenger is not promoted, its negative gain said', () => {
		const d = promotionDecision({ metric: 'accuracy', challenger: 0.85, champion: scored(0.9), minGain: 0 });
		expect(d).toMatchObject({ promote: false, reason: 'not-better' });
		expect(d.gain).toBeCloseTo(-0.05, 12);
	});

	it('equal, or better by no more than the gain, is not promoted', () => {
		expect(promotionDecision({ metric: 'r2', challenger: 0.8, champion: scored(0.8), minGain: 0 }).promote).toBe(false);
		expect(promotionDecision({ metric: 'r2', challenger: 0.805, champion: scored(0.8), minGain: 0.01 }).promote).toBe(false);
		expect(promotionDecision({ metric: 'r2', challenger: 0.8, champion: scored(0.8), minGain: 0 }).message).toMatch(/needs more than 0/);
	});

	it('for RMSE and MAE lower is better', () => {
		expect(directionOf('rmse')).toBe('min');
		expect(directionOf('mae')).toBe('min');
		expect(directionOf('rocAuc')).toBe('max');
		const better = promotionDecision({ metric: 'rmse', challenger: 3.1, champion: scored(3.5), minGain: 0.2 });
		expect(better).toMatchObject({ promote: true, direction: 'min' });
		expect(better.gain).toBeCloseTo(0.4, 12);
		expect(promotionDecision({ metric: 'mae', challenger: 3.5, champion: scored(3.1), minGain: 0 }).promote).toBe(false);
	});

	it('no champion: the first version is promoted; a champion that cannot score the new rows loses', () => {
		expect(promotionDecision({ metric: 'accuracy', challenger: 0.5, champion: { kind: 'none' }, minGain: 0.1 })).toMatchObject({
			promote: true,
			reason: 'first-version',
			champion: null
		});
		const d = promotionDecision({
			metric: 'accuracy',
			challenger: 0.5,
			champion: { kind: 'unscorable', version: '3', message: 'column "age" is missing' },
			minGain: 0
		});
		expect(d).toMatchObject({ promote: true, reason: 'champion-unscorable' });
		expect(d.message).toBe('promoted: version 3 cannot score the new rows (column "age" is missing)');
	});

	it('a challenger without a score is never promoted; a negative gain is refused', () => {
		expect(promotionDecision({ metric: 'rocAuc', challenger: NaN, champion: { kind: 'none' }, minGain: 0 }).promote).toBe(false);
		expect(() => promotionDecision({ metric: 'accuracy', challenger: 1, champion: scored(0), minGain: -1 })).toThrow(/0 or more/);
	});

	it('auto is the task primary figure; a figure of the other task is refused', () => {
		expect(resolveMetric('auto', 'classification')).toBe('accuracy');
		expect(resolveMetric('auto', 'regression')).toBe('r2');
		expect(resolveMetric('mae', 'regression')).toBe('mae');
		expect(() => resolveMetric('rmse', 'classification')).toThrow(/regression figure; this model does classification/);
	});
});
