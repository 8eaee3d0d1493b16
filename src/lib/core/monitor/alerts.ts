/**
 * Alert rules over monitoring windows. A rule is data (it is edited on the page and could be
 * saved); `evaluateAlerts` gives, per window, the rules that fired and why, which the page
 * shows as flagged windows across its charts.
 */
import { LOWER_IS_BETTER, type MetricName, type MonitorReport, type WindowSummary } from './windows';

export type LatencyPercentile = 'p50' | 'p95' | 'p99';

export type AlertRule =
	/** A metric on the labelled rows crossing a threshold: below it (accuracy…) or above it (rmse…). */
	| { readonly kind: 'metric'; readonly metric: MetricName; readonly op: 'below' | 'above'; readonly threshold: number }
	/** Drift on one column, or on any (column null). */
	| { readonly kind: 'drift'; readonly column: string | null }
	/** A latency percentile over a limit. */
	| { readonly kind: 'latency'; readonly percentile: LatencyPercentile; readonly limitMs: number }
	/** The share of rows without a prediction (refused or errored) over a limit. */
	| { readonly kind: 'refusals'; readonly share: number };

export type AlertKind = AlertRule['kind'];

/** A rule that fired in a window, with what it saw. */
export interface Firing {
	readonly rule: number;
	readonly message: string;
}

export interface WindowAlerts {
	readonly window: number;
	readonly firings: readonly Firing[];
}

const fmt = (v: number, digits = 3) => (Number.isInteger(v) ? String(v) : v.toFixed(digits).replace(/\.?0+$/, ''));

/** The rule in words ("latency p95 > 100 ms"). */
export function describeRule(rule: AlertRule): string {
	switch (rule.kind) {
		case 'metric':
			return `${rule.metric} ${rule.op === 'below' ? '<' : '>'} ${fmt(rule.threshold)}`;
		case 'drift':
			return rule.column === null ? 'any column drifted' : `"${rule.column}" drifted`;
		case 'latency':
			return `latency ${rule.percentile} > ${fmt(rule.limitMs, 1)} ms`;
		case 'refusals':
			return `unscored rows > ${fmt(rule.share * 100, 1)}%`;
	}
}

/** What fired in one window, or null. */
function fire(rule: AlertRule, w: WindowSummary): string | null {
	switch (rule.kind) {
		case 'metric': {
			const v = w.metrics?.[rule.metric];
			if (v === undefined || Number.isNaN(v)) return null;
			const crossed = rule.op === 'below' ? v < rule.threshold : v > rule.threshold;
			return crossed ? `${rule.metric} ${fmt(v)} on ${w.labelled} labelled rows (${describeRule(rule)})` : null;
		}
		case 'drift': {
			const hit = w.drift.filter((c) => c.kind === 'tested' && c.drifted && (rule.column === null || c.column === rule.column));
			return hit.length ? `drift in ${hit.map((c) => `"${c.column}"`).join(', ')}` : null;
		}
		case 'latency': {
			const v = w.latency?.[rule.percentile];
			return v !== undefined && v > rule.limitMs ? `latency ${rule.percentile} ${fmt(v, 1)} ms (limit ${fmt(rule.limitMs, 1)} ms)` : null;
		}
		case 'refusals': {
			if (w.rows === 0) return null;
			const share = w.unscored / w.rows;
			return share > rule.share ? `${fmt(share * 100, 1)}% of rows unscored (limit ${fmt(rule.share * 100, 1)}%)` : null;
		}
	}
}

/** Every window where at least one rule fired, in window order. */
export function evaluateAlerts(report: Pick<MonitorReport, 'windows'>, rules: readonly AlertRule[]): WindowAlerts[] {
	const out: WindowAlerts[] = [];
	report.windows.forEach((w, window) => {
		const firings: Firing[] = [];
		rules.forEach((rule, i) => {
			const message = fire(rule, w);
			if (message) firings.push({ rule: i, message });
		});
		if (firings.length) out.push({ window, firings });
	});
	return out;
}

/**
 * The page's starting rules: latency p95 over 100 ms, any column drifted, and the model's
 * headline metric 0.05 worse than on its test rows (accuracy for a classifier, RMSE 10% higher
 * for a regressor, whose scale is the target's).
 */
export function defaultRules(report: Pick<MonitorReport, 'task' | 'test'>): AlertRule[] {
	const rules: AlertRule[] = [
		{ kind: 'latency', percentile: 'p95', limitMs: 100 },
		{ kind: 'drift', column: null }
	];
	const accuracy = report.test?.accuracy;
	const rmse = report.test?.rmse;
	if (report.task === 'classification' && accuracy !== undefined)
		rules.push({ kind: 'metric', metric: 'accuracy', op: 'below', threshold: Math.round((accuracy - 0.05) * 1000) / 1000 });
	else if (report.task === 'regression' && rmse !== undefined)
		rules.push({ kind: 'metric', metric: 'rmse', op: 'above', threshold: rmse * 1.1 });
	return rules;
}

/** The direction a metric rule should take by default. */
export const metricDirection = (metric: MetricName): 'below' | 'above' => (LOWER_IS_BETTER.has(metric) ? 'above' : 'below');
