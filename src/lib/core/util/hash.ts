/**
 * FNV-1a, 64-bit, as 16 hex digits. Not cryptographic: it keys caches and
 * fingerprints datasets, where speed matters and collisions are astronomically rare.
 */
const PRIME_HI = 0x100;
const PRIME_LO = 0x1b3;

export class Hasher {
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

export const hashString = (s: string): string => new Hasher().string(s).digest();
export const hashBytes = (b: Uint8Array): string => new Hasher().bytes(b).digest();

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
