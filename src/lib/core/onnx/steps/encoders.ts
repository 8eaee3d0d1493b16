/** One-hot, Ordinal, Frequency and Target encode: category labels looked up in fitted tables. */
import { OTHER } from '../../nodes/catalog/features/one-hot';
import { OnnxExportError } from '../ir';
import { lookupRows, op, f64, sliceColumn, where } from '../ops';
import { columnOf, lazy, replaceColumns, stateOf, type GraphColumn, type StepConverter, type StepEnv } from './env';
import { labelIndex } from './labels';

const hasColumns = (s: unknown): boolean => typeof s === 'object' && s !== null && Array.isArray((s as { columns?: unknown }).columns);

/**
 * Columns `names` read from one lookup block: the block [N, names.length] is built once, the
 * first time any of them is read, and each column is a slice of it.
 */
function blockColumns(env: StepEnv, names: readonly string[], build: () => string): [string, GraphColumn][] {
	const block = lazy(build);
	return names.map((n, j) => [n, { kind: 'number', tensor: names.length === 1 ? block : lazy(() => sliceColumn(env.g, block(), j)) }]);
}

interface OneHotColumn {
	name: string;
	categories: string[];
	other?: boolean;
	dropFirst?: boolean;
}

export const oneHot: StepConverter = (env, step, title) => {
	const state = stateOf<{ columns: OneHotColumn[] }>(step, title, hasColumns);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = columnOf(env, s.name, title);
		const k = s.categories.length;
		const width = k + (s.other ? 1 : 0);
		const names = s.categories.map((c) => `${s.name}=${c}`);
		if (s.other) names.push(`${s.name}=${OTHER}`);
		// Table rows: missing → all zeros, unseen → the "other" column (or zeros), label i → column i.
		const unit = (i: number) => Array.from({ length: width }, (_, j) => (j === i ? 1 : 0));
		const build = () =>
			lookupRows(
				env.g,
				labelIndex(env, s.name, col, s.categories, title),
				unit(-1),
				s.other ? unit(k) : unit(-1),
				s.categories.map((_, i) => unit(i))
			);
		const columns = blockColumns(env, names, build);
		replacements.set(s.name, s.dropFirst && k > 0 ? columns.slice(1) : columns);
	}
	replaceColumns(env, replacements);
};

export const ordinal: StepConverter = (env, step, title) => {
	const state = stateOf<{ columns: { name: string; categories: string[] }[]; unknown: number | null }>(step, title, hasColumns);
	const unknown = state.unknown ?? NaN;
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = columnOf(env, s.name, title);
		const tensor = lazy(() => {
			const at = labelIndex(env, s.name, col, s.categories, title);
			return where(env.g, op(env.g, 'Less', [at, f64(env.g, 'zero', [0], [])]), f64(env.g, 'unknown', [unknown], []), at);
		});
		replacements.set(s.name, [[s.name, { kind: 'number', tensor }]]);
	}
	replaceColumns(env, replacements);
};

export const frequency: StepConverter = (env, step, title) => {
	const state = stateOf<{ columns: { name: string; categories: string[]; shares: number[] }[] }>(step, title, hasColumns);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = columnOf(env, s.name, title);
		// Missing stays missing, unseen gets 0.
		const build = () =>
			lookupRows(
				env.g,
				labelIndex(env, s.name, col, s.categories, title),
				[NaN],
				[0],
				s.shares.map((v) => [v])
			);
		replacements.set(s.name, blockColumns(env, [s.name], build));
	}
	replaceColumns(env, replacements);
};

interface Mapping {
	prior: number[];
	values: number[][];
}

/**
 * New rows get the mapping fitted on all training rows (`full`); the out-of-fold mappings only
 * ever apply to the very rows the step was fitted on, which a deployed model never sees.
 */
export const targetEncode: StepConverter = (env, step, title) => {
	const state = stateOf<{ outputs: string[]; columns: { name: string; categories: string[]; full: Mapping }[] }>(
		step,
		title,
		(s) => hasColumns(s) && Array.isArray((s as { outputs?: unknown }).outputs)
	);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const s of state.columns) {
		const col = columnOf(env, s.name, title);
		if (s.full.values.length !== s.categories.length)
			throw new OnnxExportError(title, `the fitted table of "${s.name}" does not match its categories`);
		const names = state.outputs.map((o) => (o === '' ? s.name : `${s.name}:${o}`));
		const build = () => lookupRows(env.g, labelIndex(env, s.name, col, s.categories, title), s.full.prior, s.full.prior, s.full.values);
		replacements.set(s.name, blockColumns(env, names, build));
	}
	replaceColumns(env, replacements);
};
