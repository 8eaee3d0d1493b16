/**
 * The numbers behind a chart, as a table: the text alternative every chart offers through
 * its "Table" toggle (ChartTable.svelte). Pure builders, one per shape of chart data, so each
 * chart states its table in one line and the numbers are the ones it draws.
 */

/** A cell: a number (shown formatted, kept raw in data-value), a text, or missing. */
export type TableCell = number | string | null;

export interface ChartTableData {
	readonly columns: readonly string[];
	readonly rows: readonly (readonly TableCell[])[];
}

/** Named series over a 1-based step (training curves: epoch, round): one row per step. */
export function seriesTable(series: Readonly<Record<string, readonly number[]>>, stepLabel: string): ChartTableData {
	const names = Object.keys(series).filter((k) => series[k].length > 0);
	const n = Math.max(0, ...names.map((k) => series[k].length));
	const rows = Array.from({ length: n }, (_, i) => [i + 1, ...names.map((k) => cell(series[k][i]))]);
	return { columns: [stepLabel, ...names], rows };
}

/** x/y curves (ROC, precision-recall, calibration): one row per point, the curve named when there are several. */
export function curvesTable(
	series: readonly { readonly name: string; readonly x: readonly (number | null)[]; readonly y: readonly (number | null)[] }[],
	xLabel: string,
	yLabel: string
): ChartTableData {
	const several = series.length > 1;
	const rows = series.flatMap((s) => s.x.map((x, i) => [...(several ? [s.name] : []), cell(x), cell(s.y[i])]));
	return { columns: [...(several ? ['series'] : []), xLabel, yLabel], rows };
}

/** A confusion matrix: one row per actual class, one column per predicted class. */
export function matrixTable(labels: readonly string[], matrix: readonly (readonly number[])[]): ChartTableData {
	return {
		columns: ['actual \\ predicted', ...labels],
		rows: matrix.map((row, i) => [labels[i] ?? String(i), ...row.map(cell)])
	};
}

/** A histogram: one row per bin, its bounds and its count. */
export function binsTable(edges: readonly number[], counts: readonly number[], format: (v: number) => string = String): ChartTableData {
	return {
		columns: ['from', 'to', 'count'],
		rows: counts.map((c, i) => [format(edges[i]), format(edges[i + 1]), c])
	};
}

/** Values per label (bars, levels, folds): the first column names the row. */
export function labelledTable(
	labelColumn: string,
	labels: readonly string[],
	columns: Readonly<Record<string, readonly (number | null)[]>>
): ChartTableData {
	const names = Object.keys(columns);
	return {
		columns: [labelColumn, ...names],
		rows: labels.map((l, i) => [l, ...names.map((k) => cell(columns[k][i]))])
	};
}

/** JSON turns NaN into null; a missing point is a missing cell, never a made-up 0. */
function cell(v: number | null | undefined): TableCell {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
