import type { Column, ColumnKind, Frame } from '../frame/types';
export { isMissing } from '../frame/frame';
import { takeColumnRows } from '../frame/verbs';
import type { DatasetValue } from './ports';

/**
 * The columns a node works on: the ones the user chose, or every column of the given
 * kinds except the target. A chosen column that is missing or of the wrong kind is an
 * error that names it.
 */
export function pickColumns(data: DatasetValue, chosen: readonly string[], kinds: readonly ColumnKind[]): Column[] {
	const byName = new Map(data.frame.columns.map((c) => [c.name, c]));
	if (chosen.length === 0) return data.frame.columns.filter((c) => kinds.includes(c.kind) && c.name !== data.target);
	return chosen.map((name) => {
		const col = byName.get(name);
		if (!col) throw new Error(`column "${name}" does not exist (columns: ${[...byName.keys()].join(', ')})`);
		if (!kinds.includes(col.kind)) throw new Error(`column "${name}" is ${col.kind}; this node needs ${kinds.join(' or ')}`);
		return col;
	});
}

export function findColumn(frame: Frame, name: string): Column | undefined {
	return frame.columns.find((c) => c.name === name);
}

export function requireColumn(frame: Frame, name: string): Column {
	const col = findColumn(frame, name);
	if (!col) throw new Error(`column "${name}" does not exist (columns: ${frame.columns.map((c) => c.name).join(', ')})`);
	return col;
}

/** Replace columns by name, keeping their position; new ones go at the end. */
export function replaceColumns(frame: Frame, replacements: ReadonlyMap<string, Column[]>): Frame {
	const out: Column[] = [];
	for (const col of frame.columns) {
		const r = replacements.get(col.name);
		if (r) out.push(...r);
		else out.push(col);
	}
	return { columns: out, rowCount: frame.rowCount };
}

/** Keep only the rows where keep[i] is 1; roles follow their rows. */
export function filterRows(frame: Frame, roles: Uint8Array | null, keep: Uint8Array): { frame: Frame; roles: Uint8Array | null } {
	let n = 0;
	for (let i = 0; i < keep.length; i++) n += keep[i];
	const idx = new Uint32Array(n);
	for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) idx[j++] = i;
	const columns = frame.columns.map((c) => takeColumnRows(c, idx));
	return { frame: { columns, rowCount: n }, roles: roles ? roles.filter((_, i) => keep[i] === 1) : null };
}
