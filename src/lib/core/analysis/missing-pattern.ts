import { isMissing } from '../frame/frame';
import type { Column } from '../frame/types';

/** One combination of missing columns and how many rows have exactly it. */
export interface MissingPattern {
	/** Indices into the report's columns that are missing together; empty = a complete row. */
	readonly missing: number[];
	readonly count: number;
}

export interface MissingPatterns {
	readonly rows: number;
	readonly columns: { readonly name: string; readonly missing: number }[];
	/** Most frequent first (ties: the pattern met first), like pandas' df.isna().value_counts(). */
	readonly patterns: MissingPattern[];
	/** How many distinct patterns there are in all, shown or not. */
	readonly distinct: number;
}

/** Per-column missing counts and the `top` most frequent row patterns of missingness. */
export function missingPatterns(columns: readonly Column[], rows: number, top = 10): MissingPatterns {
	const counts = columns.map((c) => {
		let m = 0;
		for (let r = 0; r < rows; r++) if (isMissing(c, r)) m++;
		return m;
	});
	// Only columns with a gap can tell patterns apart; a string key over them is cheap enough.
	const gappy = columns.map((_, i) => i).filter((i) => counts[i] > 0);
	const seen = new Map<string, { missing: number[]; count: number; first: number }>();
	for (let r = 0; r < rows; r++) {
		const missing = gappy.filter((i) => isMissing(columns[i], r));
		const key = missing.join(',');
		const entry = seen.get(key);
		if (entry) entry.count++;
		else seen.set(key, { missing, count: 1, first: r });
	}
	const patterns = [...seen.values()]
		.sort((a, b) => b.count - a.count || a.first - b.first)
		.slice(0, top)
		.map(({ missing, count }) => ({ missing, count }));
	return { rows, columns: columns.map((c, i) => ({ name: c.name, missing: counts[i] })), patterns, distinct: seen.size };
}
