import { describe, expect, it } from 'vitest';
import { defaultRules, describeRule, evaluateAlerts, type AlertRule } from './alerts';
import type { DriftCell, WindowSummary } from './windows';

const drift = (column: string, drifted: boolean): DriftCell => ({
	kind: 'tested',
	column,
	test: 'ks',
	score: drifted ? 0.001 : 0.5,
	scoreKind: 'p-value',
	threshold: 0.05,
	drifted,
	rows: 50
});

const window = (over: Partial<WindowSummary>): WindowSummary => ({
	start: 0,
	end: 1,
	requests: 10,
	rows: 20,
	latency: { p50: 5, p95: 40, p99: 90 },
	unscored: 0,
	mix: { kind: 'classes', counts: [20] },
	drift: [drift('a', false), drift('b', false)],
	labelled: 20,
	metrics: { accuracy: 0.95 },
	...over
});

describe('alert rules', () => {
	const windows = [
		window({}),
		window({ latency: { p50: 5, p95: 120, p99: 300 } }),
		window({ drift: [drift('a', false), drift('b', true)] }),
		window({ metrics: { accuracy: 0.9 }, unscored: 5 }),
		window({ metrics: null, labelled: 0, latency: null })
	];
	const rules: AlertRule[] = [
		{ kind: 'latency', percentile: 'p95', limitMs: 100 },
		{ kind: 'drift', column: null },
		{ kind: 'drift', column: 'a' },
		{ kind: 'metric', metric: 'accuracy', op: 'below', threshold: 0.93 },
		{ kind: 'refusals', share: 0.1 }
	];

	it('flag each window with the rules that fired and what they saw', () => {
		expect(evaluateAlerts({ windows }, rules)).toEqual([
			{ window: 1, firings: [{ rule: 0, message: 'latency p95 120 ms (limit 100 ms)' }] },
			{ window: 2, firings: [{ rule: 1, message: 'drift in "b"' }] },
			{
				window: 3,
				firings: [
					{ rule: 3, message: 'accuracy 0.9 on 20 labelled rows (accuracy < 0.93)' },
					{ rule: 4, message: '25% of rows unscored (limit 10%)' }
				]
			}
		]);
	});

	it('a threshold is crossed only strictly', () => {
		expect(evaluateAlerts({ windows: [window({ latency: { p50: 1, p95: 100, p99: 100 }, metrics: { accuracy: 0.93 } })] }, rules)).toEqual(
			[]
		);
	});

	it('say themselves in words', () => {
		expect(rules.map(describeRule)).toEqual([
			'latency p95 > 100 ms',
			'any column drifted',
			'"a" drifted',
			'accuracy < 0.93',
			'unscored rows > 10%'
		]);
		expect(describeRule({ kind: 'metric', metric: 'rmse', op: 'above', threshold: 2.5 })).toBe('rmse > 2.5');
	});

	it('start from latency p95 > 100 ms, any drift, and accuracy 0.05 under the test rows’', () => {
		expect(defaultRules({ task: 'classification', test: { accuracy: 0.9804 } })).toEqual([
			{ kind: 'latency', percentile: 'p95', limitMs: 100 },
			{ kind: 'drift', column: null },
			{ kind: 'metric', metric: 'accuracy', op: 'below', threshold: 0.93 }
		]);
		expect(defaultRules({ task: 'regression', test: { rmse: 2 } })[2]).toEqual({
			kind: 'metric',
			metric: 'rmse',
			op: 'above',
			threshold: 2.2
		});
		expect(defaultRules({ task: 'classification', test: null })).toHaveLength(2);
	});
});
