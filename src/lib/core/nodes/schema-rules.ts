import type { Column, ColumnKind, ColumnSchema, Frame, FrameSchema } from '../frame/types';
import type { DatasetSchema } from './define';

/**
 * Helpers for node schema rules (define.ts SchemaRule): the schema-side twins of columns.ts,
 * so a rule picks and replaces columns the way its run does.
 */

/** The columns a node works on, as pickColumns chooses them; null when a chosen one is missing or of another kind (the run will say which). */
export function pickSchema(data: DatasetSchema, chosen: readonly string[], kinds: readonly ColumnKind[]): ColumnSchema[] | null {
	if (chosen.length === 0) return data.columns.filter((c) => kinds.includes(c.kind) && c.name !== data.target);
	const byName = new Map(data.columns.map((c) => [c.name, c]));
	const picked = chosen.map((n) => byName.get(n));
	return picked.every((c): c is ColumnSchema => !!c && kinds.includes(c.kind)) ? picked : null;
}

/** replaceColumns on a schema: replaced columns keep their position. */
export function replaceSchema(columns: FrameSchema, replacements: ReadonlyMap<string, readonly ColumnSchema[]>): FrameSchema {
	return columns.flatMap((c) => replacements.get(c.name) ?? [c]);
}

/** A column as a number column of the same name (encoders, scalers). */
export const numberColumn = (name: string): ColumnSchema => ({ name, kind: 'number' });

/** The `data` output with other columns and the input's target. */
export function dataWith(data: DatasetSchema, columns: FrameSchema): { data: DatasetSchema } {
	return { data: { columns, target: data.target } };
}

/** withColumns on a schema: a column of the same name is replaced in place, others go at the end. */
export function withColumnsSchema(columns: FrameSchema, added: readonly ColumnSchema[]): FrameSchema {
	const out = [...columns];
	for (const c of added) {
		const at = out.findIndex((o) => o.name === c.name);
		if (at >= 0) out[at] = c;
		else out.push(c);
	}
	return out;
}

/** A frame with the schema's columns and no rows: enough for code that only needs the kinds (expression typing). */
export function emptyFrame(columns: FrameSchema): Frame {
	return {
		rowCount: 0,
		columns: columns.map((c): Column => {
			switch (c.kind) {
				case 'number':
				case 'date':
					return { kind: c.kind, name: c.name, values: new Float64Array(0) };
				case 'category':
					return { kind: 'category', name: c.name, codes: new Int32Array(0), dictionary: c.categories ?? [] };
				case 'boolean':
					return { kind: 'boolean', name: c.name, codes: new Int32Array(0) };
				case 'text':
					return { kind: 'text', name: c.name, values: [] };
			}
		})
	};
}
