import type { ParamValue } from '../nodes/params';
import { stableStringify } from '../util/hash';
import type { Experiment } from './records';

export interface ParamComparison {
	readonly name: string;
	/** One per experiment, in the order given; undefined where the node has no such param. */
	readonly values: readonly (ParamValue | undefined)[];
	/** Not every experiment has the same value: highlight it. */
	readonly differs: boolean;
	/** Every value present is a number (a candidate axis of a parallel-coordinates plot). */
	readonly numeric: boolean;
}

export interface MetricComparison {
	readonly name: string;
	readonly values: readonly (number | null)[];
}

export interface Comparison {
	readonly ids: readonly string[];
	readonly params: readonly ParamComparison[];
	readonly metrics: readonly MetricComparison[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const same = (a: ParamValue | undefined, b: ParamValue | undefined) =>
	stableStringify(a ?? null) === stableStringify(b ?? null) && (a === undefined) === (b === undefined);

/** Experiments side by side: every param (does it differ?) and every metric, sorted by name. */
export function compareExperiments(records: readonly Experiment[]): Comparison {
	const paramNames = [...new Set(records.flatMap((r) => Object.keys(r.params)))].sort(byName);
	const metricNames = [...new Set(records.flatMap((r) => Object.keys(r.metrics)))].sort(byName);
	return {
		ids: records.map((r) => r.id),
		params: paramNames.map((name) => {
			const values = records.map((r) => r.params[name]);
			return {
				name,
				values,
				differs: values.some((v) => !same(v, values[0])),
				numeric: values.every((v) => v === undefined || typeof v === 'number') && values.some((v) => v !== undefined)
			};
		}),
		metrics: metricNames.map((name) => ({ name, values: records.map((r) => r.metrics[name] ?? null) }))
	};
}

export interface ParallelAxis {
	readonly name: string;
	readonly kind: 'param' | 'metric';
	readonly min: number;
	readonly max: number;
}

export interface ParallelPlot {
	readonly axes: readonly ParallelAxis[];
	/** One line per experiment: a value per axis (null where it has none), and its metric for the colour. */
	readonly lines: readonly { readonly id: string; readonly values: readonly (number | null)[]; readonly metric: number | null }[];
}

/** The parallel-coordinates plot of params against a metric: one axis per numeric param that differs, then the metric. */
export function parallelCoordinates(records: readonly Experiment[], metric: string): ParallelPlot {
	const cmp = compareExperiments(records);
	const columns: { name: string; kind: 'param' | 'metric'; values: (number | null)[] }[] = [
		...cmp.params
			.filter((p) => p.numeric && p.differs)
			.map((p) => ({ name: p.name, kind: 'param' as const, values: p.values.map((v) => (typeof v === 'number' ? v : null)) })),
		{ name: metric, kind: 'metric', values: records.map((r) => r.metrics[metric] ?? null) }
	];
	const axes = columns.map((c) => {
		const present = c.values.filter((v): v is number => v !== null);
		return { name: c.name, kind: c.kind, min: present.length ? Math.min(...present) : 0, max: present.length ? Math.max(...present) : 1 };
	});
	const metricValues = columns[columns.length - 1].values;
	return { axes, lines: records.map((r, i) => ({ id: r.id, values: columns.map((c) => c.values[i]), metric: metricValues[i] })) };
}
