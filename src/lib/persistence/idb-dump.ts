/**
 * A whole IndexedDB database as JSON, and back: what the upgrade fixtures are made of.
 *
 * `dumpDatabase` reads every object store of a database as it is on disk (its IndexedDB
 * version, key paths, indexes and every record), and `loadDatabase` recreates exactly that
 * database in another IDBFactory. Both use the plain IndexedDB API, not Dexie, so a fixture
 * records what an earlier Tessera wrote, independent of how today's code declares it.
 * scripts/idb-fixtures.mjs copies this file into checkouts of earlier commits, so it
 * imports nothing.
 *
 * Values are IndexedDB's structured clones; JSON cannot hold all of them, so those it cannot
 * are tagged objects: `{ $ab }` ArrayBuffer, `{ $ta, b64 }` typed array, `{ $n }` NaN, ±Infinity
 * and -0, `{ $u }` undefined, `{ $date }`, `{ $map }`, `{ $set }`, `{ $big }`, and `{ $obj }`
 * for a plain object that has a key starting with `$` of its own.
 */

export const FIXTURE_FORMAT = 'tessera-idb-fixture/1';

export interface StoreIndex {
	name: string;
	keyPath: string | string[];
	unique: boolean;
	multiEntry: boolean;
}

export interface StoreDump {
	name: string;
	keyPath: string | string[] | null;
	autoIncrement: boolean;
	indexes: StoreIndex[];
	/** Encoded values; `[key, value]` pairs when the store has no key path. */
	records: unknown[];
}

export interface DatabaseDump {
	format: typeof FIXTURE_FORMAT;
	/** Database name as written. */
	name: string;
	/** IndexedDB's version number (Dexie writes 10 × its own). */
	idbVersion: number;
	/** Who wrote it: the commit of Tessera's code and how (free text). */
	writtenBy: { commit: string; schemaVersion: number; note: string };
	stores: StoreDump[];
}

const TYPED = {
	Int8Array,
	Uint8Array,
	Uint8ClampedArray,
	Int16Array,
	Uint16Array,
	Int32Array,
	Uint32Array,
	Float32Array,
	Float64Array,
	BigInt64Array,
	BigUint64Array
} as const;
type TypedName = keyof typeof TYPED;

function toBase64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}

function fromBase64(b64: string): ArrayBuffer {
	const s = atob(b64);
	const buffer = new ArrayBuffer(s.length);
	const out = new Uint8Array(buffer);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return buffer;
}

const isPlain = (v: object): boolean => {
	const proto = Object.getPrototypeOf(v);
	return proto === Object.prototype || proto === null;
};

/** A structured-clone value as JSON-safe data (tags above). */
export function encodeValue(v: unknown): unknown {
	if (v === undefined) return { $u: 1 };
	if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
	if (typeof v === 'number') {
		if (Number.isNaN(v)) return { $n: 'NaN' };
		if (v === Infinity) return { $n: 'Infinity' };
		if (v === -Infinity) return { $n: '-Infinity' };
		if (Object.is(v, -0)) return { $n: '-0' };
		return v;
	}
	if (typeof v === 'bigint') return { $big: v.toString() };
	if (Array.isArray(v)) return v.map(encodeValue);
	if (v instanceof ArrayBuffer) return { $ab: toBase64(new Uint8Array(v)) };
	if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
		const name = v.constructor.name as TypedName;
		if (!(name in TYPED)) throw new Error(`idb-dump: unsupported view ${name}`);
		return { $ta: name, b64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
	}
	if (v instanceof Date) return { $date: v.toISOString() };
	if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
	if (v instanceof Set) return { $set: [...v].map(encodeValue) };
	if (typeof v === 'object' && isPlain(v)) {
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) out[k] = encodeValue(x);
		return Object.keys(v).some((k) => k.startsWith('$')) ? { $obj: out } : out;
	}
	throw new Error(`idb-dump: cannot encode a ${Object.prototype.toString.call(v)}`);
}

const TAGS = ['$u', '$n', '$big', '$ab', '$ta', '$date', '$map', '$set', '$obj'];

/** The inverse of encodeValue. */
export function decodeValue(v: unknown): unknown {
	if (v === null || typeof v !== 'object') return v;
	if (Array.isArray(v)) return v.map(decodeValue);
	const o = v as Record<string, unknown>;
	const tag = Object.keys(o).find((k) => TAGS.includes(k));
	switch (tag) {
		case '$u':
			return undefined;
		case '$n':
			return o.$n === '-0' ? -0 : Number(o.$n);
		case '$big':
			return BigInt(o.$big as string);
		case '$ab':
			return fromBase64(o.$ab as string);
		case '$ta': {
			const Ctor = TYPED[o.$ta as TypedName];
			if (!Ctor) throw new Error(`idb-dump: unknown typed array ${String(o.$ta)}`);
			return new Ctor(fromBase64(o.b64 as string));
		}
		case '$date':
			return new Date(o.$date as string);
		case '$map':
			return new Map((o.$map as [unknown, unknown][]).map(([k, x]) => [decodeValue(k), decodeValue(x)]));
		case '$set':
			return new Set((o.$set as unknown[]).map(decodeValue));
		case '$obj':
			return decodeFields(o.$obj as Record<string, unknown>);
		default:
			return decodeFields(o);
	}
}

function decodeFields(o: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
	return out;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
	});
}

/** Every store of database `name` in `factory`, records in key order. The database must be closed by its other users. */
export async function dumpDatabase(factory: IDBFactory, name: string, writtenBy: DatabaseDump['writtenBy']): Promise<DatabaseDump> {
	const idb = await request(factory.open(name));
	try {
		const names = [...idb.objectStoreNames].sort();
		const stores: StoreDump[] = [];
		if (names.length) {
			const tx = idb.transaction(names, 'readonly');
			for (const storeName of names) {
				const store = tx.objectStore(storeName);
				const indexes = [...store.indexNames].sort().map((i): StoreIndex => {
					const index = store.index(i);
					return { name: index.name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
				});
				const values = await request(store.getAll());
				const records =
					store.keyPath === null
						? (await request(store.getAllKeys())).map((k, i) => [encodeValue(k), encodeValue(values[i])])
						: values.map(encodeValue);
				stores.push({ name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, records });
			}
			await done(tx);
		}
		return { format: FIXTURE_FORMAT, name, idbVersion: idb.version, writtenBy, stores };
	} finally {
		idb.close();
	}
}

/** Recreates a dumped database under `name` (default: its own) in `factory`, which must not hold one by that name. */
export async function loadDatabase(factory: IDBFactory, dump: DatabaseDump, name = dump.name): Promise<void> {
	if (dump.format !== FIXTURE_FORMAT) throw new Error(`idb-dump: not a ${FIXTURE_FORMAT} file`);
	const open = factory.open(name, dump.idbVersion);
	open.onupgradeneeded = () => {
		const idb = open.result;
		for (const s of dump.stores) {
			const store = idb.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
			for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
		}
	};
	const idb = await request(open);
	try {
		if (dump.stores.length) {
			const tx = idb.transaction(
				dump.stores.map((s) => s.name),
				'readwrite'
			);
			for (const s of dump.stores) {
				const store = tx.objectStore(s.name);
				for (const r of s.records) {
					if (s.keyPath === null) {
						const [k, v] = r as [unknown, unknown];
						store.put(decodeValue(v), decodeValue(k) as IDBValidKey);
					} else store.put(decodeValue(r));
				}
			}
			await done(tx);
		}
	} finally {
		idb.close();
	}
}
