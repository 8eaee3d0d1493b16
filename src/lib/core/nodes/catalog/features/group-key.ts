import type { Column } from '../../../frame/types';

/** Column kinds a row can be grouped by. */
export const GROUP_KINDS = ['category', 'boolean', 'text'] as const;

/**
 * Each row's group as a string key built from LABELS (not codes, which differ between
 * files), or null when any key column is missing there: pandas' groupby leaves such rows
 * out of every group (dropna=True).
 */
export function groupKeys(cols: readonly Column[], rowCount: number): (string | null)[] {
	const labelOf = cols.map((col): ((r: number) => string | null) => {
		switch (col.kind) {
			case 'category':
				return (r) => (col.codes[r] < 0 ? null : col.dictionary[col.codes[r]]);
			case 'boolean':
				return (r) => (col.codes[r] < 0 ? null : col.codes[r] === 1 ? 'true' : 'false');
			case 'text':
				return (r) => col.values[r];
			default:
				throw new Error(`column "${col.name}" is ${col.kind}; group by a category, boolean or text column`);
		}
	});
	const keys: (string | null)[] = new Array(rowCount);
	for (let r = 0; r < rowCount; r++) {
		const labels: string[] = [];
		let missing = false;
		for (const label of labelOf) {
			const l = label(r);
			if (l === null) missing = true;
			else labels.push(l);
		}
		// JSON keeps ("a,b", "c") and ("a", "b,c") apart.
		keys[r] = missing ? null : labels.length === 1 ? labels[0] : JSON.stringify(labels);
	}
	return keys;
}
