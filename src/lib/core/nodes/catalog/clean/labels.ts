import type { CategoryColumn } from '../../../frame/types';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A category column from cell labels (null = missing). The dictionary is sorted with
 * plain `<`, as the CSV reader sorts it, so equal labels get equal codes whatever the
 * row order or the machine's locale.
 */
export function categoryOf(name: string, labels: readonly (string | null)[]): CategoryColumn {
	const provisional = new Map<string, number>();
	const firstSeen: string[] = [];
	const codes = new Int32Array(labels.length);
	for (let i = 0; i < labels.length; i++) {
		const s = labels[i];
		if (s === null) {
			codes[i] = -1;
			continue;
		}
		let code = provisional.get(s);
		if (code === undefined) {
			code = firstSeen.length;
			provisional.set(s, code);
			firstSeen.push(s);
		}
		codes[i] = code;
	}
	const dictionary = firstSeen.slice().sort(byCodeUnit);
	const remap = new Int32Array(firstSeen.length);
	dictionary.forEach((label, k) => (remap[provisional.get(label) as number] = k));
	for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
	return { kind: 'category', name, codes, dictionary };
}

/**
 * Rewrites a category's labels; labels that become equal merge into one code. Works on
 * the dictionary, not the rows, so a million rows cost one pass over their codes.
 */
export function relabel(col: CategoryColumn, rewrite: (label: string) => string): CategoryColumn {
	const rewritten = col.dictionary.map(rewrite);
	const dictionary = [...new Set(rewritten)].sort(byCodeUnit);
	const index = new Map(dictionary.map((label, k) => [label, k]));
	const remap = Int32Array.from(rewritten, (label) => index.get(label) as number);
	const codes = col.codes.map((c) => (c < 0 ? -1 : remap[c]));
	return { ...col, codes, dictionary };
}
