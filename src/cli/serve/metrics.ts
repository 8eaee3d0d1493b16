/**
 * The server's Prometheus metrics (prom-client, on a registry of its own so that two servers
 * in one process — tests — do not share counters). Names and labels are documented in
 * README "Serve" and docs/ARCHITECTURE.md.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DriftWindow } from '../../lib/core/serving/drift';

export interface ServerMetrics {
	readonly registry: Registry;
	readonly duration: Histogram<'model' | 'version' | 'endpoint' | 'code'>;
	readonly requests: Counter<'model' | 'version' | 'endpoint' | 'code'>;
	readonly inFlight: Gauge;
	readonly rows: Counter<'model' | 'version'>;
	readonly predictions: Counter<'model' | 'version' | 'class'>;
}

/** A served model version's drift window, as the drift gauge reads it on each scrape. */
export interface DriftSource {
	readonly name: string;
	readonly version: string;
	readonly drift: DriftWindow;
}

export function createMetrics(driftSources: () => Iterable<DriftSource>, defaults = true): ServerMetrics {
	const registry = new Registry();
	if (defaults) collectDefaultMetrics({ register: registry, prefix: 'tessera_' });
	const labelNames = ['model', 'version', 'endpoint', 'code'] as const;
	const duration = new Histogram({
		name: 'tessera_request_duration_seconds',
		help: 'Time from request to response, in seconds, by model, version, endpoint (route) and HTTP status code',
		labelNames,
		// Single-row scoring is sub-millisecond; big batches take seconds.
		buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
		registers: [registry]
	});
	const requests = new Counter({
		name: 'tessera_requests_total',
		help: 'Requests answered, by model, version, endpoint and HTTP status code',
		labelNames,
		registers: [registry]
	});
	const inFlight = new Gauge({ name: 'tessera_requests_in_flight', help: 'Requests received and not yet answered', registers: [registry] });
	const rows = new Counter({
		name: 'tessera_rows_scored_total',
		help: 'Rows scored (successful requests only)',
		labelNames: ['model', 'version'],
		registers: [registry]
	});
	const predictions = new Counter({
		name: 'tessera_predictions_total',
		help: 'Predicted class per scored row (classifiers), by model, version and class',
		labelNames: ['model', 'version', 'class'],
		registers: [registry]
	});
	new Gauge({
		name: 'tessera_feature_drift_psi',
		help: 'Population Stability Index of each input feature over the last rows scored (drift window) against the training reference bins',
		labelNames: ['model', 'version', 'feature'],
		registers: [registry],
		// Across --workers: the mean of the workers' windows (each sees its share of the traffic).
		aggregator: 'average',
		collect() {
			// Recomputed on each scrape from the incrementally kept bin counts.
			this.reset();
			for (const s of driftSources()) {
				if (s.drift.rows === 0) continue;
				for (const { feature, psi } of s.drift.scores()) if (psi === psi) this.set({ model: s.name, version: s.version, feature }, psi);
			}
		}
	});
	new Gauge({
		name: 'tessera_drift_window_rows',
		help: 'Rows in the drift window of each served model version',
		labelNames: ['model', 'version'],
		registers: [registry],
		collect() {
			this.reset();
			for (const s of driftSources()) this.set({ model: s.name, version: s.version }, s.drift.rows);
		}
	});
	return { registry, duration, requests, inFlight, rows, predictions };
}
