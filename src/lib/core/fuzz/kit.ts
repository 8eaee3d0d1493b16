/**
 * Shared settings of the property-based suites (fast-check). The unit suite runs each property
 * a bounded number of times from a fixed seed, so CI is fast and a failure reproduces;
 * `npm run fuzz` (scripts/fuzz.mjs) sets FUZZ_RUNS and FUZZ_SEED for long runs.
 */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

export const FUZZ = {
	/** Runs per property: 60 in the unit suite. */
	runs: Number(env.FUZZ_RUNS) || 60,
	seed: Number(env.FUZZ_SEED) || 20261207,
	/** A long run (`npm run fuzz`): suites may print what the inputs got. */
	long: Number(env.FUZZ_RUNS) > 60
} as const;

/** Errors that mean a bug in our code, not a message for the person who gave the input. */
const BUG_ERRORS = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'InternalError', 'EvalError'];

/**
 * A "clear error": a thrown Error that is not one of JavaScript's own bug errors, with a
 * message that says something (at least a few words). Returns why not, or null when it is one.
 */
export function unclearError(e: unknown): string | null {
	if (!(e instanceof Error)) return `threw a non-Error: ${String(e)}`;
	if (BUG_ERRORS.includes(e.name) || BUG_ERRORS.includes(e.constructor.name)) return `${e.name}: ${e.message}`;
	if (e.message.trim().length < 8) return `a message too short to help: "${e.message}"`;
	return null;
}

/** Byte mutations: flip, overwrite, insert, delete or truncate, at positions from the generator. */
export type Mutation =
	| { readonly kind: 'flip'; readonly at: number; readonly bit: number }
	| { readonly kind: 'set'; readonly at: number; readonly value: number }
	| { readonly kind: 'insert'; readonly at: number; readonly bytes: readonly number[] }
	| { readonly kind: 'delete'; readonly at: number; readonly count: number }
	| { readonly kind: 'truncate'; readonly at: number };

export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
	let out = Uint8Array.from(bytes);
	for (const m of mutations) {
		const at = out.length ? m.at % out.length : 0;
		switch (m.kind) {
			case 'flip':
				if (out.length) out[at] ^= 1 << m.bit;
				break;
			case 'set':
				if (out.length) out[at] = m.value;
				break;
			case 'insert':
				out = Uint8Array.from([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
				break;
			case 'delete':
				out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + m.count)]);
				break;
			case 'truncate':
				out = out.slice(0, at);
				break;
		}
	}
	return out;
}
