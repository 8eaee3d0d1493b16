/** Missing values, Scale, Outliers: the cleaning steps that keep every row. */
import { attr, OnnxExportError } from '../ir';
import { cast, f64, fillNaN, op, where } from '../ops';
import { columnOf, lazy, replaceColumns, stateOf, withColumns, type GraphColumn, type StepConverter } from './env';

type Fill = { column: string; value: number } | { column: string; label: string };
type MissingState = { indicators?: string[] } & (
	| { mode: 'drop'; columns: string[] }
	| { mode: 'fill'; fills: Fill[] }
	| { mode: 'drop-columns'; columns: string[] }
	| { mode: 'forward-fill'; columns: string[]; sortBy: string }
);

const isObject = (s: unknown): s is Record<string, unknown> => typeof s === 'object' && s !== null;

/** 1 where the cell is missing, else 0 (double [N, 1]): the step's `<column>_missing` indicator. */
function missingIndicator(env: Parameters<StepConverter>[0], col: GraphColumn): string {
	const g = env.g;
	if (col.kind === 'text' || (col.kind === 'category' && !col.labels)) {
		// '' is a missing cell, unless an earlier fill gave it a label (then nothing is missing any more).
		const missingValue = col.kind === 'category' && col.blank !== null ? 0 : 1;
		const [flag] = g.node(
			'LabelEncoder',
			[col.tensor()],
			['is_missing'],
			{ keys_strings: attr.strings(['']), values_floats: attr.floats([missingValue]), default_float: attr.float(0) },
			'ai.onnx.ml'
		);
		return cast(g, flag, 'double');
	}
	return cast(g, op(g, 'IsNaN', [col.tensor()]), 'double');
}

export const missing: StepConverter = (env, step, title) => {
	const state = stateOf<MissingState>(step, title, (s) => isObject(s) && typeof s.mode === 'string');
	const g = env.g;
	// Rows dropped or filled from their neighbours have no row-by-row form: a graph scores each row alone.
	if (state.mode === 'drop')
		throw new OnnxExportError(title, 'it drops rows with missing values; a model graph scores every row it is given (fill them instead)');
	if (state.mode === 'forward-fill')
		throw new OnnxExportError(title, 'forward-fill reads the previous row; a model graph scores each row on its own');
	const indicators: [string, GraphColumn][] = (state.indicators ?? []).map((name) => {
		const col = columnOf(env, name, title);
		return [`${name}_missing`, { kind: 'number', tensor: lazy(() => missingIndicator(env, col)) }];
	});
	withColumns(env, indicators);
	if (state.mode === 'drop-columns') {
		for (const name of state.columns) env.columns.delete(name);
		return;
	}
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const fill of state.fills) {
		const col = env.columns.get(fill.column);
		if (!col) continue;
		if ('value' in fill && (col.kind === 'number' || col.kind === 'date')) {
			if (Number.isNaN(fill.value)) continue;
			// Where(IsNaN) in double for numbers and dates alike: ai.onnx.ml Imputer holds its value as a
			// float attribute, which would round the fitted mean.
			const tensor = lazy(() => fillNaN(g, col.tensor(), fill.value));
			replacements.set(fill.column, [[fill.column, { kind: col.kind, tensor }]]);
		} else if ('label' in fill && col.kind === 'boolean') {
			const code = fill.label === 'true' ? 1 : 0;
			replacements.set(fill.column, [[fill.column, { kind: 'boolean', tensor: lazy(() => fillNaN(g, col.tensor(), code)) }]]);
		} else if ('label' in fill && col.kind === 'category') {
			if (col.labels) {
				// Codes into known labels: the fill label gets its code (a new one when it is new).
				const at = col.labels.indexOf(fill.label);
				const labels = at >= 0 ? col.labels : [...col.labels, fill.label];
				const code = at >= 0 ? at : col.labels.length;
				replacements.set(fill.column, [[fill.column, { kind: 'category', labels, tensor: lazy(() => fillNaN(g, col.tensor(), code)) }]]);
			} else if (col.blank === null) {
				replacements.set(fill.column, [[fill.column, { kind: 'category', tensor: col.tensor, blank: fill.label }]]);
			}
		}
	}
	replaceColumns(env, replacements);
};

interface ScaleState {
	columns: { name: string; center: number; scale: number }[];
}

export const scale: StepConverter = (env, step, title) => {
	const state = stateOf<ScaleState>(step, title, (s) => isObject(s) && Array.isArray(s.columns));
	const g = env.g;
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = columnOf(env, s.name, title);
		if (col.kind !== 'number') throw new OnnxExportError(title, `column "${s.name}" is ${col.kind} here; it was scaled as a number column`);
		// (x − center) / scale in double, two ops as the step computes it: Scaler multiplies by
		// 1/scale, one more rounding, and a float would move a row across a tree threshold.
		const tensor = lazy(() =>
			op(g, 'Div', [op(g, 'Sub', [col.tensor(), f64(g, 'center', [s.center], [])]), f64(g, 'scale', [s.scale], [])])
		);
		replacements.set(s.name, [[s.name, { kind: 'number', tensor }]]);
	}
	replaceColumns(env, replacements);
};

interface OutliersState {
	columns: { name: string; lower: number | null; upper: number | null }[];
}

export const outliers: StepConverter = (env, step, title) => {
	if (step.params.action === 'drop')
		throw new OnnxExportError(title, 'it drops the rows with outliers; a model graph scores every row it is given (clip them instead)');
	const state = stateOf<OutliersState>(step, title, (s) => isObject(s) && Array.isArray(s.columns));
	const g = env.g;
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const b of state.columns) {
		const col = columnOf(env, b.name, title);
		if (col.kind !== 'number')
			throw new OnnxExportError(title, `column "${b.name}" is ${col.kind} here; its bounds were fitted on a number column`);
		const tensor = lazy(() => {
			// Where on strict comparisons, as the step: NaN compares false both ways and passes through (Clip's NaN rule varies by runtime).
			let x = col.tensor();
			if (b.upper !== null) {
				const hi = f64(g, 'upper', [b.upper], []);
				x = where(g, op(g, 'Greater', [x, hi]), hi, x);
			}
			if (b.lower !== null) {
				const lo = f64(g, 'lower', [b.lower], []);
				x = where(g, op(g, 'Less', [x, lo]), lo, x);
			}
			return x;
		});
		replacements.set(b.name, [[b.name, { kind: 'number', tensor }]]);
	}
	replaceColumns(env, replacements);
};
