import type { ColumnKind } from '../../frame/types';
import type { RecipeStep } from '../../nodes/ports';
import { OnnxExportError, type GraphBuilder } from '../ir';

/**
 * One column of the frame as the recipe walk sees it. `tensor` builds (once) the value that
 * holds it, [N, 1]:
 * - number, boolean: double, NaN = missing (booleans 0/1): Tessera's frames hold float64, and
 *   a step computed in float would move values across the model's thresholds;
 * - date: double epoch milliseconds (UTC), NaN = missing (a float would round to minutes);
 * - category with `labels`: double codes into `labels`, NaN = missing (a category made in the
 *   graph, e.g. by Bin, whose labels are known);
 * - category without `labels`, and text: string, '' = missing, unless `blank` names the label a
 *   Missing values fill put in its place (string ops cannot compare in opset 17, so the fill is
 *   applied where the labels are looked up).
 *
 * Columns are lazy: a step adds the nodes for a column only when something reads it, so a step
 * that cannot be expressed refuses only when its output feeds the model.
 */
export type GraphColumn =
	| { readonly kind: 'number' | 'boolean' | 'date' | 'text'; readonly tensor: () => string }
	| { readonly kind: 'category'; readonly tensor: () => string; readonly labels: readonly string[] }
	| { readonly kind: 'category'; readonly tensor: () => string; readonly labels?: undefined; readonly blank: string | null };

/** The frame between two steps: columns in order, and the target's current name. */
export interface StepEnv {
	readonly g: GraphBuilder;
	columns: Map<string, GraphColumn>;
	target: string | null;
}

/** Adds one recipe step's nodes; `title` names the step in refusals. */
export type StepConverter = (env: StepEnv, step: RecipeStep, title: string) => void;

/** Memoises a builder, so a value read twice adds its nodes once. */
export function once<T>(build: () => T): () => T {
	let done = false;
	let value: T;
	return () => {
		if (!done) {
			value = build();
			done = true;
		}
		return value;
	};
}

/** A column's tensor builder, memoised. */
export const lazy = (build: () => string): (() => string) => once(build);

/** A column whose tensor refuses when read (its value cannot be built faithfully). */
export function refusing(kind: ColumnKind, title: string, reason: string): GraphColumn {
	const tensor = () => {
		throw new OnnxExportError(title, reason);
	};
	return kind === 'category' ? { kind, tensor, blank: null } : { kind, tensor };
}

/** The column, or a refusal naming the step that needs it. */
export function columnOf(env: StepEnv, name: string, title: string): GraphColumn {
	const col = env.columns.get(name);
	if (!col) throw new OnnxExportError(title, `it reads column "${name}", which is not among the model's input columns`);
	return col;
}

/** Replace columns by name in place (several, one or none for each); new names go at the end. */
export function replaceColumns(env: StepEnv, replacements: ReadonlyMap<string, readonly [string, GraphColumn][]>): void {
	const out = new Map<string, GraphColumn>();
	for (const [name, col] of env.columns) {
		const r = replacements.get(name);
		if (r) for (const [n, c] of r) out.set(n, c);
		else out.set(name, col);
	}
	env.columns = out;
}

/** Append or overwrite columns (the frame's `withColumns`). */
export function withColumns(env: StepEnv, added: readonly [string, GraphColumn][]): void {
	for (const [name, col] of added) env.columns.set(name, col);
}

/** The recipe's `pickColumns`: chosen names, or every column of these kinds but the target. */
export function pickColumns(env: StepEnv, chosen: readonly string[], kinds: readonly ColumnKind[], title: string): string[] {
	if (chosen.length === 0) return [...env.columns].filter(([n, c]) => kinds.includes(c.kind) && n !== env.target).map(([n]) => n);
	for (const name of chosen) {
		const col = columnOf(env, name, title);
		if (!kinds.includes(col.kind))
			throw new OnnxExportError(title, `column "${name}" is ${col.kind} here; the step needs ${kinds.join(' or ')}`);
	}
	return [...chosen];
}

/** A fitted state's field, checked: a malformed state refuses rather than exporting something else. */
export function stateOf<T>(step: RecipeStep, title: string, ok: (s: unknown) => boolean): T {
	if (!ok(step.state)) throw new OnnxExportError(title, 'its fitted state is not in the form this exporter reads (re-train the model)');
	return step.state as T;
}
