import type { Metrics } from '../lib/core/nodes/ports';

const f4 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));

/** Human-readable metrics, one line per figure. */
export function formatMetrics(label: string, m: Metrics | null): string {
	if (!m) return `  ${label}: no rows`;
	if (m.task === 'classification')
		return [
			`  ${label} (${m.rows} rows)`,
			`    accuracy   ${f4(m.accuracy)}`,
			`    precision  ${f4(m.precisionMacro)}  (macro)`,
			`    recall     ${f4(m.recallMacro)}  (macro)`,
			`    F1         ${f4(m.f1Macro)}  (macro)`,
			`    ROC-AUC    ${f4(m.rocAuc)}`
		].join('\n');
	return [`  ${label} (${m.rows} rows)`, `    RMSE  ${f4(m.rmse)}`, `    MAE   ${f4(m.mae)}`, `    R²    ${f4(m.r2)}`].join('\n');
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: readonly string[]) =>
		cells
			.map((c, i) => (c ?? '').padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
