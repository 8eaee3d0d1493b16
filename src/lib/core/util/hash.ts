/**
 * FNV-1a, 64-bit, as 16 hex digits: cache keys only (result-cache signatures, memo keys),
 * where speed matters and a collision costs a stale cache entry, not trust. Anyone can make
 * two inputs collide on purpose, so nothing a person or a file relies on to say "same data"
 * uses it: those are fingerprints (util/fingerprint.ts, SHA-256).
 */
const PRIME_HI = 0x100;
const PRIME_LO = 0x1b3;

export class CacheKeyHasher {
	private hi = 0xcbf29ce4;
	private lo = 0x84222325;

	private byte(b: number): void {
		let lo = this.lo ^ b;
		let hi = this.hi;
		// multiply (hi, lo) by the FNV prime 0x100000001b3 modulo 2^64
		const loMul = lo * PRIME_LO;
		const carry = Math.floor(loMul / 0x100000000);
		const newLo = loMul >>> 0;
		const newHi = (hi * PRIME_LO + lo * PRIME_HI + carry) >>> 0;
		lo = newLo;
		hi = newHi;
		this.lo = lo;
		this.hi = hi;
	}

	bytes(data: Uint8Array): this {
		for (let i = 0; i < data.length; i++) this.byte(data[i]);
		return this;
	}

	string(s: string): this {
		for (let i = 0; i < s.length; i++) {
			const c = s.charCodeAt(i);
			this.byte(c & 0xff);
			this.byte(c >>> 8);
		}
		this.byte(0);
		return this;
	}

	digest(): string {
		return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
	}
}

/** A cache key for a string (not a fingerprint: see the note above). */
export const cacheKey = (s: string): string => new CacheKeyHasher().string(s).digest();

/** JSON with sorted keys, so equal values hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return '[' + value.map(stableStringify).join(',') + ']';
	const obj = value as Record<string, unknown>;
	return (
		'{' +
		Object.keys(obj)
			.sort()
			.filter((k) => obj[k] !== undefined)
			.map((k) => JSON.stringify(k) + ':' + stableStringify(obj[k]))
			.join(',') +
		'}'
	);
}
