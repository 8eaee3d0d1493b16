/** Small guards for reading sanitised JSON (null-prototype objects) without trusting its shape. */

export type RawRecord = Readonly<Record<string, unknown>>;

export function isRecord(v: unknown): v is RawRecord {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property only: a sanitised file has no prototype, but migrations may build plain objects. */
export function own(obj: RawRecord, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function has(obj: RawRecord, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(obj, key);
}

export function isNonNegativeInteger(v: unknown): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** A short, safe rendering of an unknown value for messages. */
export function show(v: unknown): string {
	if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
	if (v === undefined) return 'nothing';
	if (Array.isArray(v)) {
		const text = JSON.stringify(v);
		return text.length <= 60 ? text : 'a list';
	}
	if (typeof v === 'object' && v !== null) return 'an object';
	return String(v);
}
