import type { Component } from 'svelte';
import type { Report, ReportOf, ReportType } from '$lib/core/nodes/reports';
import ClassBalanceView from './ClassBalanceView.svelte';
import CorrelationView from './CorrelationView.svelte';
import DiagnosticsView from './DiagnosticsView.svelte';
import DriftView from './DriftView.svelte';
import DistributionsView from './DistributionsView.svelte';
import ExplainView from './ExplainView.svelte';
import MissingPatternView from './MissingPatternView.svelte';
import ProfileView from './ProfileView.svelte';
import QualityView from './QualityView.svelte';
import ReportView from './ReportView.svelte';
import ScatterMatrixView from './ScatterMatrixView.svelte';
import ScatterView from './ScatterView.svelte';
import SegmentsView from './SegmentsView.svelte';
import SummaryView from './SummaryView.svelte';
import TargetRelationsView from './TargetRelationsView.svelte';
import TuneView from './TuneView.svelte';
import LeaderboardView from './LeaderboardView.svelte';

/** How one report type is shown: its view and the view's props from the report (and the node it belongs to). */
export interface ReportViewEntry<R extends Report = Report> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's props are checked against its component by `view`
	readonly component: Component<any>;
	readonly props: (report: R, node: string) => object;
}

/** An entry whose props are checked against the component's. */
const view = <R extends Report, P extends object>(component: Component<P>, props: (report: R, node: string) => P): ReportViewEntry<R> => ({
	component: component as ReportViewEntry<R>['component'],
	props
});

/**
 * The one table from report type to view (core/nodes/reports.ts). `satisfies` makes a
 * report type without a view, or a view for no type, fail to compile.
 */
export const REPORT_VIEWS = {
	facts: view(ReportView, (r: ReportOf<'facts'>) => ({ report: r })),
	table: view(ReportView, (r: ReportOf<'table'>) => ({ report: r })),
	profile: view(ProfileView, (r: ReportOf<'profile'>) => ({ profile: r })),
	summary: view(SummaryView, (r: ReportOf<'summary'>) => ({ summary: r })),
	correlations: view(CorrelationView, (r: ReportOf<'correlations'>) => ({ report: r })),
	quality: view(QualityView, (r: ReportOf<'quality'>) => ({ quality: r })),
	scatter: view(ScatterView, (r: ReportOf<'scatter'>) => ({ report: r })),
	distributions: view(DistributionsView, (r: ReportOf<'distributions'>) => ({ report: r })),
	'class-balance': view(ClassBalanceView, (r: ReportOf<'class-balance'>) => ({ report: r })),
	'missing-pattern': view(MissingPatternView, (r: ReportOf<'missing-pattern'>) => ({ report: r })),
	segments: view(SegmentsView, (r: ReportOf<'segments'>) => ({ report: r })),
	'scatter-matrix': view(ScatterMatrixView, (r: ReportOf<'scatter-matrix'>) => ({ report: r })),
	'target-relations': view(TargetRelationsView, (r: ReportOf<'target-relations'>) => ({ report: r })),
	diagnostics: view(DiagnosticsView, (r: ReportOf<'diagnostics'>) => ({ report: r })),
	explain: view(ExplainView, (r: ReportOf<'explain'>) => ({ report: r })),
	tune: view(TuneView, (r: ReportOf<'tune'>, node) => ({ report: r, node })),
	leaderboard: view(LeaderboardView, (r: ReportOf<'leaderboard'>, node) => ({ report: r, node })),
	drift: view(DriftView, (r: ReportOf<'drift'>) => ({ report: r }))
} satisfies { readonly [T in ReportType]: ReportViewEntry<ReportOf<T>> };

/** The view of `report` and its props. */
export function reportView(report: Report, node: string): { component: ReportViewEntry['component']; props: object } {
	// The table is keyed by type, so the entry takes this report; TS cannot correlate the two.
	const entry = REPORT_VIEWS[report.type] as unknown as ReportViewEntry;
	return { component: entry.component, props: entry.props(report, node) };
}
