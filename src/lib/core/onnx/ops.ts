/**
 * Small graph idioms the step and family converters share: constants, NaN handling and table
 * lookups. Every helper adds nodes to `g` and returns the name of its result.
 */
import { attr, OnnxExportError, type GraphBuilder } from './ir';

export const f32 = (g: GraphBuilder, hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string =>
	g.constant(hint, { type: 'float', dims, data: Float32Array.from(values) });

export const f64 = (g: GraphBuilder, hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string =>
	g.constant(hint, { type: 'double', dims, data: Float64Array.from(values) });

export const i64 = (g: GraphBuilder, hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string =>
	g.constant(hint, { type: 'int64', dims, data: values });

/** One-input or two-input core op with a single output. */
export function op(g: GraphBuilder, name: string, inputs: readonly string[], attrs: Parameters<GraphBuilder['node']>[3] = {}): string {
	return g.node(name, inputs, [name], attrs)[0];
}

/** Cast to float (1), double (11), int64 (7), bool (9). */
export const cast = (g: GraphBuilder, x: string, to: 'float' | 'double' | 'int64' | 'bool'): string =>
	op(g, 'Cast', [x], { to: attr.int({ float: 1, double: 11, int64: 7, bool: 9 }[to]) });

/** Where(cond, a, b) with a scalar float constant for `a` where it is a number. */
export function where(g: GraphBuilder, cond: string, a: string, b: string): string {
	return op(g, 'Where', [cond, a, b]);
}

/** x with NaN replaced by `value` (double tensors, as every number column is; float where asked). */
export function fillNaN(g: GraphBuilder, x: string, value: number, type: 'float' | 'double' = 'double'): string {
	const v = type === 'float' ? f32(g, 'fill', [value], []) : f64(g, 'fill', [value], []);
	return where(g, op(g, 'IsNaN', [x]), v, x);
}

/** Columns [N, 1] side by side: [N, k]. */
export function concatColumns(g: GraphBuilder, columns: readonly string[]): string {
	return columns.length === 1 ? columns[0] : op(g, 'Concat', columns, { axis: attr.int(1) });
}

/** Column j of an [N, k] tensor, as [N, 1]. */
export function sliceColumn(g: GraphBuilder, x: string, j: number): string {
	return op(g, 'Slice', [x, i64(g, 'start', [j]), i64(g, 'end', [j + 1]), i64(g, 'axis', [1])]);
}

/**
 * A lookup on a double index tensor [N, 1] whose values are -2 (missing), -1 (unseen) or a row
 * 0..k-1 of `rows`: returns [N, width] double, row i of the result being `missing`, `unseen` or
 * rows[index]. Built as a Gather on a (k + 2) × width table, so every branch is one exact copy
 * of the fitted float64 value.
 */
export function lookupRows(
	g: GraphBuilder,
	index: string,
	missing: readonly number[],
	unseen: readonly number[],
	rows: readonly (readonly number[])[]
): string {
	const width = missing.length;
	const table = [missing, unseen, ...rows].flat();
	const tableName = f64(g, 'table', table, [rows.length + 2, width]);
	const shifted = op(g, 'Add', [index, f64(g, 'two', [2], [])]);
	const flat = op(g, 'Reshape', [cast(g, shifted, 'int64'), i64(g, 'flat', [-1])]);
	return op(g, 'Gather', [tableName, flat], { axis: attr.int(0) });
}

/**
 * For a string tensor [N, 1]: the index of each label in `fitted` as double [N, 1]; -1 for a
 * label not in it, -2 for a missing cell (''), unless `blank` names the label '' stands for.
 * (LabelEncoder of ai.onnx.ml opset 3 maps to float only; small integers cast to double exactly.)
 */
export function stringIndex(g: GraphBuilder, x: string, fitted: readonly string[], blank: string | null, title: string): string {
	if (fitted.includes('')) throw new OnnxExportError(title, 'a category label is the empty string, which the graph reads as missing');
	const blankAt = blank === null ? -2 : fitted.indexOf(blank);
	const [index] = g.node(
		'LabelEncoder',
		[x],
		['label_index'],
		{
			keys_strings: attr.strings([...fitted, '']),
			values_floats: attr.floats([...fitted.map((_, i) => i), blankAt]),
			default_float: attr.float(-1)
		},
		'ai.onnx.ml'
	);
	return cast(g, index, 'double');
}

/**
 * For double codes [N, 1] into `labels` (NaN = missing): the index of each code's label in
 * `fitted` (-1 when not in it), -2 when missing, as double.
 */
export function codeIndex(g: GraphBuilder, x: string, labels: readonly string[], fitted: readonly string[]): string {
	const at = new Map(fitted.map((l, i) => [l, i]));
	const table = [...labels.map((l) => at.get(l) ?? -1), -2];
	const safe = fillNaN(g, x, labels.length);
	const flat = op(g, 'Reshape', [cast(g, safe, 'int64'), i64(g, 'flat', [-1])]);
	const looked = op(g, 'Gather', [f64(g, 'codes', table), flat], { axis: attr.int(0) });
	return op(g, 'Reshape', [looked, i64(g, 'column', [-1, 1])]);
}
