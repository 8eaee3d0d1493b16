/**
 * Runs a checked expression over a frame, one whole column per node: no per-row
 * interpretation of the tree. Missing values follow SQL: arithmetic and comparisons
 * with a missing value are missing; `and`/`or` are three-valued (false and missing =
 * false, true or missing = true); `if` takes the else branch when its condition is
 * not true. A number result that is not finite (x / 0, log(0)) is missing.
 */
import type { Frame } from '../frame/types';
import { getColumn } from '../frame/frame';
import type { BinaryOp } from './ast';
import { missingMask } from './functions';
import type { TExpr } from './typed-tree';
import { isStringType } from './types';
import { asBooleans, asNumbers, asStrings, constant, fromColumn, type StrVec, type Vec } from './vectors';

/** Floored remainder, as Python and pandas give it: the sign follows the divisor (-7 % 3 = 2). */
const mod = (x: number, y: number) => x - y * Math.floor(x / y);

const ARITHMETIC: Partial<Record<BinaryOp, (x: number, y: number) => number>> = {
	'+': (x, y) => x + y,
	'-': (x, y) => x - y,
	'*': (x, y) => x * y,
	'/': (x, y) => x / y,
	'%': mod,
	'^': (x, y) => x ** y
};

/** -1 / 0 / 1 for a < b, =, >; used for numbers, dates, booleans and strings alike. */
const COMPARE: Partial<Record<BinaryOp, (c: number) => boolean>> = {
	'=': (c) => c === 0,
	'!=': (c) => c !== 0,
	'<': (c) => c < 0,
	'<=': (c) => c <= 0,
	'>': (c) => c > 0,
	'>=': (c) => c >= 0
};

function arithmetic(op: BinaryOp, a: Float64Array, b: Float64Array, n: number): Vec {
	const f = ARITHMETIC[op] as (x: number, y: number) => number;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const r = f(a[i], b[i]);
		out[i] = Number.isFinite(r) ? r : NaN;
	}
	return { t: 'number', v: out };
}

function compareNumbers(
	test: (c: number) => boolean,
	a: ArrayLike<number>,
	b: ArrayLike<number>,
	missing: (x: number) => boolean,
	n: number
): Vec {
	const out = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		const x = a[i];
		const y = b[i];
		out[i] = missing(x) || missing(y) ? -1 : test(x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
	}
	return { t: 'boolean', v: out };
}

function compareStrings(test: (c: number) => boolean, a: StrVec, b: StrVec, n: number): Vec {
	const out = new Int8Array(n);
	for (let i = 0; i < n; i++) {
		const ca = a.codes[i];
		const cb = b.codes[i];
		if (ca < 0 || cb < 0) {
			out[i] = -1;
			continue;
		}
		const x = a.dict[ca];
		const y = b.dict[cb];
		out[i] = test(x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
	}
	return { t: 'boolean', v: out };
}

function concat(a: StrVec, b: StrVec, n: number): Vec {
	const index = new Map<string, number>();
	const dict: string[] = [];
	const codes = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		if (a.codes[i] < 0 || b.codes[i] < 0) {
			codes[i] = -1;
			continue;
		}
		const s = a.dict[a.codes[i]] + b.dict[b.codes[i]];
		let c = index.get(s);
		if (c === undefined) index.set(s, (c = dict.push(s) - 1));
		codes[i] = c;
	}
	return { t: 'string', codes, dict };
}

/** Kleene logic over -1 (missing), 0, 1. */
function logic(op: 'and' | 'or', a: Int8Array, b: Int8Array, n: number): Vec {
	const out = new Int8Array(n);
	const dominant = op === 'and' ? 0 : 1;
	for (let i = 0; i < n; i++) out[i] = a[i] === dominant || b[i] === dominant ? dominant : a[i] < 0 || b[i] < 0 ? -1 : 1 - dominant;
	return { t: 'boolean', v: out };
}

function choose(cond: Int8Array, then: Vec, otherwise: Vec, e: Extract<TExpr, { k: 'if' }>, n: number): Vec {
	if (e.t === 'null') return { t: 'null' };
	if (isStringType(e.t)) {
		const a = asStrings(then, n);
		const b = asStrings(otherwise, n);
		// One dictionary: the then-branch's entries, then the else-branch's, shifted.
		const codes = new Int32Array(n);
		for (let i = 0; i < n; i++) codes[i] = cond[i] === 1 ? a.codes[i] : b.codes[i] < 0 ? -1 : b.codes[i] + a.dict.length;
		return { t: 'string', codes, dict: [...a.dict, ...b.dict] };
	}
	if (e.t === 'boolean') {
		const a = asBooleans(then, n);
		const b = asBooleans(otherwise, n);
		return { t: 'boolean', v: Int8Array.from(cond, (c, i) => (c === 1 ? a[i] : b[i])) };
	}
	const a = asNumbers(then, n);
	const b = asNumbers(otherwise, n);
	return { t: e.t === 'date' ? 'date' : 'number', v: Float64Array.from(cond, (c, i) => (c === 1 ? a[i] : b[i])) };
}

function binary(e: Extract<TExpr, { k: 'op' }>, frame: Frame): Vec {
	const n = frame.rowCount;
	const a = evaluate(e.a, frame);
	const b = evaluate(e.b, frame);
	if (e.op === 'and' || e.op === 'or') return logic(e.op, asBooleans(a, n), asBooleans(b, n), n);
	const test = COMPARE[e.op];
	if (test) {
		if (a.t === 'null' || b.t === 'null') return asBooleansVec(new Int8Array(n).fill(-1));
		if (a.t === 'string' || b.t === 'string') return compareStrings(test, asStrings(a, n), asStrings(b, n), n);
		if (a.t === 'boolean' || b.t === 'boolean') return compareNumbers(test, asBooleans(a, n), asBooleans(b, n), (x) => x < 0, n);
		return compareNumbers(test, asNumbers(a, n), asNumbers(b, n), Number.isNaN, n);
	}
	if (isStringType(e.t)) return concat(asStrings(a, n), asStrings(b, n), n);
	return arithmetic(e.op, asNumbers(a, n), asNumbers(b, n), n);
}

const asBooleansVec = (v: Int8Array): Vec => ({ t: 'boolean', v });

/** The expression's value for every row of the frame. The tree must have been checked against this frame's schema. */
export function evaluate(e: TExpr, frame: Frame): Vec {
	const n = frame.rowCount;
	switch (e.k) {
		case 'const':
			return constant(e.value, e.t, n);
		case 'col':
			return fromColumn(getColumn(frame, e.name));
		case 'neg':
			return { t: 'number', v: asNumbers(evaluate(e.arg, frame), n).map((x) => -x) };
		case 'not':
			return asBooleansVec(asBooleans(evaluate(e.arg, frame), n).map((x) => (x < 0 ? -1 : 1 - x)));
		case 'op':
			return binary(e, frame);
		case 'isnull': {
			const mask = missingMask(evaluate(e.arg, frame), n);
			return asBooleansVec(e.negated ? mask.map((x) => 1 - x) : mask);
		}
		case 'if': {
			const cond = asBooleans(evaluate(e.cond, frame), n);
			return choose(cond, evaluate(e.then, frame), evaluate(e.else, frame), e, n);
		}
		case 'call':
			return e.fn.run(
				e.args.map((a) => evaluate(a, frame)),
				n
			);
	}
}
