/** Bin, Power transform, PCA and Polynomial features: arithmetic on number columns. */
import { binLabels } from '../../nodes/catalog/features/bin';
import { polynomialTerms, termName } from '../../nodes/catalog/features/polynomial';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { cast, concatColumns, f64, op, sliceColumn, where } from '../ops';
import {
	columnOf,
	lazy,
	pickColumns,
	replaceColumns,
	stateOf,
	withColumns,
	type GraphColumn,
	type StepConverter,
	type StepEnv
} from './env';

const hasColumns = (s: unknown): boolean => typeof s === 'object' && s !== null && Array.isArray((s as { columns?: unknown }).columns);

function numberColumn(env: StepEnv, name: string, title: string): GraphColumn {
	const col = columnOf(env, name, title);
	if (col.kind !== 'number')
		throw new OnnxExportError(title, `column "${name}" is ${col.kind} here; the step was fitted on a number column`);
	return col;
}

/** How many inner edges are ≤ x (numpy.searchsorted side='right', the step's `binOf`); NaN stays NaN. */
function binIndex(g: GraphBuilder, x: string, edges: readonly number[]): string {
	const inner = edges.slice(1, -1);
	if (inner.length === 0) return where(g, op(g, 'IsNaN', [x]), x, op(g, 'Mul', [x, f64(g, 'zero', [0], [])]));
	const ge = cast(g, op(g, 'GreaterOrEqual', [x, f64(g, 'edges', inner, [1, inner.length])]), 'double');
	const count = op(g, 'ReduceSum', [ge, g.constant('axes', { type: 'int64', dims: [1], data: [1] })], { keepdims: attr.int(1) });
	// A missing value compares false with every edge: put its NaN back.
	return where(g, op(g, 'IsNaN', [x]), x, count);
}

export const bin: StepConverter = (env, step, title) => {
	const state = stateOf<{ columns: { name: string; edges: number[] }[]; output: 'category' | 'ordinal' }>(step, title, hasColumns);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = numberColumn(env, s.name, title);
		const tensor = lazy(() => binIndex(env.g, col.tensor(), s.edges));
		const out: GraphColumn =
			state.output === 'ordinal' ? { kind: 'number', tensor } : { kind: 'category', labels: binLabels(s.edges), tensor };
		replacements.set(s.name, [[s.name, out]]);
	}
	replaceColumns(env, replacements);
};

interface PowerColumn {
	name: string;
	lambda: number | null;
	center: number;
	scale: number;
}

/**
 * The transform in double, then (t − center) / scale. ONNX has no log1p / expm1: Log(1 + x) and
 * the runtime's Exp / Pow may differ from V8's Math.log1p, Math.exp and Math.pow in the last bits,
 * so this step is the one whose values are close (about 1e-16 relative), not bit-identical.
 */
function powerTransform(g: GraphBuilder, x: string, method: string, s: PowerColumn): string {
	const c = (v: number) => f64(g, 'c', [v], []);
	const log1p = (v: string) => op(g, 'Log', [op(g, 'Add', [v, c(1)])]);
	let t: string;
	if (method === 'log1p') t = where(g, op(g, 'Greater', [x, c(-1)]), log1p(x), c(NaN));
	else if (method === 'box-cox') {
		const lambda = s.lambda!;
		const log = op(g, 'Log', [x]);
		const value =
			Math.abs(lambda) < 1e-19 ? log : op(g, 'Div', [op(g, 'Sub', [op(g, 'Exp', [op(g, 'Mul', [log, c(lambda)])]), c(1)]), c(lambda)]);
		t = where(g, op(g, 'Greater', [x, c(0)]), value, c(NaN));
	} else {
		const lambda = s.lambda!;
		const pos =
			Math.abs(lambda) < Number.EPSILON
				? log1p(x)
				: op(g, 'Div', [op(g, 'Sub', [op(g, 'Pow', [op(g, 'Add', [x, c(1)]), c(lambda)]), c(1)]), c(lambda)]);
		const neg =
			Math.abs(lambda - 2) > Number.EPSILON
				? op(g, 'Neg', [op(g, 'Div', [op(g, 'Sub', [op(g, 'Pow', [op(g, 'Sub', [c(1), x]), c(2 - lambda)]), c(1)]), c(2 - lambda)])])
				: op(g, 'Neg', [log1p(op(g, 'Neg', [x]))]);
		// NaN fails x ≥ 0 and takes the negative branch, which keeps it NaN.
		t = where(g, op(g, 'GreaterOrEqual', [x, c(0)]), pos, neg);
	}
	return op(g, 'Div', [op(g, 'Sub', [t, c(s.center)]), c(s.scale)]);
}

export const power: StepConverter = (env, step, title) => {
	const state = stateOf<{ method: string; columns: PowerColumn[] }>(step, title, hasColumns);
	if (!['log1p', 'box-cox', 'yeo-johnson'].includes(state.method))
		throw new OnnxExportError(title, `method "${state.method}" is not one this exporter knows`);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = numberColumn(env, s.name, title);
		replacements.set(s.name, [[s.name, { kind: 'number', tensor: lazy(() => powerTransform(env.g, col.tensor(), state.method, s)) }]]);
	}
	replaceColumns(env, replacements);
};

interface PcaState {
	mean: number[];
	scale: number[];
	components: number[][];
	columns: string[];
	k: number;
	output: 'replace' | 'append';
}

export const pca: StepConverter = (env, step, title) => {
	const state = stateOf<PcaState>(step, title, (s) => hasColumns(s) && Array.isArray((s as { components?: unknown }).components));
	const g = env.g;
	const cols = state.columns.map((name) => numberColumn(env, name, title));
	const p = cols.length;
	const block = lazy(() => {
		// z = (x − mean) / scale, then each score Σ_j w_kj · z_j summed left to right from 0, as
		// pcaScores: one Mul and Add per input column (a MatMul sums in its own order); a NaN
		// anywhere in the row makes every score NaN, as the step.
		const x = concatColumns(
			g,
			cols.map((c) => c.tensor())
		);
		const z = op(g, 'Div', [op(g, 'Sub', [x, f64(g, 'mean', state.mean, [1, p])]), f64(g, 'scale', state.scale, [1, p])]);
		let scores: string | null = null;
		for (let j = 0; j < p; j++) {
			const loadings = f64(
				g,
				`loadings${j}`,
				Array.from({ length: state.k }, (_, k) => state.components[k][j]),
				[1, state.k]
			);
			const term = op(g, 'Mul', [loadings, p === 1 ? z : sliceColumn(g, z, j)]);
			scores = scores === null ? term : op(g, 'Add', [scores, term]);
		}
		return scores!;
	});
	const pcs: [string, GraphColumn][] = Array.from({ length: state.k }, (_, k) => [
		`PC${k + 1}`,
		{ kind: 'number', tensor: lazy(() => sliceColumn(g, block(), k)) }
	]);
	if (state.output === 'append') withColumns(env, pcs);
	else replaceColumns(env, new Map(state.columns.map((name, i) => [name, i === 0 ? pcs : []])));
};

export const polynomial: StepConverter = (env, step, title) => {
	const chosen = Array.isArray(step.params.columns) ? step.params.columns.filter((c): c is string => typeof c === 'string') : [];
	const names = pickColumns(env, chosen, ['number'], title);
	const degree = Number(step.params.degree);
	const terms = polynomialTerms(names.length, degree, step.params.interactionOnly === true);
	const cols = names.map((n) => env.columns.get(n)!);
	withColumns(
		env,
		terms.map((term) => [
			termName(names, term),
			{
				kind: 'number',
				// Left to right from the first factor, as the step multiplies (1 · a · b … ).
				tensor: lazy(() => term.slice(1).reduce((acc, k) => op(env.g, 'Mul', [acc, cols[k].tensor()]), cols[term[0]].tensor()))
			}
		])
	);
};
