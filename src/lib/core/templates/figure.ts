import type { NodeOutputs } from '../nodes/define';
import type { TemplateFigure } from './types';

/** A template's figure read from one run's outputs: the value, or why there is none yet. */
export type FigureReading = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

/** Reads the number a template's card promises from `outputs` (node id → its outputs). */
export function readFigure(figure: TemplateFigure, outputs: ReadonlyMap<string, NodeOutputs>): FigureReading {
	const src = figure.source;
	const out = outputs.get(src.node);
	if (!out) return { ok: false, reason: `node "${src.node}" has no output` };
	switch (src.kind) {
		case 'metric': {
			const value = out.metrics;
			if (value?.kind !== 'metrics' || !value.test) return { ok: false, reason: `node "${src.node}" has no test metrics` };
			const test = value.test;
			const v = src.metric === 'r2' ? (test.task === 'regression' ? test.r2 : null) : test.task === 'classification' ? test[src.metric] : null;
			return typeof v === 'number' ? { ok: true, value: v } : { ok: false, reason: `${src.metric} is not among node "${src.node}"'s test metrics` };
		}
		case 'average-precision': {
			const value = out.report;
			if (value?.kind !== 'report' || value.report.type !== 'diagnostics' || value.report.task !== 'classification')
				return { ok: false, reason: `node "${src.node}" has no classification diagnostics` };
			const curve = value.report.curves.find((c) => c.label === src.positive);
			return curve ? { ok: true, value: curve.averagePrecision } : { ok: false, reason: `no curve for "${src.positive}" in node "${src.node}"` };
		}
		case 'silhouette': {
			const value = out.report;
			const elbow = value?.kind === 'report' && value.report.type === 'table' ? value.report.elbow : undefined;
			if (!elbow) return { ok: false, reason: `node "${src.node}" has no elbow sweep` };
			const s = elbow.silhouette[elbow.k.indexOf(elbow.chosen)];
			return typeof s === 'number' ? { ok: true, value: s } : { ok: false, reason: `no silhouette at k = ${elbow.chosen}` };
		}
	}
}

/** Whether a reading lies in the template's declared band. */
export function inBand(figure: TemplateFigure, value: number): boolean {
	return value >= figure.min && value <= figure.max;
}
