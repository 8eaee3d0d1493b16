/**
 * A capture cut into time windows (UTC-aligned: a window of an hour starts on the hour), and
 * per window what the Monitoring page draws and the alert rules read: request and row counts,
 * latency percentiles over requests (numpy's linear rule), the prediction mix, drift of each
 * feature against the model's reference (drift.ts, the tests `tessera drift` runs), and the
 * model's metrics on the rows whose labels arrived (core/ml/metrics.ts, as Evaluate scores).
 */
import type { ColumnKind } from '../frame/types';
import type { Metrics, ModelValue } from '../nodes/ports';
import { quantileSorted } from '../stats/stats';
import type { CaptureTable } from './capture';
import { looksNumeric, nonMissing, valuesOf, type ValuesOf } from './capture-values';
import { columnDrift, isSkipped, referenceValues, type DriftOptions, type DriftTest, type DriftValues } from './drift';
import { metricValues, windowMetrics, type MetricValues } from './window-metrics';
import { autoWidth, MAX_WINDOWS, widthLabel, widthPhrase, type WindowWidth } from './window-widths';

// Widths and metric names have modules of their own; the page, the rules and the worker API
// keep importing them from here, with the report they describe.
export * from './window-widths';
export {
	CLASSIFICATION_METRICS,
	LOWER_IS_BETTER,
	metricValues,
	REGRESSION_METRICS,
	type MetricName,
	type MetricValues
} from './window-metrics';

/** What the capture is compared with and scored against: from a model file or a registered version. */
export interface ModelReference {
	readonly name: string;
	readonly task: 'classification' | 'regression';
	readonly classes: readonly string[] | null;
	/** The model's raw input columns. */
	readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
	/** Drift values of the training sample per input column (drift.ts `referenceValues`). */
	readonly reference: ReadonlyMap<string, DriftValues>;
	/** The model's metrics on its test rows, the baseline for metric rules. */
	readonly test: Metrics | null;
}

export interface WindowOptions {
	readonly width: WindowWidth;
	readonly drift: Partial<DriftOptions>;
	/** Fewer non-missing values in a window than this and a column's drift is not tested there. */
	readonly minDriftRows: number;
}

export const DEFAULT_WINDOW_OPTIONS: WindowOptions = { width: 'auto', drift: {}, minDriftRows: 30 };

export interface LatencyPercentiles {
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
}

export type PredictionMix =
	/** Rows predicted as each of the report's classes. */
	| { readonly kind: 'classes'; readonly counts: readonly number[] }
	| {
			readonly kind: 'numbers';
			readonly count: number;
			readonly mean: number;
			readonly p10: number;
			readonly p50: number;
			readonly p90: number;
	  };

/** One column's drift in one window, as the heat strip and the rules need it. */
export type DriftCell =
	| {
			readonly kind: 'tested';
			readonly column: string;
			readonly test: DriftTest;
			readonly score: number;
			readonly scoreKind: 'p-value' | 'distance';
			readonly threshold: number;
			readonly drifted: boolean;
			readonly rows: number;
	  }
	| { readonly kind: 'skipped'; readonly column: string; readonly reason: string };

export interface WindowSummary {
	readonly start: number;
	readonly end: number;
	readonly requests: number;
	readonly rows: number;
	/** Over the window's requests; null when none has a latency. */
	readonly latency: LatencyPercentiles | null;
	/** Rows without a prediction. */
	readonly unscored: number;
	readonly mix: PredictionMix;
	/** One cell per report column, in the report's column order; empty without a model. */
	readonly drift: readonly DriftCell[];
	/** Rows whose label arrived. */
	readonly labelled: number;
	/** The model's metrics on the labelled rows; null when none. */
	readonly metrics: MetricValues | null;
}

export interface MonitorReport {
	readonly width: number;
	readonly widthLabel: string;
	readonly task: 'classification' | 'regression';
	/** Class order of the prediction mix (the model's classes, then any other predicted or labelled). */
	readonly classes: readonly string[];
	/** Columns tested for drift. */
	readonly columns: readonly string[];
	/** Model input columns the capture does not carry. */
	readonly missingColumns: readonly string[];
	readonly windows: readonly WindowSummary[];
	readonly test: MetricValues | null;
	readonly rows: number;
	readonly requests: number;
}

/** Rows of each window, by counting sort of the rows' window indices. */
function rowsByWindow(rowWindow: Int32Array, windows: number): Int32Array[] {
	const counts = new Int32Array(windows);
	for (const w of rowWindow) counts[w]++;
	const out = Array.from(counts, (n) => new Int32Array(n));
	const fill = new Int32Array(windows);
	for (let r = 0; r < rowWindow.length; r++) {
		const w = rowWindow[r];
		out[w][fill[w]++] = r;
	}
	return out;
}

/**
 * Cut the capture into windows and summarise each. `labels` (one per row, from labels.ts) adds
 * the metrics; `model` adds drift and fixes the task and classes.
 */
export function monitorWindows(
	table: CaptureTable,
	model: ModelReference | null,
	labels: readonly (string | null)[] | null,
	options: Partial<WindowOptions> = {}
): MonitorReport {
	const opts = { ...DEFAULT_WINDOW_OPTIONS, ...options };
	if (table.requests === 0) throw new Error('the capture holds no requests');
	let first = Infinity;
	let last = -Infinity;
	for (const t of table.requestTime) {
		if (t < first) first = t;
		if (t > last) last = t;
	}
	const width = opts.width === 'auto' ? autoWidth(first, last) : opts.width;
	if (!(width > 0)) throw new Error(`a window width must be positive (got ${width} ms)`);
	const origin = Math.floor(first / width) * width;
	const count = Math.floor((last - origin) / width) + 1;
	if (count > MAX_WINDOWS)
		throw new Error(
			`windows of ${widthPhrase(widthLabel(width))} over this capture make ${count.toLocaleString('en')}; choose a wider window (at most ${MAX_WINDOWS.toLocaleString('en')} windows)`
		);

	const requestWindow = Int32Array.from(table.requestTime, (t) => Math.floor((t - origin) / width));
	const rowWindow = Int32Array.from(table.rowRequest, (q) => requestWindow[q]);
	const windowRows = rowsByWindow(rowWindow, count);

	// Task and class order: the model's, else what the predictions look like.
	const task = model?.task ?? (looksNumeric(table.prediction) ? 'regression' : 'classification');
	const classes: string[] = [];
	const classIndex = new Map<string, number>();
	const addClass = (c: string) => {
		if (!classIndex.has(c)) {
			classIndex.set(c, classes.length);
			classes.push(c);
		}
	};
	if (task === 'classification') {
		for (const c of model?.classes ?? []) addClass(c);
		for (const c of table.prediction.dictionary) addClass(c);
		if (labels) for (const l of labels) if (l !== null) addClass(l);
	}
	const predCodes = table.prediction.codes;
	const predClass = Int32Array.from(table.prediction.dictionary, (s) => classIndex.get(s) ?? -1);
	const predNumber = Float64Array.from(table.prediction.dictionary, (s) => (s.trim() === '' ? NaN : Number(s)));

	// Drift columns: the model's inputs the capture carries, with a reference to compare.
	const columns: string[] = [];
	const missingColumns: string[] = [];
	const drifters: { name: string; values: ValuesOf; reference: DriftValues }[] = [];
	for (const c of model?.columns ?? []) {
		const reference = model!.reference.get(c.name);
		if (!reference) continue;
		const col = table.inputs.get(c.name);
		if (!col) {
			missingColumns.push(c.name);
			continue;
		}
		columns.push(c.name);
		drifters.push({ name: c.name, values: valuesOf(col, c.kind, reference), reference });
	}

	// Requests of each window, for latency.
	const requestCounts = new Int32Array(count);
	for (const w of requestWindow) requestCounts[w]++;
	const latencies = Array.from(requestCounts, (n) => new Float64Array(n));
	const latencyKnown = new Int32Array(count);
	for (let q = 0; q < table.requests; q++) {
		const w = requestWindow[q];
		const l = table.latency[q];
		if (!Number.isNaN(l)) latencies[w][latencyKnown[w]++] = l;
	}

	const windows: WindowSummary[] = [];
	for (let w = 0; w < count; w++) {
		const rows = windowRows[w];
		const known = latencies[w].subarray(0, latencyKnown[w]).sort();
		const latency = known.length
			? { p50: quantileSorted(known, 0.5), p95: quantileSorted(known, 0.95), p99: quantileSorted(known, 0.99) }
			: null;

		let unscored = 0;
		let mix: PredictionMix;
		if (task === 'classification') {
			const counts = new Array<number>(classes.length).fill(0);
			for (const r of rows) {
				const c = predCodes[r];
				if (c < 0) unscored++;
				else counts[predClass[c]]++;
			}
			mix = { kind: 'classes', counts };
		} else {
			const values: number[] = [];
			for (const r of rows) {
				const c = predCodes[r];
				const v = c < 0 ? NaN : predNumber[c];
				if (Number.isNaN(v)) unscored++;
				else values.push(v);
			}
			const sorted = Float64Array.from(values).sort();
			const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
			mix = {
				kind: 'numbers',
				count: values.length,
				mean,
				p10: quantileSorted(sorted, 0.1),
				p50: quantileSorted(sorted, 0.5),
				p90: quantileSorted(sorted, 0.9)
			};
		}

		const drift: DriftCell[] = drifters.map((d) => {
			const current = d.values(rows);
			const n = nonMissing(current);
			if (n < opts.minDriftRows)
				return {
					kind: 'skipped',
					column: d.name,
					reason: `${n} value${n === 1 ? '' : 's'} in this window; drift is tested from ${opts.minDriftRows}`
				};
			const result = columnDrift(d.name, d.reference, current, opts.drift);
			if (isSkipped(result)) return { kind: 'skipped', column: d.name, reason: result.reason };
			return {
				kind: 'tested',
				column: d.name,
				test: result.test,
				score: result.score,
				scoreKind: result.scoreKind,
				threshold: result.threshold,
				drifted: result.drifted,
				rows: result.currentRows
			};
		});

		const { labelled, metrics } = labels
			? windowMetrics(rows, labels, task, classes, classIndex, predCodes, predClass, predNumber)
			: { labelled: 0, metrics: null };
		windows.push({
			start: origin + w * width,
			end: origin + (w + 1) * width,
			requests: requestCounts[w],
			rows: rows.length,
			latency,
			unscored,
			mix,
			drift,
			labelled,
			metrics
		});
	}

	return {
		width,
		widthLabel: widthLabel(width),
		task,
		classes,
		columns,
		missingColumns,
		windows,
		test: model?.test ? metricValues(model.test) : null,
		rows: table.rows,
		requests: table.requests
	};
}

/** A model's reference for monitoring: its input columns, their training sample, its test metrics. */
export function modelReference(name: string, model: ModelValue, test: Metrics | null): ModelReference {
	const input = model.input;
	if (!input) throw new Error(`"${name}" records no input columns (it was saved before model files had them): run its pipeline again`);
	return {
		name,
		task: model.task === 'regression' ? 'regression' : 'classification',
		classes: model.classes ?? null,
		columns: input.columns.map((c) => ({ name: c.name, kind: c.kind })),
		reference: referenceValues(input),
		test
	};
}

/**
 * How far a tested cell is from its threshold, on one scale for every test: 1 at the
 * threshold, above 1 drifted. A p-value compares by its logarithm (p = 0.0025 against 0.05 is
 * 2), a distance by its ratio (0.3 against 0.1 is 3).
 */
export function driftLevel(cell: DriftCell): number | null {
	if (cell.kind !== 'tested') return null;
	if (cell.scoreKind === 'p-value') return cell.score <= 0 ? Infinity : Math.log(cell.score) / Math.log(cell.threshold);
	return cell.threshold > 0 ? cell.score / cell.threshold : Infinity;
}
