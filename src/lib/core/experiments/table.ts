import type { ParamValue } from '../nodes/params';
import { csvText } from '../util/csv-text';
import type { Experiment, ExperimentAnnotations } from './records';

/** An experiment as a table row sees it: annotations when it has them (stored records do). */
export type ExperimentLike = Experiment & Partial<ExperimentAnnotations>;

export type CellValue = string | number | boolean | null;

export interface ExperimentColumn {
	/** Row key and CSV header: base names, metric names as they are, params as `param.<name>`. */
	readonly key: string;
	readonly group: 'base' | 'metric' | 'param';
	/** Numbers sort numerically; the rest as text. */
	readonly numeric: boolean;
}

export interface ExperimentsTable {
	readonly columns: readonly ExperimentColumn[];
	readonly rows: readonly Readonly<Record<string, CellValue>>[];
}

const BASE = ['id', 'started', 'project', 'title', 'kind', 'family', 'status', 'backend', 'duration'] as const;
const ANNOTATIONS = ['starred', 'tags', 'notes'] as const;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A param as one cell: lists (column pickers) joined, so a CSV cell stays one value. */
function paramCell(v: ParamValue | undefined): CellValue {
	if (v === undefined) return null;
	if (Array.isArray(v)) return v.join(', ');
	return v as CellValue;
}

/**
 * The experiments as a flat table: base columns, every metric name present (sorted), every
 * param name present (sorted, as `param.<name>`), and starred/tags/notes when the records
 * carry them. `columns` keeps only those keys, in that order.
 */
export function experimentsTable(records: readonly ExperimentLike[], columns?: readonly string[]): ExperimentsTable {
	const metricNames = [...new Set(records.flatMap((r) => Object.keys(r.metrics)))].sort(byName);
	const paramNames = [...new Set(records.flatMap((r) => Object.keys(r.params)))].sort(byName);
	const annotated = records.some((r) => r.tags !== undefined);
	let all: ExperimentColumn[] = [
		...BASE.map((key) => ({ key, group: 'base' as const, numeric: key === 'duration' })),
		...(annotated ? ANNOTATIONS.map((key) => ({ key, group: 'base' as const, numeric: false })) : []),
		...metricNames.map((key) => ({ key, group: 'metric' as const, numeric: true })),
		...paramNames.map((name) => ({
			key: `param.${name}`,
			group: 'param' as const,
			numeric: records.every((r) => r.params[name] === undefined || typeof r.params[name] === 'number')
		}))
	];
	if (columns) {
		const known = new Map(all.map((c) => [c.key, c]));
		all = columns.flatMap((k) => known.get(k) ?? []);
	}
	const rows = records.map((r) => {
		const row: Record<string, CellValue> = {};
		for (const c of all) {
			if (c.group === 'metric') row[c.key] = r.metrics[c.key] ?? null;
			else if (c.group === 'param') row[c.key] = paramCell(r.params[c.key.slice('param.'.length)]);
			else row[c.key] = baseCell(r, c.key);
		}
		return row;
	});
	return { columns: all, rows };
}

function baseCell(r: ExperimentLike, key: string): CellValue {
	switch (key) {
		case 'project':
			return r.projectName;
		case 'duration':
			return r.ms;
		case 'tags':
			return (r.tags ?? []).join(', ');
		case 'starred':
			return r.starred ?? false;
		case 'notes':
			return r.notes ?? '';
		default:
			return (r[key as keyof ExperimentLike] as CellValue | undefined) ?? null;
	}
}

/** RFC 4180 CSV (CRLF line ends, quoted where needed), one header line of column keys. */
export function toCsv(table: ExperimentsTable): string {
	return csvText(
		table.columns.map((c) => c.key),
		table.rows.map((row) => table.columns.map((c) => row[c.key] ?? null))
	);
}

export const EXPERIMENTS_FORMAT = 'tessera/experiments';

/** Whole records (pipeline snapshots included) as one JSON file. */
export function toJsonExport(records: readonly ExperimentLike[], exported: Date = new Date()): string {
	return JSON.stringify({ format: EXPERIMENTS_FORMAT, version: 1, exported: exported.toISOString(), experiments: records }, null, 2);
}
