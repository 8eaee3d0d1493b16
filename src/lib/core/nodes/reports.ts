import type { DiagnosticsReport } from './catalog/evaluate/diagnostics';
import type { ExplainReport } from './catalog/evaluate/explain';
import type { TuneReport } from './catalog/evaluate/tune';
import type { LeaderboardReport } from './catalog/evaluate/leaderboard';
import type { ClassBalanceReport } from './catalog/explore/class-balance';
import type { CorrelationsReport } from './catalog/explore/correlations';
import type { DistributionsReport } from './catalog/explore/distributions';
import type { MissingPatternReport } from './catalog/explore/missing-pattern';
import type { ProfileReport } from './catalog/explore/profile';
import type { QualityReport } from './catalog/explore/quality';
import type { ScatterReport } from './catalog/explore/scatter';
import type { ScatterMatrixReport } from './catalog/explore/scatter-matrix';
import type { SegmentsReport } from './catalog/explore/segments';
import type { SummaryReport } from './catalog/explore/summary';
import type { TargetRelationsReport } from './catalog/explore/target-relations';
import type { DriftReport } from './catalog/monitor/drift';

/**
 * Every report body a node can put on a `report` port, told apart by `type`: the result
 * panel maps each type to its view in one table (ui/panels/report-views.ts), so a new kind
 * without a view does not compile. `facts` and `table` are generic bodies many nodes use.
 */
export type Report =
	| FactsReport
	| TableReport
	| ProfileReport
	| SummaryReport
	| CorrelationsReport
	| QualityReport
	| ScatterReport
	| DistributionsReport
	| ClassBalanceReport
	| MissingPatternReport
	| SegmentsReport
	| ScatterMatrixReport
	| TargetRelationsReport
	| DiagnosticsReport
	| ExplainReport
	| TuneReport
	| LeaderboardReport
	| DriftReport;

export type ReportType = Report['type'];
export type ReportOf<T extends ReportType> = Extract<Report, { readonly type: T }>;

/** Every report type at run time; `satisfies` keeps it equal to the union (a missing or extra key does not compile). */
export const REPORT_TYPES = Object.keys({
	facts: true,
	table: true,
	profile: true,
	summary: true,
	correlations: true,
	quality: true,
	scatter: true,
	distributions: true,
	'class-balance': true,
	'missing-pattern': true,
	segments: true,
	'scatter-matrix': true,
	'target-relations': true,
	diagnostics: true,
	explain: true,
	tune: true,
	leaderboard: true,
	drift: true
} satisfies Record<ReportType, true>) as ReportType[];

/**
 * A report body as stored or received, checked to be one of `Report` (null otherwise).
 * Bodies kept in the browser before every report had its own type are read as they are
 * now: a column profile had no `type`, Explain model's was a 'table' marked `explain`.
 */
export function asReport(body: unknown): Report | null {
	if (!body || typeof body !== 'object') return null;
	const r = body as { type?: unknown; explain?: unknown; profiles?: unknown };
	if (r.type === undefined && Array.isArray(r.profiles)) return { ...body, type: 'profile' } as ProfileReport;
	if (r.type === 'table' && r.explain === true) return { ...body, type: 'explain' } as ExplainReport;
	return typeof r.type === 'string' && (REPORT_TYPES as string[]).includes(r.type) ? (body as Report) : null;
}

export interface FactsReport {
	readonly type: 'facts';
	readonly title: string;
	readonly facts: readonly { readonly label: string; readonly value: string | number }[];
}

export interface TableReport {
	readonly type: 'table';
	readonly title: string;
	readonly columns: readonly string[];
	readonly rows: readonly (readonly (string | number | null)[])[];
	/** k-means' elbow / silhouette sweep, drawn above the table (ui/charts/ElbowChart.svelte). */
	readonly elbow?: ElbowSweep;
	/** Cross-validation's figures per fold, drawn above the table (ui/charts/FoldsChart.svelte). */
	readonly folds?: FoldFigures;
}

/** Each fold's value of each metric, with their mean and standard deviation. */
export interface FoldFigures {
	readonly metrics: readonly string[];
	/** Each fold's training and held-out row counts (absent from reports kept before they were added). */
	readonly training?: readonly number[];
	readonly heldOut?: readonly number[];
	/** folds × metrics (NaN where a fold has no value, e.g. ROC-AUC with one class). */
	readonly values: readonly (readonly number[])[];
	readonly mean: readonly number[];
	readonly std: readonly number[];
}

/** Inertia and mean silhouette per k, so the user can pick the number of clusters. */
export interface ElbowSweep {
	readonly k: readonly number[];
	readonly inertia: readonly number[];
	/** NaN (null once serialised) where a k has no silhouette. */
	readonly silhouette: readonly (number | null)[];
	/** The k the node was run with, marked on the chart. */
	readonly chosen: number;
	/** Rows the sweep clustered and the silhouette read (seeded samples of large inputs). */
	readonly rows: number;
	readonly silhouetteRows: number;
}

export const factsReport = (title: string, facts: FactsReport['facts']): { kind: 'report'; report: FactsReport } => ({
	kind: 'report',
	report: { type: 'facts', title, facts }
});

export const tableReport = (
	title: string,
	columns: readonly string[],
	rows: TableReport['rows']
): { kind: 'report'; report: TableReport } => ({ kind: 'report', report: { type: 'table', title, columns, rows } });
