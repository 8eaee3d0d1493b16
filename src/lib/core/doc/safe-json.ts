/**
 * JSON parsing for untrusted files. JSON.parse alone is not enough: it happily returns
 * objects with an own "__proto__" key (which a later merge or spread turns into
 * prototype pollution), numbers like 1e999 that became Infinity, and it recurses on
 * nesting deep enough to blow the stack. This module checks size and depth before
 * parsing and returns a copy built from null-prototype objects without dangerous keys.
 */

/** Keys that reach Object.prototype when assigned or merged naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonLimits {
	readonly maxBytes: number;
	readonly maxDepth: number;
}

export type SafeJsonResult =
	{ readonly ok: true; readonly value: unknown; readonly warnings: string[] } | { readonly ok: false; readonly errors: string[] };

const MiB = 1024 * 1024;

/** "25.3 MB", "512 KB", "900 bytes": sizes in messages people read. */
export function formatBytes(n: number): string {
	if (n >= MiB) return `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MB`;
	if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KB`;
	return `${n} bytes`;
}

/** UTF-8 length without allocating an encoded copy of a possibly huge string. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			const d = text.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}

/** The deepest nesting of [ and { outside strings, stopping early once past `limit`. */
function nestingDepth(text: string, limit: number): { depth: number; at: number } {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x7b || c === 0x5b) {
			depth++;
			if (depth > limit) return { depth, at: i };
		} else if (c === 0x7d || c === 0x5d) depth--;
	}
	return { depth: 0, at: -1 };
}

function childPath(path: string, key: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Copies a parsed value into null-prototype objects, dropping forbidden keys (a warning
 * each) and refusing non-finite numbers (an error each, with the JSON path).
 */
function sanitise(value: unknown, path: string, warnings: string[], errors: string[]): unknown {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) errors.push(`${path}: the number is too large to be stored exactly (it reads as infinity)`);
		return value;
	}
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v, i) => sanitise(v, `${path}[${i}]`, warnings, errors));
	const out: Record<string, unknown> = Object.create(null);
	for (const key of Object.keys(value)) {
		if (FORBIDDEN_KEYS.has(key)) {
			warnings.push(`${childPath(path, key)}: ignored the key "${key}", which files may not use`);
			continue;
		}
		out[key] = sanitise((value as Record<string, unknown>)[key], childPath(path, key), warnings, errors);
	}
	return out;
}

export function safeJsonParse(text: string, limits: JsonLimits): SafeJsonResult {
	// Cheap bound first: every UTF-16 unit is at least one UTF-8 byte.
	const size = text.length > limits.maxBytes ? text.length : utf8Length(text);
	if (size > limits.maxBytes)
		return {
			ok: false,
			errors: [`the file is ${formatBytes(size)}; the limit is ${formatBytes(limits.maxBytes)}`]
		};
	const deep = nestingDepth(text, limits.maxDepth);
	if (deep.at >= 0)
		return {
			ok: false,
			errors: [`the file nests deeper than ${limits.maxDepth} levels (at character ${deep.at}); a pipeline never needs that`]
		};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (e) {
		return { ok: false, errors: [`the file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
	}
	const warnings: string[] = [];
	const errors: string[] = [];
	const value = sanitise(parsed, '$', warnings, errors);
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value, warnings };
}
