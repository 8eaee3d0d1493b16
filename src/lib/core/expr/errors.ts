/**
 * Every mistake in an expression is reported with the 1-based character position where
 * it starts, so the inspector can point at it and a reader can count to it.
 */
export class ExprError extends Error {
	/** 1-based character position in the expression. */
	readonly position: number;
	constructor(position: number, message: string) {
		super(`position ${position}: ${message}`);
		this.name = 'ExprError';
		this.position = position;
	}
}

/** Longest expression accepted, in characters: a formula, not a program. */
export const MAX_EXPRESSION_LENGTH = 2_000;
/** Deepest nesting of parentheses, calls and operators, so recursion stays shallow. */
export const MAX_NESTING_DEPTH = 64;
