/**
 * Automatic rollback rules of `tessera serve --rollback-on "error_rate>0.05"`: parsed once,
 * evaluated on a window of the last N scoring requests answered by a promoted version. Pure;
 * the server feeds the window and acts on what fires (src/cli/serve/auto-rollback.ts).
 */
import { quantileSorted } from '../model-file/input';

export const RULE_METRICS = {
	/** Share of scoring requests answered 4xx or 5xx. */
	error_rate: 'share of scoring requests answered with an error status (4xx or 5xx)',
	/** 95th percentile of the requests' latency, milliseconds (numpy's linear quantile). */
	latency_p95_ms: '95th percentile of request latency in milliseconds',
	/** The largest per-feature PSI of the served version's drift window (as /metrics shows). */
	drift_psi: "the largest feature PSI of the version's drift window"
} as const;
export type RuleMetric = keyof typeof RULE_METRICS;

type Operator = '>=' | '<=' | '>' | '<';

export interface RollbackRule {
	/** As written, for logs and the history. */
	readonly text: string;
	readonly metric: RuleMetric;
	readonly op: Operator;
	readonly threshold: number;
}

/** `error_rate>0.05`, `latency_p95_ms >= 50`, `drift_psi>0.25`; a clear message otherwise. */
export function parseRollbackRule(text: string): RollbackRule {
	const m = /^\s*([a-z_0-9]+)\s*(>=|<=|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(text);
	const names = Object.keys(RULE_METRICS).join(', ');
	if (!m)
		throw new Error(`--rollback-on "${text}": write <metric><op><number>, e.g. "error_rate>0.05" (metrics: ${names}; ops: > >= < <=)`);
	const metric = m[1];
	if (!(metric in RULE_METRICS)) throw new Error(`--rollback-on "${text}": unknown metric "${metric}" (metrics: ${names})`);
	const threshold = Number(m[3]);
	if (metric === 'error_rate' && (threshold < 0 || threshold > 1))
		throw new Error(`--rollback-on "${text}": error_rate is a share from 0 to 1, got ${threshold}`);
	return { text: `${metric}${m[2]}${threshold}`, metric: metric as RuleMetric, op: m[2] as Operator, threshold };
}

export interface RequestOutcome {
	readonly status: number;
	readonly latencyMs: number;
}

/** The last `size` scoring requests of one version: status and latency, in a ring. */
export class RequestWindow {
	private readonly statuses: Uint16Array;
	private readonly latencies: Float64Array;
	private next = 0;
	private filled = 0;

	constructor(readonly size: number) {
		if (!Number.isInteger(size) || size < 1) throw new Error(`a rollback window needs at least 1 request, got ${size}`);
		this.statuses = new Uint16Array(size);
		this.latencies = new Float64Array(size);
	}

	add(outcome: RequestOutcome): void {
		this.statuses[this.next] = outcome.status;
		this.latencies[this.next] = outcome.latencyMs;
		this.next = (this.next + 1) % this.size;
		this.filled = Math.min(this.filled + 1, this.size);
	}

	get count(): number {
		return this.filled;
	}

	get full(): boolean {
		return this.filled === this.size;
	}

	errorRate(): number {
		let errors = 0;
		for (let i = 0; i < this.filled; i++) if (this.statuses[i] >= 400) errors++;
		return this.filled ? errors / this.filled : NaN;
	}

	latencyP95(): number {
		return quantileSorted(this.latencies.slice(0, this.filled).sort(), 0.95);
	}
}

const holds = (value: number, op: Operator, threshold: number): boolean =>
	op === '>' ? value > threshold : op === '>=' ? value >= threshold : op === '<' ? value < threshold : value <= threshold;

export interface FiredRule {
	readonly rule: RollbackRule;
	readonly value: number;
	readonly requests: number;
}

/**
 * The first rule that holds on a full window, or null. A window that is not full yet decides
 * nothing: one failed request out of three is no error rate to roll back on.
 */
export function firedRule(rules: readonly RollbackRule[], window: RequestWindow, driftPsi: () => number | null): FiredRule | null {
	if (!window.full) return null;
	for (const rule of rules) {
		const value = rule.metric === 'error_rate' ? window.errorRate() : rule.metric === 'latency_p95_ms' ? window.latencyP95() : driftPsi();
		if (value !== null && Number.isFinite(value) && holds(value, rule.op, rule.threshold)) return { rule, value, requests: window.count };
	}
	return null;
}
