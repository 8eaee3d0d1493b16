/**
 * Report bodies a node can put on a `report` port. Each has a `type`, so the result
 * panel picks its view; `facts` and `table` are generic and need no view of their own.
 */
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
