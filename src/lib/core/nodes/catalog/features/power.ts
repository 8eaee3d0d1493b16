import type { Column, NumberColumn } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { boxCox, boxCoxLambda, yeoJohnson, yeoJohnsonLambda } from './power-fit';

const METHODS = ['yeo-johnson', 'box-cox', 'log1p'] as const;
type Method = (typeof METHODS)[number];

interface PowerColumn {
	name: string;
	/** Fitted lambda; null for log1p, which has none. */
	lambda: number | null;
	/** Standardisation after the transform: subtract center, divide by scale (0 and 1 when off). */
	center: number;
	scale: number;
}

interface PowerState {
	method: Method;
	columns: PowerColumn[];
}

/** The transform of one value; values outside the method's domain become missing. */
function transform(method: Method, lambda: number | null, x: number): number {
	if (method === 'log1p') return x > -1 ? Math.log1p(x) : NaN;
	if (method === 'box-cox') return x > 0 ? boxCox(x, lambda!) : NaN;
	return yeoJohnson(x, lambda!);
}

function fitColumn(col: NumberColumn, rows: Uint32Array, method: Method, standardize: boolean): PowerColumn {
	const present: number[] = [];
	for (const r of rows) if (!Number.isNaN(col.values[r])) present.push(col.values[r]);
	const x = Float64Array.from(present);
	if (method === 'box-cox' && x.some((v) => v <= 0))
		throw new Error(
			`column "${col.name}" has zero or negative values in the training rows; Box-Cox needs positive data — use Yeo-Johnson, or shift the column first`
		);
	if (method === 'log1p' && x.some((v) => v <= -1))
		throw new Error(
			`column "${col.name}" has values of -1 or less in the training rows; log1p needs values above -1 — use Yeo-Johnson instead`
		);
	let lambda: number | null = null;
	if (method !== 'log1p') {
		if (x.length < 2)
			throw new Error(`column "${col.name}" has fewer than 2 values in the training rows; a power transform cannot be fitted`);
		lambda = method === 'box-cox' ? boxCoxLambda(x) : yeoJohnsonLambda(x);
	}
	if (!standardize || x.length === 0) return { name: col.name, lambda, center: 0, scale: 1 };
	const t = x.map((v) => transform(method, lambda, v));
	const mean = t.reduce((a, b) => a + b, 0) / t.length;
	// Population standard deviation, as StandardScaler inside PowerTransformer(standardize=True).
	const std = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
	return { name: col.name, lambda, center: mean, scale: std > 0 ? std : 1 };
}

export default defineNode({
	type: 'features.power',
	version: 1,
	category: 'features',
	title: 'Power transform',
	description:
		"Make skewed number columns more symmetric: log1p, or a Box-Cox / Yeo-Johnson transform whose lambda is fitted per column by maximum likelihood on the training rows (as scikit-learn's PowerTransformer).",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		method: p.choice(METHODS, {
			default: 'yeo-johnson',
			label: 'Method',
			help: "yeo-johnson: any values. box-cox: positive values only. log1p: log(1 + x), no fitting, values above -1. New values outside a method's range become missing"
		}),
		columns: p.columns({ kinds: ['number'], label: 'Columns', help: 'Empty: every number column except the target' }),
		standardize: p.boolean({
			default: false,
			label: 'Standardise',
			help: 'After the transform, shift and scale to mean 0 and standard deviation 1 on the training rows'
		})
	},
	// Transforms number columns in place.
	schema: 'same',
	step: {
		fit(data, params): PowerState {
			const rows = trainingRows(data);
			const method = params.method;
			const cols = pickColumns(data, params.columns, ['number']) as NumberColumn[];
			return { method, columns: cols.map((col) => fitColumn(col, rows, method, params.standardize === true)) };
		},
		apply(data, state) {
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = data.frame.columns.find((c) => c.name === s.name);
				if (!col || col.kind !== 'number')
					throw new Error(`column "${s.name}" is missing or not a number column; the power transform was fitted on it`);
				const values = col.values.map((x) => (Number.isNaN(x) ? NaN : (transform(state.method, s.lambda, x) - s.center) / s.scale));
				replacements.set(s.name, [{ ...col, values }]);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
