import { describe, expect, it } from 'vitest';
import { firedRule, parseRollbackRule, RequestWindow } from './rollback-rules';

describe('rollback rules', () => {
	it('parses metric, operator and threshold; refuses the rest with the rule quoted', () => {
		expect(parseRollbackRule('error_rate>0.05')).toEqual({ text: 'error_rate>0.05', metric: 'error_rate', op: '>', threshold: 0.05 });
		expect(parseRollbackRule(' latency_p95_ms >= 50 ')).toMatchObject({ metric: 'latency_p95_ms', op: '>=', threshold: 50 });
		expect(parseRollbackRule('drift_psi>2.5e-1')).toMatchObject({ text: 'drift_psi>0.25', threshold: 0.25 });
		expect(() => parseRollbackRule('errors>0.1')).toThrow(
			/"errors>0\.1": unknown metric "errors" \(metrics: error_rate, latency_p95_ms, drift_psi\)/
		);
		expect(() => parseRollbackRule('error_rate=0.1')).toThrow(/write <metric><op><number>/);
		expect(() => parseRollbackRule('error_rate>5')).toThrow(/share from 0 to 1/);
	});

	it('error rate: the share of 4xx/5xx answers, decided only on a full window', () => {
		const w = new RequestWindow(10);
		const rules = [parseRollbackRule('error_rate>0.2')];
		for (let i = 0; i < 5; i++) w.add({ status: 400, latencyMs: 1 });
		// Half the requests failed, but five requests are not the window asked for.
		expect(firedRule(rules, w, () => null)).toBeNull();
		for (let i = 0; i < 5; i++) w.add({ status: 200, latencyMs: 1 });
		expect(w.errorRate()).toBe(0.5);
		expect(firedRule(rules, w, () => null)).toEqual({ rule: rules[0], value: 0.5, requests: 10 });
		// The ring forgets the oldest: ten more good answers bring the rate to 0.
		for (let i = 0; i < 10; i++) w.add({ status: 200, latencyMs: 1 });
		expect(w.errorRate()).toBe(0);
		expect(firedRule(rules, w, () => null)).toBeNull();
		// 2 errors in 10 is 0.2, not above 0.2; >= fires on it.
		w.add({ status: 503, latencyMs: 1 });
		w.add({ status: 404, latencyMs: 1 });
		expect(firedRule(rules, w, () => null)).toBeNull();
		expect(firedRule([parseRollbackRule('error_rate>=0.2')], w, () => null)?.value).toBe(0.2);
	});

	it('latency p95 is numpy.percentile(latencies, 95) over the window', () => {
		const w = new RequestWindow(20);
		// numpy.percentile(range(1, 21), 95) == 19.05
		for (let i = 20; i >= 1; i--) w.add({ status: 200, latencyMs: i });
		expect(w.latencyP95()).toBeCloseTo(19.05, 12);
		expect(firedRule([parseRollbackRule('latency_p95_ms>19')], w, () => null)?.value).toBeCloseTo(19.05, 12);
		expect(firedRule([parseRollbackRule('latency_p95_ms>19.1')], w, () => null)).toBeNull();
	});

	it('drift: the largest PSI, when the server has one', () => {
		const w = new RequestWindow(1);
		w.add({ status: 200, latencyMs: 1 });
		const rule = parseRollbackRule('drift_psi>0.25');
		expect(firedRule([rule], w, () => 0.31)?.value).toBe(0.31);
		expect(firedRule([rule], w, () => 0.1)).toBeNull();
		expect(firedRule([rule], w, () => null)).toBeNull();
	});
});
