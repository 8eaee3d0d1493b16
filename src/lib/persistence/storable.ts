/**
 * Whether a value survives IndexedDB's structured clone unchanged. The clone throws on
 * functions and symbols, but it silently turns a class instance (a tfjs tensor, a Map
 * subclass) into a plain object without its prototype — a model stored that way would
 * come back broken. So only plain data is accepted: primitives, plain objects, arrays,
 * typed arrays, ArrayBuffers, Dates, Maps and Sets of plain data.
 */
export function storableIssue(value: unknown, path = 'model'): string | null {
	const seen = new Set<object>();
	const visit = (v: unknown, at: string): string | null => {
		if (v === null || v === undefined) return null;
		const t = typeof v;
		if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return null;
		if (t === 'function') return `${at} is a function`;
		if (t === 'symbol') return `${at} is a symbol`;
		const o = v as object;
		if (seen.has(o)) return null;
		seen.add(o);
		if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer || o instanceof Date) return null;
		if (Array.isArray(o)) {
			for (let i = 0; i < o.length; i++) {
				const issue = visit(o[i], `${at}[${i}]`);
				if (issue) return issue;
			}
			return null;
		}
		if (o instanceof Map) {
			for (const [k, item] of o) {
				const issue = visit(k, `${at} key`) ?? visit(item, `${at}.get(${String(k)})`);
				if (issue) return issue;
			}
			return null;
		}
		if (o instanceof Set) {
			for (const item of o) {
				const issue = visit(item, `${at} item`);
				if (issue) return issue;
			}
			return null;
		}
		const proto: unknown = Object.getPrototypeOf(o);
		if (proto !== Object.prototype && proto !== null) {
			const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
			return `${at} is a ${name} object, not plain data`;
		}
		for (const [k, item] of Object.entries(o)) {
			const issue = visit(item, `${at}.${k}`);
			if (issue) return issue;
		}
		return null;
	};
	return visit(value, path);
}
