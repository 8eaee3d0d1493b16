import type { Column } from '../../../frame/types';

/** A category or boolean column: codes into labels (-1 = missing). */
export type CodedColumn = Extract<Column, { codes: Int32Array }>;

/** The label of each code of this frame's column; encoders store labels, never codes. */
export function labelsOf(col: Column, purpose = 'this encoder'): (code: number) => string | null {
	if (col.kind === 'boolean') return (c) => (c < 0 ? null : c === 1 ? 'true' : 'false');
	if (col.kind === 'category') return (c) => (c < 0 ? null : col.dictionary[c]);
	throw new Error(`column "${col.name}" is ${col.kind}; ${purpose} needs a category or boolean column — convert it first`);
}

/**
 * For every code of this frame's column, the index of its label in `fitted` (-1 when the
 * label was not seen in training), so a new file's differently numbered dictionary still maps.
 */
export function codeToFitted(col: CodedColumn, fitted: readonly string[]): Int32Array {
	const label = labelsOf(col);
	const at = new Map(fitted.map((l, i) => [l, i]));
	const size = col.kind === 'category' ? col.dictionary.length : 2;
	const out = new Int32Array(size);
	for (let c = 0; c < size; c++) out[c] = at.get(label(c)!) ?? -1;
	return out;
}

/** Index of each row's label in `fitted`; -1 for a missing or unseen label. */
export function fittedIndexPerRow(col: CodedColumn, fitted: readonly string[]): Int32Array {
	const map = codeToFitted(col, fitted);
	return col.codes.map((c) => (c < 0 ? -1 : map[c]));
}

/** How often each label occurs in the given rows (missing values are not counted). */
export function labelCounts(col: CodedColumn, rows: ArrayLike<number>): Map<string, number> {
	const label = labelsOf(col);
	const byCode = new Map<number, number>();
	for (let i = 0; i < rows.length; i++) {
		const c = col.codes[rows[i]];
		if (c >= 0) byCode.set(c, (byCode.get(c) ?? 0) + 1);
	}
	const out = new Map<string, number>();
	for (const [c, n] of byCode) out.set(label(c)!, (out.get(label(c)!) ?? 0) + n);
	return out;
}

/** Find a coded column by name in the frame being transformed, or say what is wrong. */
export function requireCoded(columns: readonly Column[], name: string, purpose: string): CodedColumn {
	const col = columns.find((c) => c.name === name);
	if (!col) throw new Error(`column "${name}" is missing; ${purpose} was fitted on it — add it back or refit`);
	labelsOf(col, purpose);
	return col as CodedColumn;
}
