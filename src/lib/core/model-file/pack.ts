import { FORBIDDEN_KEYS } from '../doc/safe-json';

/**
 * Plain data ⇄ JSON text plus one binary blob. Numeric arrays (typed arrays, and plain
 * number lists of 8 or more) go into the blob at their exact width, so a forest's node
 * arrays cost bytes, not JSON digits; everything else stays readable JSON. Tags are
 * one-key objects whose key starts with `$`; a data key that starts with `$` is escaped
 * with a second `$`, so no value can pass for a tag.
 */

/** Element types in the blob; `number[]` lists take the narrowest one that holds them exactly. */
const DTYPES = {
	f64: Float64Array,
	f32: Float32Array,
	i32: Int32Array,
	u32: Uint32Array,
	i16: Int16Array,
	u16: Uint16Array,
	i8: Int8Array,
	u8: Uint8Array
} as const;
export type Dtype = keyof typeof DTYPES;
type AnyTyped = InstanceType<(typeof DTYPES)[Dtype]>;

/** Plain number lists shorter than this stay JSON (a tag would cost more than it saves). */
const MIN_BINARY_LIST = 8;

function dtypeOfTyped(a: ArrayBufferView): Dtype | null {
	for (const [name, ctor] of Object.entries(DTYPES)) if (a instanceof ctor) return name as Dtype;
	return null;
}

/** The narrowest exact element type for a list of numbers (−0 and fractions need f64). */
function dtypeOfList(values: readonly number[]): Dtype {
	let min = 0;
	let max = 0;
	for (const v of values) {
		if (!Number.isInteger(v) || Object.is(v, -0)) return 'f64';
		if (v < min) min = v;
		if (v > max) max = v;
	}
	if (min >= 0 && max <= 0xff) return 'u8';
	if (min >= -0x80 && max <= 0x7f) return 'i8';
	if (min >= -0x8000 && max <= 0x7fff) return 'i16';
	if (min >= -0x80000000 && max <= 0x7fffffff) return 'i32';
	return 'f64';
}

class BlobWriter {
	readonly #parts: Uint8Array[] = [];
	#length = 0;
	add(a: AnyTyped): number {
		const pad = (8 - (this.#length % 8)) % 8; // each array starts 8-byte aligned
		if (pad) {
			this.#parts.push(new Uint8Array(pad));
			this.#length += pad;
		}
		const at = this.#length;
		this.#parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
		this.#length += a.byteLength;
		return at;
	}
	bytes(): Uint8Array {
		const out = new Uint8Array(this.#length);
		let at = 0;
		for (const p of this.#parts) {
			out.set(p, at);
			at += p.length;
		}
		return out;
	}
}

const escapeKey = (k: string) => (k.startsWith('$') ? `$${k}` : k);
const unescapeKey = (k: string) => (k.startsWith('$$') ? k.slice(1) : k);

export interface Packed {
	readonly json: string;
	readonly blob: Uint8Array;
}

/** Pack plain data (what `storableIssue` accepts). Functions and class instances are refused by name. */
export function pack(value: unknown): Packed {
	const blob = new BlobWriter();
	const visit = (v: unknown, at: string): unknown => {
		if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
		if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
		if (typeof v !== 'object') throw new Error(`${at} is a ${typeof v}, which a model file cannot hold`);
		if (ArrayBuffer.isView(v)) {
			const dtype = dtypeOfTyped(v);
			if (!dtype) throw new Error(`${at} is a ${v.constructor.name}, which a model file cannot hold`);
			const a = v as AnyTyped;
			return { $bin: [dtype, blob.add(a), a.length] };
		}
		if (Array.isArray(v)) {
			if (v.length >= MIN_BINARY_LIST && v.every((x) => typeof x === 'number')) {
				const dtype = dtypeOfList(v as number[]);
				return { $list: [dtype, blob.add(DTYPES[dtype].from(v as number[])), v.length] };
			}
			return v.map((x, i) => visit(x, `${at}[${i}]`));
		}
		if (v instanceof Map) return { $map: [...v].map(([k, x], i) => [visit(k, `${at} key ${i}`), visit(x, `${at}.get(${String(k)})`)]) };
		if (v instanceof Set) return { $set: [...v].map((x, i) => visit(x, `${at} item ${i}`)) };
		if (v instanceof Date) return { $date: v.toISOString() };
		const proto: unknown = Object.getPrototypeOf(v);
		if (proto !== Object.prototype && proto !== null) throw new Error(`${at} is a class instance, not plain data`);
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) if (x !== undefined) out[escapeKey(k)] = visit(x, `${at}.${k}`);
		return out;
	};
	const json = JSON.stringify(visit(value, 'model'));
	return { json, blob: blob.bytes() };
}

export interface UnpackLimits {
	/** Most elements one array may have. */
	readonly maxArrayLength: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The inverse of `pack`, for untrusted input: `value` must come from a safe JSON parse
 * (no `__proto__` keys, null-prototype objects). Every blob reference is checked against
 * the blob's length and the limits; a bad one throws with its path.
 */
export function unpack(value: unknown, blob: Uint8Array, limits: UnpackLimits): unknown {
	const array = (ref: unknown, at: string): AnyTyped => {
		if (!Array.isArray(ref) || ref.length !== 3) throw new Error(`${at}: a binary array reference must be [type, offset, length]`);
		const [dtype, offset, length] = ref as unknown[];
		if (typeof dtype !== 'string' || !(dtype in DTYPES)) throw new Error(`${at}: unknown array type ${JSON.stringify(dtype)}`);
		const ctor = DTYPES[dtype as Dtype];
		if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0)
			throw new Error(`${at}: the array's offset and length must be whole numbers ≥ 0`);
		if ((length as number) > limits.maxArrayLength)
			throw new Error(`${at}: the array has ${length} elements; a model file may hold at most ${limits.maxArrayLength} in one array`);
		const bytes = (length as number) * ctor.BYTES_PER_ELEMENT;
		if ((offset as number) + bytes > blob.length)
			throw new Error(`${at}: the array runs past the end of the file's binary data (the file is truncated or damaged)`);
		// Copy: the blob's own buffer may not be aligned for this element type.
		return new ctor(blob.slice(offset as number, (offset as number) + bytes).buffer) as AnyTyped;
	};
	const visit = (v: unknown, at: string): unknown => {
		if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
		if (Array.isArray(v)) return v.map((x, i) => visit(x, `${at}[${i}]`));
		if (!isRecord(v)) throw new Error(`${at}: unexpected value`);
		const keys = Object.keys(v);
		if (keys.length === 1 && keys[0].startsWith('$') && !keys[0].startsWith('$$')) {
			const tag = keys[0];
			const body = v[tag];
			switch (tag) {
				case '$num':
					if (body === 'NaN') return NaN;
					if (body === 'Infinity') return Infinity;
					if (body === '-Infinity') return -Infinity;
					throw new Error(`${at}: ${JSON.stringify(body)} is not a number`);
				case '$bin':
					return array(body, at);
				case '$list':
					return Array.from(array(body, at));
				case '$date':
					if (typeof body !== 'string' || Number.isNaN(Date.parse(body))) throw new Error(`${at}: not a date`);
					return new Date(body);
				case '$set':
					if (!Array.isArray(body)) throw new Error(`${at}: a set must be a list`);
					return new Set(body.map((x, i) => visit(x, `${at} item ${i}`)));
				case '$map':
					if (!Array.isArray(body) || !body.every((e) => Array.isArray(e) && e.length === 2))
						throw new Error(`${at}: a map must be a list of [key, value] pairs`);
					return new Map((body as unknown[][]).map(([k, x], i) => [visit(k, `${at} key ${i}`), visit(x, `${at} value ${i}`)]));
				default:
					throw new Error(`${at}: unknown tag ${tag}`);
			}
		}
		const out: Record<string, unknown> = {};
		for (const k of keys) {
			const key = unescapeKey(k);
			if (FORBIDDEN_KEYS.has(key)) throw new Error(`${at}: the key "${key}" is not allowed`);
			out[key] = visit(v[k], `${at}.${k}`);
		}
		return out;
	};
	return visit(value, 'model');
}
