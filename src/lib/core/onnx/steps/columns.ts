/** Select columns, Convert kinds and Schema: steps that rename, drop or re-type columns. */
import { parseRenames } from '../../nodes/catalog/clean/columns';
import type { Override } from '../../nodes/catalog/io/schema-overrides';
import { OnnxExportError } from '../ir';
import { refusing, replaceColumns, stateOf, type GraphColumn, type StepConverter } from './env';

const stringList = (v: unknown): readonly string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Keep, then drop, then rename (simultaneously), as the step's `reshapeColumns`. A named column
 * that is not an input (the target, which new rows do not carry) is passed over.
 */
export const selectColumns: StepConverter = (env, step, title) => {
	const keep = stringList(step.params.keep).filter((n) => env.columns.has(n));
	const drop = new Set(stringList(step.params.drop));
	const renames = new Map(parseRenames(typeof step.params.rename === 'string' ? step.params.rename : ''));
	const kept = (keep.length ? keep : [...env.columns.keys()]).filter((n) => !drop.has(n));
	const out = new Map<string, GraphColumn>();
	for (const name of kept) {
		const to = renames.get(name) ?? name;
		if (out.has(to)) throw new OnnxExportError(title, `two columns would be called "${to}"`);
		out.set(to, env.columns.get(name)!);
	}
	if (env.target !== null && renames.has(env.target)) env.target = renames.get(env.target)!;
	env.columns = out;
};

/** A kind change the graph reproduces exactly, or null (the column then refuses when read). */
function converted(col: GraphColumn, to: string): GraphColumn | null {
	if (col.kind === to) return col;
	// Dates become epoch milliseconds (both double) and booleans 0/1 as numbers: nothing is read from text.
	if (col.kind === 'date' && to === 'number') return { kind: 'number', tensor: col.tensor };
	if (col.kind === 'boolean' && to === 'number') return { kind: 'number', tensor: col.tensor };
	if (col.kind === 'boolean' && to === 'category') return { kind: 'category', labels: ['false', 'true'], tensor: col.tensor };
	return null;
}

export const convert: StepConverter = (env, step, title) => {
	const to = String(step.params.to);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const name of stringList(step.params.columns)) {
		const col = env.columns.get(name);
		if (!col) continue;
		const out =
			converted(col, to) ??
			refusing(
				to as GraphColumn['kind'],
				title,
				`converting "${name}" from ${col.kind} to ${to} reads the values as text, which an ONNX graph cannot do the same way`
			);
		replacements.set(name, [[name, out]]);
	}
	replaceColumns(env, replacements);
};

/**
 * Schema overrides: a column kept at its kind (a date without a format) is unchanged — the graph's
 * inputs carry cells as the reader leaves them —, an ignored one goes, any other change is text
 * parsing and refuses when the column is read.
 */
export const schema: StepConverter = (env, step, title) => {
	const state = stateOf<{ overrides: Override[] }>(
		step,
		title,
		(s) => typeof s === 'object' && s !== null && Array.isArray((s as { overrides?: unknown }).overrides)
	);
	const replacements = new Map<string, [string, GraphColumn][]>();
	for (const o of state.overrides) {
		const col = env.columns.get(o.column);
		if (!col) continue;
		if (o.kind === 'ignore') replacements.set(o.column, []);
		else if (o.kind === col.kind && !(o.kind === 'date' && o.format)) continue;
		else
			replacements.set(o.column, [
				[
					o.column,
					refusing(
						o.kind === 'identifier' ? 'text' : (o.kind as GraphColumn['kind']),
						title,
						`re-reading "${o.column}" as ${o.kind} parses its text, which an ONNX graph cannot do the same way`
					)
				]
			]);
	}
	replaceColumns(env, replacements);
};
