/**
 * The functions an expression may call. A missing argument gives a missing result
 * (except in isnull and coalesce), and so does a result that is not a finite number
 * (log(0), sqrt(-1)), because Frame number columns use NaN for missing.
 */
import { joinTypes, type ValueType } from './types';
import { asBooleans, asNumbers, asStrings, type StrVec, type Vec } from './vectors';

/** What an argument must be: numbers, text (or categories), dates, or anything. */
export type ArgKind = 'number' | 'string' | 'date' | 'any';

export interface FunctionDef {
	readonly name: string;
	readonly usage: string;
	readonly args: readonly ArgKind[];
	/** How many trailing args may be left out. */
	readonly optional?: number;
	/** The last argument may repeat. */
	readonly variadic?: boolean;
	/** The result type, given the argument types (already checked against `args`); null when they do not mix. */
	readonly result: (types: readonly ValueType[]) => ValueType | null;
	readonly run: (args: readonly Vec[], n: number) => Vec;
}

const MS_PER_DAY = 86_400_000;
const finite = (x: number) => (Number.isFinite(x) ? x : NaN);

function numeric(name: string, f: (x: number) => number): FunctionDef {
	return {
		name,
		usage: `${name}(x)`,
		args: ['number'],
		result: () => 'number',
		run: ([a], n) => ({ t: 'number', v: asNumbers(a, n).map((x) => finite(f(x))) })
	};
}

function binaryNumeric(args: readonly Vec[], n: number, f: (x: number, y: number) => number): Float64Array {
	const xs = asNumbers(args[0], n);
	const ys = asNumbers(args[1], n);
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) out[i] = finite(f(xs[i], ys[i]));
	return out;
}

/** numpy's round: scale, round half to even, unscale (so round(2.5) = 2, as pandas gives). */
export function roundHalfEven(x: number, digits: number): number {
	const d = Math.trunc(digits);
	const scale = 10 ** Math.abs(d);
	const y = d >= 0 ? x * scale : x / scale;
	let r = Math.round(y);
	if (Math.abs(y % 1) === 0.5 && r % 2 !== 0) r -= 1;
	return d >= 0 ? r / scale : r * scale;
}

function extreme(name: 'min' | 'max'): FunctionDef {
	const pick = name === 'min' ? Math.min : Math.max;
	return {
		name,
		usage: `${name}(a, b, ...)`,
		args: ['number', 'number'],
		variadic: true,
		result: () => 'number',
		// Math.min/max already propagate NaN: a missing value gives a missing result.
		run: (args, n) => {
			const cols = args.map((a) => asNumbers(a, n));
			const out = Float64Array.from(cols[0]);
			for (let k = 1; k < cols.length; k++) for (let i = 0; i < n; i++) out[i] = pick(out[i], cols[k][i]);
			return { t: 'number', v: out };
		}
	};
}

/** Apply f to each distinct string once; the codes stay. */
const mapDict = (s: StrVec, f: (x: string) => string): Vec => ({ t: 'string', codes: s.codes, dict: s.dict.map(f) });

function stringToNumber(name: string, f: (x: string) => number): FunctionDef {
	return {
		name,
		usage: `${name}(text)`,
		args: ['string'],
		result: () => 'number',
		run: ([a], n) => {
			const s = asStrings(a, n);
			const perEntry = s.dict.map(f);
			return { t: 'number', v: Float64Array.from(s.codes, (c) => (c < 0 ? NaN : perEntry[c])) };
		}
	};
}

function stringToString(name: string, f: (x: string) => string): FunctionDef {
	return {
		name,
		usage: `${name}(text)`,
		args: ['string'],
		result: ([t]) => (t === 'null' ? 'text' : t),
		run: ([a], n) => mapDict(asStrings(a, n), f)
	};
}

/** A part of a date in UTC, as pandas' .dt accessors give it for naive timestamps. */
function datePart(name: string, f: (d: Date) => number): FunctionDef {
	return {
		name,
		usage: `${name}(date)`,
		args: ['date'],
		result: () => 'number',
		run: ([a], n) => ({ t: 'number', v: asNumbers(a, n).map((ms) => (Number.isNaN(ms) ? NaN : f(new Date(ms)))) })
	};
}

const defs: FunctionDef[] = [
	numeric('abs', Math.abs),
	numeric('sqrt', Math.sqrt),
	numeric('exp', Math.exp),
	numeric('log10', Math.log10),
	numeric('floor', Math.floor),
	numeric('ceil', Math.ceil),
	{
		name: 'log',
		usage: 'log(x) or log(x, base)',
		args: ['number', 'number'],
		optional: 1,
		result: () => 'number',
		run: (args, n) =>
			args.length === 1
				? { t: 'number', v: asNumbers(args[0], n).map((x) => finite(Math.log(x))) }
				: { t: 'number', v: binaryNumeric(args, n, (x, b) => (b > 0 && b !== 1 ? Math.log(x) / Math.log(b) : NaN)) }
	},
	{
		name: 'pow',
		usage: 'pow(x, y)',
		args: ['number', 'number'],
		result: () => 'number',
		run: (args, n) => ({ t: 'number', v: binaryNumeric(args, n, (x, y) => x ** y) })
	},
	{
		name: 'round',
		usage: 'round(x) or round(x, digits)',
		args: ['number', 'number'],
		optional: 1,
		result: () => 'number',
		run: (args, n) =>
			args.length === 1
				? { t: 'number', v: asNumbers(args[0], n).map((x) => roundHalfEven(x, 0)) }
				: { t: 'number', v: binaryNumeric(args, n, roundHalfEven) }
	},
	extreme('min'),
	extreme('max'),
	// Code points, as Python's len counts them (an emoji is one character).
	stringToNumber('length', (s) => [...s].length),
	stringToString('lower', (s) => s.toLowerCase()),
	stringToString('upper', (s) => s.toUpperCase()),
	stringToString('trim', (s) => s.trim()),
	{
		name: 'contains',
		usage: 'contains(text, part)',
		args: ['string', 'string'],
		result: () => 'boolean',
		run: (args, n) => {
			const s = asStrings(args[0], n);
			const part = asStrings(args[1], n);
			const out = new Int8Array(n);
			for (let i = 0; i < n; i++) {
				const a = s.codes[i];
				const b = part.codes[i];
				out[i] = a < 0 || b < 0 ? -1 : s.dict[a].includes(part.dict[b]) ? 1 : 0;
			}
			return { t: 'boolean', v: out };
		}
	},
	datePart('year', (d) => d.getUTCFullYear()),
	datePart('month', (d) => d.getUTCMonth() + 1),
	datePart('day', (d) => d.getUTCDate()),
	// Monday = 0 … Sunday = 6, as pandas' dt.weekday.
	datePart('weekday', (d) => (d.getUTCDay() + 6) % 7),
	datePart('hour', (d) => d.getUTCHours()),
	{
		name: 'datediff',
		usage: 'datediff(later, earlier)',
		args: ['date', 'date'],
		result: () => 'number',
		// Fractional days: (later - earlier) / 1 day; floor() gives whole days.
		run: (args, n) => ({ t: 'number', v: binaryNumeric(args, n, (a, b) => (a - b) / MS_PER_DAY) })
	},
	{
		name: 'date',
		usage: "date('YYYY-MM-DD')",
		args: ['date'],
		result: () => 'date',
		// The checker turns a text literal into a date, so at run time this is the identity.
		run: ([a], n) => ({ t: 'date', v: asNumbers(a, n) })
	},
	{
		name: 'isnull',
		usage: 'isnull(x)',
		args: ['any'],
		result: () => 'boolean',
		run: ([a], n) => ({ t: 'boolean', v: missingMask(a, n) })
	},
	{
		name: 'coalesce',
		usage: 'coalesce(a, b, ...)',
		args: ['any', 'any'],
		variadic: true,
		result: (types) => types.reduce<ValueType | null>((acc, t) => (acc === null ? null : joinTypes(acc, t)), 'null'),
		run: coalesce
	}
];

/** 1 where the value is missing, 0 elsewhere (never missing itself). */
export function missingMask(a: Vec, n: number): Int8Array {
	const out = new Int8Array(n);
	if (a.t === 'null') return out.fill(1);
	for (let i = 0; i < n; i++) out[i] = (a.t === 'string' ? a.codes[i] < 0 : a.t === 'boolean' ? a.v[i] < 0 : Number.isNaN(a.v[i])) ? 1 : 0;
	return out;
}

/** The first non-missing value per row; the args share a type (checked). */
function coalesce(args: readonly Vec[], n: number): Vec {
	const real = args.filter((a) => a.t !== 'null');
	if (real.length === 0) return { t: 'null' };
	const first = real[0];
	if (first.t === 'string') {
		const parts = real.map((a) => asStrings(a, n));
		const values = Array.from({ length: n }, (_, i) => {
			for (const p of parts) if (p.codes[i] >= 0) return p.dict[p.codes[i]];
			return null;
		});
		const dict = [...new Set(values.filter((v): v is string => v !== null))];
		const at = new Map(dict.map((d, i) => [d, i]));
		return { t: 'string', codes: Int32Array.from(values, (v) => (v === null ? -1 : (at.get(v) as number))), dict };
	}
	if (first.t === 'boolean') {
		const parts = real.map((a) => asBooleans(a, n));
		const out = Int8Array.from(parts[0]);
		for (const p of parts.slice(1)) for (let i = 0; i < n; i++) if (out[i] < 0) out[i] = p[i];
		return { t: 'boolean', v: out };
	}
	const parts = real.map((a) => asNumbers(a, n));
	const out = Float64Array.from(parts[0]);
	for (const p of parts.slice(1)) for (let i = 0; i < n; i++) if (Number.isNaN(out[i])) out[i] = p[i];
	return { t: first.t === 'date' ? 'date' : 'number', v: out };
}

/** Looked up in a Map, so `constructor(x)` or `__proto__(x)` is an unknown function, not a prototype member. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(defs.map((d) => [d.name, d]));
