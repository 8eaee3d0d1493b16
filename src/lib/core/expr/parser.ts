/**
 * Recursive descent over the tokens. Precedence, loosest first:
 * or < and < not < comparison < + - < * / % < unary minus < ^ (right-associative) < call/atom.
 */
import type { BinaryOp, Expr } from './ast';
import { ExprError, MAX_NESTING_DEPTH } from './errors';
import { tokenize, type Token } from './lexer';

const COMPARISONS: Readonly<Record<string, BinaryOp>> = {
	'=': '=',
	'==': '=',
	'!=': '!=',
	'<>': '!=',
	'<': '<',
	'<=': '<=',
	'>': '>',
	'>=': '>='
};

function describe(t: Token): string {
	switch (t.type) {
		case 'end':
			return 'the end of the expression';
		case 'string':
			return `text ${JSON.stringify(t.value)}`;
		case 'column':
			return `column \`${t.value}\``;
		default:
			return `"${t.value}"`;
	}
}

class Parser {
	private i = 0;
	private depth = 0;
	constructor(private readonly tokens: readonly Token[]) {}

	private peek(): Token {
		return this.tokens[this.i];
	}
	private next(): Token {
		return this.tokens[this.i++];
	}
	private is(type: Token['type'], value?: string): boolean {
		const t = this.peek();
		return t.type === type && (value === undefined || t.value === value);
	}
	private expect(type: Token['type'], value: string, what: string): Token {
		const t = this.peek();
		if (t.type !== type || t.value !== value) throw new ExprError(t.pos, `expected ${what} but found ${describe(t)}`);
		return this.next();
	}
	/** Counts nesting so that "((((...))))" or "- - - x" fails with a message, not a stack overflow. */
	private nested<T>(pos: number, f: () => T): T {
		if (++this.depth > MAX_NESTING_DEPTH)
			throw new ExprError(pos, `the expression nests deeper than ${MAX_NESTING_DEPTH} levels; simplify it`);
		try {
			return f();
		} finally {
			this.depth--;
		}
	}

	parse(): Expr {
		if (this.is('end')) throw new ExprError(1, 'the expression is empty');
		const e = this.expression();
		const t = this.peek();
		if (t.type !== 'end') throw new ExprError(t.pos, `unexpected ${describe(t)}; an operator or the end was expected`);
		return e;
	}

	private expression(): Expr {
		return this.or();
	}
	private or(): Expr {
		let left = this.and();
		while (this.is('keyword', 'or')) {
			const pos = this.next().pos;
			left = { type: 'binary', pos, op: 'or', left, right: this.and() };
		}
		return left;
	}
	private and(): Expr {
		let left = this.not();
		while (this.is('keyword', 'and')) {
			const pos = this.next().pos;
			left = { type: 'binary', pos, op: 'and', left, right: this.not() };
		}
		return left;
	}
	private not(): Expr {
		if (this.is('keyword', 'not')) {
			const pos = this.next().pos;
			return this.nested(pos, () => ({ type: 'unary', pos, op: 'not', arg: this.not() }));
		}
		return this.comparison();
	}
	private comparison(): Expr {
		let left = this.additive();
		for (;;) {
			const t = this.peek();
			if (t.type === 'op' && COMPARISONS[t.value]) {
				this.next();
				left = { type: 'binary', pos: t.pos, op: COMPARISONS[t.value], left, right: this.additive() };
			} else if (t.type === 'keyword' && t.value === 'is') {
				this.next();
				const negated = this.is('keyword', 'not');
				if (negated) this.next();
				this.expect('keyword', 'null', '"null" after "is"');
				left = { type: 'isnull', pos: t.pos, arg: left, negated };
			} else return left;
		}
	}
	private additive(): Expr {
		let left = this.multiplicative();
		while (this.is('op', '+') || this.is('op', '-')) {
			const t = this.next();
			left = { type: 'binary', pos: t.pos, op: t.value as BinaryOp, left, right: this.multiplicative() };
		}
		return left;
	}
	private multiplicative(): Expr {
		let left = this.unary();
		while (this.is('op', '*') || this.is('op', '/') || this.is('op', '%')) {
			const t = this.next();
			left = { type: 'binary', pos: t.pos, op: t.value as BinaryOp, left, right: this.unary() };
		}
		return left;
	}
	private unary(): Expr {
		if (this.is('op', '-') || this.is('op', '+')) {
			const t = this.next();
			const arg = this.nested(t.pos, () => this.unary());
			return t.value === '-' ? { type: 'unary', pos: t.pos, op: '-', arg } : arg;
		}
		return this.power();
	}
	private power(): Expr {
		const base = this.atom();
		if (!this.is('op', '^')) return base;
		const pos = this.next().pos;
		// Right-associative, and the exponent may carry a sign: 2 ^ -1.
		const exponent = this.nested(pos, () => this.unary());
		return { type: 'binary', pos, op: '^', left: base, right: exponent };
	}
	private atom(): Expr {
		const t = this.next();
		switch (t.type) {
			case 'number': {
				const value = Number(t.value);
				if (!Number.isFinite(value)) throw new ExprError(t.pos, `the number ${t.value} is too large`);
				return { type: 'number', pos: t.pos, value };
			}
			case 'string':
				return { type: 'string', pos: t.pos, value: t.value };
			case 'column':
				return { type: 'column', pos: t.pos, name: t.value };
			case 'ident':
				if (this.is('punct', '(')) return this.call(t);
				return { type: 'column', pos: t.pos, name: t.value };
			case 'punct':
				if (t.value === '(') {
					const inner = this.nested(t.pos, () => this.expression());
					this.expect('punct', ')', '")" to close the "(" at position ' + t.pos);
					return inner;
				}
				break;
			case 'keyword':
				if (t.value === 'true' || t.value === 'false') return { type: 'boolean', pos: t.pos, value: t.value === 'true' };
				if (t.value === 'null') return { type: 'null', pos: t.pos };
				if (t.value === 'if') return this.nested(t.pos, () => this.ifExpr(t));
				break;
		}
		if (t.type === 'end') throw new ExprError(t.pos, 'the expression ends too early; a value was expected');
		throw new ExprError(t.pos, `expected a value but found ${describe(t)}`);
	}
	private args(open: Token): Expr[] {
		this.expect('punct', '(', '"("');
		const args: Expr[] = [];
		if (!this.is('punct', ')')) {
			do args.push(this.expression());
			while (this.is('punct', ',') && this.next());
		}
		this.expect('punct', ')', `"," or ")" to close the call at position ${open.pos}`);
		return args;
	}
	private call(name: Token): Expr {
		const args = this.nested(name.pos, () => this.args(name));
		return { type: 'call', pos: name.pos, name: name.value.toLowerCase(), args };
	}
	/** `if(cond, a, b)` or `if cond then a else b`. */
	private ifExpr(kw: Token): Expr {
		if (this.is('punct', '(')) {
			const args = this.args(kw);
			// `if (cond) then a else b`: the parentheses only grouped the condition.
			if (args.length === 1 && this.is('keyword', 'then')) return this.thenElse(kw, args[0]);
			if (args.length !== 3) throw new ExprError(kw.pos, `if(condition, then, else) takes 3 values; found ${args.length}`);
			return { type: 'if', pos: kw.pos, cond: args[0], then: args[1], else: args[2] };
		}
		return this.thenElse(kw, this.expression());
	}
	private thenElse(kw: Token, cond: Expr): Expr {
		this.expect('keyword', 'then', '"then"');
		const then = this.expression();
		this.expect('keyword', 'else', '"else"');
		return { type: 'if', pos: kw.pos, cond, then, else: this.expression() };
	}
}

export function parse(source: string): Expr {
	return new Parser(tokenize(source)).parse();
}
