import { histogram2d, type Histogram2d } from '../../../stats/binning2d';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import type { Column } from '../../../frame/types';
import { p } from '../../params';
import { port } from '../../ports';

/** Above this many plotted rows the report carries a density grid instead of points. */
export const MAX_POINTS = 100_000;
export const DENSITY_BINS = 200;

/** The body of the scatter report; the studio's ScatterView draws it. */
export interface ScatterReport {
	readonly type: 'scatter';
	readonly x: string;
	readonly y: string;
	readonly color: string | null;
	/** Rows with both x and y present. */
	readonly plotted: number;
	/** Rows left out because x or y is missing. */
	readonly skipped: number;
	/** Interleaved x0, y0, x1, y1…, 6 significant digits; absent above MAX_POINTS rows. */
	readonly points?: number[];
	/** Per point: a legend index (-1 missing) for a category color, or the value (NaN missing) for a number color. */
	readonly colors?: number[];
	readonly legend?: string[];
	readonly colorRange?: [number, number];
	readonly density?: Histogram2d;
}

const round6 = (v: number) => Number(v.toPrecision(6));

export default defineNode({
	type: 'explore.scatter',
	version: 1,
	category: 'explore',
	title: 'Scatter plot',
	description: `Two number columns against each other, optionally colored by a third column. Up to ${MAX_POINTS.toLocaleString('en-US')} rows are drawn as points; more become a ${DENSITY_BINS}×${DENSITY_BINS} density grid.`,
	inputs: { data: port.dataset('data') },
	outputs: { scatter: port.report('scatter') },
	params: {
		x: p.column({ kinds: ['number'], label: 'X', help: 'Number column on the horizontal axis.' }),
		y: p.column({ kinds: ['number'], label: 'Y', help: 'Number column on the vertical axis.' }),
		color: p.column({
			kinds: ['category', 'boolean', 'number'],
			label: 'Color by',
			help: 'Optional column that colors the points: one color per category, or a color scale for numbers. Not used for the density grid.'
		})
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const xs = numberColumn(data.frame.columns, params.x, 'X');
		const ys = numberColumn(data.frame.columns, params.y, 'Y');
		const colorName = params.color || null;
		const color = colorName ? requireColumn(data.frame, colorName) : null;
		if (color && color.kind !== 'category' && color.kind !== 'boolean' && color.kind !== 'number')
			throw new Error(`column "${colorName}" is ${color.kind}; Color by needs a category, true/false or number column`);
		const rows: number[] = [];
		for (let r = 0; r < data.frame.rowCount; r++) if (!Number.isNaN(xs[r]) && !Number.isNaN(ys[r])) rows.push(r);
		const base = {
			type: 'scatter' as const,
			x: params.x,
			y: params.y,
			color: colorName,
			plotted: rows.length,
			skipped: data.frame.rowCount - rows.length
		};
		if (rows.length > MAX_POINTS) {
			const density = histogram2d(
				Float64Array.from(rows, (r) => xs[r]),
				Float64Array.from(rows, (r) => ys[r]),
				DENSITY_BINS
			);
			const report: ScatterReport = { ...base, density };
			return { scatter: { kind: 'report', report } };
		}
		const points = new Array<number>(rows.length * 2);
		rows.forEach((r, i) => {
			points[2 * i] = round6(xs[r]);
			points[2 * i + 1] = round6(ys[r]);
		});
		const report: ScatterReport = { ...base, points, ...(color ? colorsOf(color, rows) : {}) };
		return { scatter: { kind: 'report', report } };
	}
});

function numberColumn(columns: readonly Column[], name: string, axis: string): Float64Array {
	if (!name) throw new Error(`Scatter plot needs an ${axis} column: choose a number column in the inspector`);
	const col = columns.find((c) => c.name === name);
	if (!col) throw new Error(`column "${name}" does not exist (columns: ${columns.map((c) => c.name).join(', ')})`);
	if (col.kind !== 'number') throw new Error(`column "${name}" is ${col.kind}; ${axis} needs a number column`);
	return col.values;
}

function colorsOf(color: Column, rows: readonly number[]): Pick<ScatterReport, 'colors' | 'legend' | 'colorRange'> {
	if (color.kind === 'number') {
		let lo = Infinity;
		let hi = -Infinity;
		const colors = rows.map((r) => {
			const v = color.values[r];
			if (v < lo) lo = v;
			if (v > hi) hi = v;
			return round6(v);
		});
		return { colors, colorRange: lo <= hi ? [lo, hi] : [0, 1] };
	}
	if (color.kind !== 'category' && color.kind !== 'boolean') return {};
	const legend = color.kind === 'boolean' ? ['false', 'true'] : [...color.dictionary];
	return { colors: rows.map((r) => color.codes[r]), legend };
}
