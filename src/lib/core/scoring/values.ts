import { nestedText } from '../frame/values';

/** The text of a typed cell (Parquet, Arrow), as a category, a text column, an id or a message shows it. */
export function valueText(v: unknown): string {
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	if (v instanceof Date) return v.toISOString();
	return nestedText(v);
}
