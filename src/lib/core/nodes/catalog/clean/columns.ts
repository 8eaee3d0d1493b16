import type { Column } from '../../../frame/types';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/**
 * `old => new; a => b` as pairs. Split by hand on ';' and line breaks, so a column name
 * may hold any other character (including '=' and '>' alone); names are trimmed.
 */
export function parseRenames(text: string): [string, string][] {
	const pairs: [string, string][] = [];
	for (const entry of text.split(/[;\n]/)) {
		if (entry.trim() === '') continue;
		const at = entry.indexOf('=>');
		if (at < 0 || entry.indexOf('=>', at + 2) >= 0) throw new Error(`rename "${entry.trim()}" needs the form "old name => new name"`);
		const from = entry.slice(0, at).trim();
		const to = entry.slice(at + 2).trim();
		if (!from || !to) throw new Error(`rename "${entry.trim()}" needs a name on both sides of "=>"`);
		pairs.push([from, to]);
	}
	return pairs;
}

const quoted = (names: Iterable<string>): string => [...names].map((n) => `"${n}"`).join(', ');

function unknownIn(names: readonly string[], have: ReadonlySet<string>, what: string): void {
	const unknown = names.filter((n) => !have.has(n));
	if (unknown.length) throw new Error(`${what} ${quoted(unknown)}: no such column (columns: ${[...have].join(', ')})`);
}

function duplicatesOf(names: readonly string[]): string[] {
	const seen = new Set<string>();
	return [...new Set(names.filter((n) => seen.has(n) || !seen.add(n)))];
}

/**
 * Keep, then drop, then rename: names in all three refer to the incoming columns, and
 * renames are simultaneous, so `a => b; b => a` swaps two columns.
 */
export function reshapeColumns<C extends { readonly name: string } = Column>(
	columns: readonly C[],
	keep: readonly string[],
	drop: readonly string[],
	renames: readonly [string, string][]
): { from: string; column: C }[] {
	const have = new Set(columns.map((c) => c.name));
	unknownIn(keep, have, 'keep lists');
	unknownIn(drop, have, 'drop lists');
	unknownIn(
		renames.map(([from]) => from),
		have,
		'rename names'
	);
	const keptTwice = duplicatesOf(keep);
	if (keptTwice.length) throw new Error(`keep lists ${quoted(keptTwice)} more than once`);
	const renamedTwice = duplicatesOf(renames.map(([from]) => from));
	if (renamedTwice.length) throw new Error(`rename gives ${quoted(renamedTwice)} more than one new name`);

	const byName = new Map(columns.map((c) => [c.name, c]));
	const dropped = new Set(drop);
	const kept = (keep.length ? keep.map((n) => byName.get(n) as C) : columns).filter((c) => !dropped.has(c.name));
	const newName = new Map(renames);
	const out = kept.map((c) => ({ from: c.name, column: newName.has(c.name) ? { ...c, name: newName.get(c.name) as string } : c }));
	const clashes = duplicatesOf(out.map((o) => o.column.name));
	if (clashes.length) throw new Error(`after renaming, more than one column is called ${quoted(clashes)}; choose different names`);
	return out;
}

export default defineNode({
	type: 'clean.columns',
	version: 1,
	category: 'clean',
	title: 'Select columns',
	description:
		'Keep, drop, reorder and rename columns. Keep lists the columns to keep in the order they should appear; drop removes columns; rename gives new names. The target follows its rename.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		keep: p.columns({ label: 'Keep', help: 'The columns to keep, in output order. Empty: every column, in its current order' }),
		drop: p.columns({ label: 'Drop', help: 'Columns to remove' }),
		rename: p.string({
			default: '',
			maxLength: 10_000,
			label: 'Rename',
			help: 'One "old name => new name" per entry, separated by ";" or new lines, e.g. "bill_len => Bill length; sex => Sex". Names refer to the incoming columns.'
		})
	},
	replayable: true,
	schema: ({ data }, params) => {
		if (!data) return {};
		const out = reshapeColumns(data.columns, params.keep, params.drop, parseRenames(params.rename));
		const target = data.target === null ? null : (out.find((o) => o.from === data.target)?.column.name ?? data.target);
		return { data: { columns: out.map((o) => o.column), target } };
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const renames = parseRenames(params.rename);
		const out = reshapeColumns(data.frame.columns, params.keep, params.drop, renames);
		const frame = { columns: out.map((o) => o.column), rowCount: data.frame.rowCount };
		const target = data.target;
		if (target === null || !data.frame.columns.some((c) => c.name === target)) return { data: withFrame(data, frame) };
		const kept = out.find((o) => o.from === target);
		if (!kept) throw new Error(`the target column "${target}" would be removed; keep it here, or choose the target after this node`);
		return { data: { ...withFrame(data, frame), target: kept.column.name } };
	}
});
