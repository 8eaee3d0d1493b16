import { schemaOf } from '../frame/frame';
import { roleCounts } from '../nodes/dataset';
import type { NodeOutputs } from '../nodes/define';
import type { PortValue } from '../nodes/ports';
import { rowWindow } from '../frame/display';
import type { NodeResult, PortSummary, RowWindow, StoredResult } from './api';

/** The plain-data view of a port value that crosses to the page: never the rows themselves. */
export function summarisePort(value: PortValue): PortSummary {
	switch (value.kind) {
		case 'dataset':
			return {
				kind: 'dataset',
				rows: value.frame.rowCount,
				schema: schemaOf(value.frame),
				target: value.target,
				roles: value.roles ? roleCounts(value) : null,
				recipe: value.recipe.map((s) => s.type)
			};
		case 'model':
			return {
				kind: 'model',
				family: value.family,
				task: value.task,
				target: value.target,
				features: value.features,
				classes: value.classes,
				backend: value.backend,
				trainMs: value.trainMs,
				...(value.threads ? { threads: value.threads } : {}),
				curves: value.curves,
				recipe: value.recipe.map((s) => s.type),
				stopped: value.stopped ?? null
			};
		case 'metrics':
			return { kind: 'metrics', metrics: value };
		case 'report':
			return { kind: 'report', report: value.report };
	}
}

export function summariseNode(node: string, outputs: NodeOutputs): NodeResult {
	const ports: Record<string, PortSummary> = {};
	for (const [port, value] of Object.entries(outputs)) ports[port] = summarisePort(value);
	return { node, ports };
}

/** Rows of a table kept with a stored result: the first window the result panel shows. */
export const STORED_ROWS = 200;
/** …and at most this many cells, so a very wide table stays small. */
export const STORED_CELLS = 20_000;

/**
 * What is kept of a node's result between sessions (issue 11): the summary the result panel
 * shows, and the first rows of each table (fewer for very wide ones). No frames, no models.
 */
export function storedResult(outputs: NodeOutputs): StoredResult {
	const ports: Record<string, PortSummary> = {};
	const windows: Record<string, RowWindow> = {};
	for (const [port, value] of Object.entries(outputs)) {
		ports[port] = summarisePort(value);
		if (value.kind === 'dataset') {
			const rows = Math.min(STORED_ROWS, Math.max(1, Math.floor(STORED_CELLS / Math.max(1, value.frame.columns.length))));
			const w = rowWindow(value.frame, 0, rows);
			windows[port] = { total: value.frame.rowCount, offset: 0, columns: w.columns, rows: w.rows };
		}
	}
	return { ports, windows };
}
