/**
 * The kind of value an expression produces. `category` behaves as text everywhere; it
 * is kept apart so that a derived column built from categories and literals (e.g.
 * if(x > 3, 'big', 'small')) becomes a category column, not free text. `null` is the
 * type of a bare `null`, which fits anywhere.
 */
export type ValueType = 'number' | 'text' | 'category' | 'boolean' | 'date' | 'null';

export const isStringType = (t: ValueType) => t === 'text' || t === 'category';

/** How a type is named in messages: a category is text to the person writing the formula. */
export const typeName = (t: ValueType) => (t === 'category' ? 'text' : t === 'boolean' ? 'true/false' : t);

/** The common type of two branches (if, coalesce), or null when they do not mix. */
export function joinTypes(a: ValueType, b: ValueType): ValueType | null {
	if (a === 'null') return b;
	if (b === 'null') return a;
	if (a === b) return a;
	if (isStringType(a) && isStringType(b)) return 'text';
	return null;
}
