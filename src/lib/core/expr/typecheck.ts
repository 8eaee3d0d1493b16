/**
 * Checks an expression against the upstream schema before any row is touched: every
 * column exists, every operator and function gets the kinds it needs, and the result
 * has a kind. Mistakes are reported with their position.
 */
import { parseDateToken } from '../frame/tokens';
import type { ColumnKind, FrameSchema } from '../frame/types';
import type { BinaryOp, Expr } from './ast';
import { ExprError } from './errors';
import { FUNCTIONS, type ArgKind } from './functions';
import { closest, hint } from './suggest';
import type { TExpr } from './typed-tree';
import { isStringType, joinTypes, typeName, type ValueType } from './types';

export interface Checked {
	readonly tree: TExpr;
	readonly type: ValueType;
	/** The columns the expression reads, in order of first use. */
	readonly columns: readonly string[];
}

const VERBS: Partial<Record<BinaryOp, string>> = {
	'+': 'add',
	'-': 'subtract',
	'*': 'multiply',
	'/': 'divide',
	'%': 'take the remainder of',
	'^': 'raise to a power'
};

const COLUMN_TYPES: Readonly<Record<ColumnKind, ValueType>> = {
	number: 'number',
	text: 'text',
	category: 'category',
	boolean: 'boolean',
	date: 'date'
};

function fits(kind: ArgKind, t: ValueType): boolean {
	if (t === 'null' || kind === 'any') return true;
	return kind === 'string' ? isStringType(t) : t === kind;
}

/** A text literal where a date belongs ('2015-06-01') becomes a date; other text stays as it is. */
function asDate(e: TExpr): TExpr {
	if (e.k !== 'const' || typeof e.value !== 'string') return e;
	const ms = parseDateToken(e.value.trim());
	if (Number.isNaN(ms)) throw new ExprError(e.pos, `${JSON.stringify(e.value)} is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM`);
	return { k: 'const', pos: e.pos, t: 'date', value: ms };
}

class Checker {
	readonly used: string[] = [];
	private readonly kinds: Map<string, ValueType>;
	constructor(schema: FrameSchema) {
		this.kinds = new Map(schema.map((c) => [c.name, COLUMN_TYPES[c.kind]]));
	}

	check(e: Expr): TExpr {
		switch (e.type) {
			case 'number':
				return { k: 'const', pos: e.pos, t: 'number', value: e.value };
			case 'string':
				return { k: 'const', pos: e.pos, t: 'category', value: e.value };
			case 'boolean':
				return { k: 'const', pos: e.pos, t: 'boolean', value: e.value };
			case 'null':
				return { k: 'const', pos: e.pos, t: 'null', value: null };
			case 'column':
				return this.column(e.name, e.pos);
			case 'unary': {
				const arg = this.check(e.arg);
				const want = e.op === 'not' ? 'boolean' : 'number';
				if (arg.t !== want && arg.t !== 'null')
					throw new ExprError(
						e.pos,
						e.op === 'not' ? `"not" needs a true/false value, not ${typeName(arg.t)}` : `cannot negate ${typeName(arg.t)}`
					);
				return { k: e.op === 'not' ? 'not' : 'neg', pos: e.pos, t: want, arg };
			}
			case 'binary':
				return this.binary(e.op, e.pos, this.check(e.left), this.check(e.right));
			case 'isnull':
				return { k: 'isnull', pos: e.pos, t: 'boolean', arg: this.check(e.arg), negated: e.negated };
			case 'if': {
				const cond = this.check(e.cond);
				if (cond.t !== 'boolean' && cond.t !== 'null')
					throw new ExprError(e.cond.pos, `the condition of "if" must be true/false, not ${typeName(cond.t)}`);
				let then = this.check(e.then);
				let otherwise = this.check(e.else);
				if (then.t === 'date') otherwise = asDate(otherwise);
				if (otherwise.t === 'date') then = asDate(then);
				const t = joinTypes(then.t, otherwise.t);
				if (t === null)
					throw new ExprError(
						e.pos,
						`the two branches of "if" give ${typeName(then.t)} and ${typeName(otherwise.t)}; they must be of one kind`
					);
				return { k: 'if', pos: e.pos, t, cond, then, else: otherwise };
			}
			case 'call':
				return this.call(e.name, e.pos, e.args);
		}
	}

	private column(name: string, pos: number): TExpr {
		const t = this.kinds.get(name);
		if (t === undefined) {
			if (FUNCTIONS.has(name.toLowerCase()))
				throw new ExprError(pos, `${name} is a function; call it as ${FUNCTIONS.get(name.toLowerCase())?.usage}`);
			throw new ExprError(pos, `unknown column ${JSON.stringify(name)}${hint(closest(name, this.kinds.keys()))}`);
		}
		if (!this.used.includes(name)) this.used.push(name);
		return { k: 'col', pos, t, name };
	}

	private binary(op: BinaryOp, pos: number, a: TExpr, b: TExpr): TExpr {
		if (op === 'and' || op === 'or') {
			for (const side of [a, b])
				if (side.t !== 'boolean' && side.t !== 'null')
					throw new ExprError(side.pos, `"${op}" needs true/false values on both sides; this one is ${typeName(side.t)}`);
			return { k: 'op', pos, t: 'boolean', op, a, b };
		}
		const verb = VERBS[op];
		if (verb === undefined) {
			// A comparison. A text literal beside a date is read as a date.
			if (a.t === 'date') b = asDate(b);
			if (b.t === 'date') a = asDate(a);
			if (joinTypes(a.t, b.t) === null) throw new ExprError(pos, `cannot compare ${typeName(a.t)} and ${typeName(b.t)}`);
			return { k: 'op', pos, t: 'boolean', op, a, b };
		}
		if (op === '+' && isStringType(a.t) && isStringType(b.t)) {
			return { k: 'op', pos, t: joinTypes(a.t, b.t) as ValueType, op, a, b };
		}
		const numberLike = (t: ValueType) => t === 'number' || t === 'null';
		if (!numberLike(a.t) || !numberLike(b.t)) {
			const dates = a.t === 'date' && b.t === 'date' && op === '-' ? '; use datediff(later, earlier) for the days between two dates' : '';
			throw new ExprError(pos, `cannot ${verb} ${typeName(a.t)} and ${typeName(b.t)}${dates}`);
		}
		return { k: 'op', pos, t: 'number', op, a, b };
	}

	private call(name: string, pos: number, argExprs: readonly Expr[]): TExpr {
		const fn = FUNCTIONS.get(name);
		if (!fn) {
			const known = hint(closest(name, FUNCTIONS.keys()));
			throw new ExprError(pos, `unknown function "${name}"${known}`);
		}
		const min = fn.args.length - (fn.optional ?? 0);
		const max = fn.variadic ? Infinity : fn.args.length;
		if (argExprs.length < min || argExprs.length > max)
			throw new ExprError(
				pos,
				`${fn.usage} takes ${fn.variadic ? `at least ${min}` : min === max ? min : `${min} or ${max}`} argument${max === 1 ? '' : 's'}; found ${argExprs.length}`
			);
		const args = argExprs.map((ae, i) => {
			const kind = fn.args[Math.min(i, fn.args.length - 1)];
			let arg = this.check(ae);
			if (kind === 'date') arg = asDate(arg);
			if (!fits(kind, arg.t))
				throw new ExprError(
					ae.pos,
					`${fn.name}() needs ${kind === 'string' ? 'text' : kind} here, not ${typeName(arg.t)}; usage: ${fn.usage}`
				);
			return arg;
		});
		const t = fn.result(args.map((a) => a.t));
		if (t === null)
			throw new ExprError(pos, `the values given to ${fn.name}() are of different kinds (${args.map((a) => typeName(a.t)).join(', ')})`);
		return { k: 'call', pos, t, fn, args };
	}
}

export function typecheck(expr: Expr, schema: FrameSchema): Checked {
	const checker = new Checker(schema);
	const tree = checker.check(expr);
	return { tree, type: tree.t, columns: checker.used };
}
