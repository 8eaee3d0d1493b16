import { ExprError, MAX_EXPRESSION_LENGTH } from './errors';

export type TokenType = 'number' | 'string' | 'ident' | 'column' | 'keyword' | 'op' | 'punct' | 'end';

export interface Token {
	readonly type: TokenType;
	/** The number's value, the string's content, the column name, the lower-case keyword or the operator. */
	readonly value: string;
	/** 1-based position of the token's first character. */
	readonly pos: number;
}

/** Words with a meaning of their own; a column with such a name needs `backticks`. Case-insensitive. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'is', 'null', 'true', 'false', 'if', 'then', 'else']);

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '^'];

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c);

/** Read a quoted run up to `close`; a doubled closing character stands for itself. */
function readQuoted(src: string, start: number, close: string, what: string): { text: string; end: number } {
	let text = '';
	let i = start + 1;
	while (i < src.length) {
		const c = src[i];
		if (c === '\\' && what === 'text' && i + 1 < src.length) {
			const n = src[i + 1];
			text += n === 'n' ? '\n' : n === 't' ? '\t' : n;
			i += 2;
		} else if (c === close) {
			if (src[i + 1] === close) {
				text += close;
				i += 2;
			} else return { text, end: i + 1 };
		} else {
			text += c;
			i++;
		}
	}
	throw new ExprError(start + 1, `${what} starting here is not closed; add ${close}`);
}

export function tokenize(src: string): Token[] {
	if (src.length > MAX_EXPRESSION_LENGTH)
		throw new ExprError(1, `the expression has ${src.length} characters; the limit is ${MAX_EXPRESSION_LENGTH}`);
	const tokens: Token[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		const pos = i + 1;
		if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
			i++;
		} else if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
			const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
			const text = m ? m[0] : c;
			if (isIdentStart(src[i + text.length] ?? ''))
				throw new ExprError(
					pos,
					`"${text}${src[i + text.length]}" is not a number; a column name that starts with a digit needs \`backticks\``
				);
			tokens.push({ type: 'number', value: text, pos });
			i += text.length;
		} else if (c === "'" || c === '"') {
			const q = readQuoted(src, i, c, 'text');
			tokens.push({ type: 'string', value: q.text, pos });
			i = q.end;
		} else if (c === '`' || c === '[') {
			const q = readQuoted(src, i, c === '`' ? '`' : ']', 'the column name');
			if (q.text.length === 0) throw new ExprError(pos, 'empty column name');
			tokens.push({ type: 'column', value: q.text, pos });
			i = q.end;
		} else if (isIdentStart(c)) {
			let j = i + 1;
			while (j < src.length && isIdentPart(src[j])) j++;
			const word = src.slice(i, j);
			const lower = word.toLowerCase();
			tokens.push(KEYWORDS.has(lower) ? { type: 'keyword', value: lower, pos } : { type: 'ident', value: word, pos });
			i = j;
		} else if (c === '(' || c === ')' || c === ',') {
			tokens.push({ type: 'punct', value: c, pos });
			i++;
		} else {
			const op = OPERATORS.find((o) => src.startsWith(o, i));
			if (!op) throw new ExprError(pos, `unexpected character "${c}"`);
			tokens.push({ type: 'op', value: op, pos });
			i += op.length;
		}
	}
	tokens.push({ type: 'end', value: '', pos: src.length + 1 });
	return tokens;
}
