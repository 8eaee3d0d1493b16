/**
 * The column store. A Frame is immutable: verbs return new frames and share the
 * buffers they do not change. Every column is backed by transferable buffers so a
 * frame crosses a thread boundary without being copied into row objects.
 */
export type ColumnKind = 'number' | 'category' | 'date' | 'boolean' | 'text';

/** Numbers; NaN is missing. */
export interface NumberColumn {
	readonly kind: 'number';
	readonly name: string;
	readonly values: Float64Array;
}

/** Categories as codes into a dictionary; -1 is missing. */
export interface CategoryColumn {
	readonly kind: 'category';
	readonly name: string;
	readonly codes: Int32Array;
	readonly dictionary: readonly string[];
}

/** Booleans are categories with the fixed dictionary ['false', 'true']; -1 is missing. */
export interface BooleanColumn {
	readonly kind: 'boolean';
	readonly name: string;
	readonly codes: Int32Array;
}

/** Dates as epoch milliseconds (UTC); NaN is missing. */
export interface DateColumn {
	readonly kind: 'date';
	readonly name: string;
	readonly values: Float64Array;
}

/** Free text; null is missing. */
export interface TextColumn {
	readonly kind: 'text';
	readonly name: string;
	readonly values: readonly (string | null)[];
}

export type Column = NumberColumn | CategoryColumn | BooleanColumn | DateColumn | TextColumn;

export interface Frame {
	readonly columns: readonly Column[];
	readonly rowCount: number;
}

export interface ColumnSchema {
	readonly name: string;
	readonly kind: ColumnKind;
	/** Category dictionary, for category columns only (used by column pickers and encoders). */
	readonly categories?: readonly string[];
}

export type FrameSchema = readonly ColumnSchema[];
