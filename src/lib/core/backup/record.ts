import { pack, unpack } from '../model-file/pack';
import { safeJsonParse } from '../doc/safe-json';
import { FINGERPRINT_PREFIX, fingerprintBytes } from '../util/fingerprint';
import { BackupError, WORKSPACE_LIMITS } from './format';

/**
 * A stored record (project, experiment, model version) as archive bytes. The model file's
 * plain-data packing (model-file/pack.ts) is reused: numeric arrays go to a binary blob at
 * their exact width, NaN and ±Infinity are tagged, Maps/Sets/Dates survive — what IndexedDB's
 * structured clone keeps, JSON alone would not.
 */

/** The same value with every plain object's keys sorted, so equal records pack to equal bytes. */
function canonical(v: unknown): unknown {
	if (v === null || typeof v !== 'object') return v;
	if (Array.isArray(v)) return v.map(canonical);
	if (ArrayBuffer.isView(v) || v instanceof Date || v instanceof Map || v instanceof Set) return v;
	const proto: unknown = Object.getPrototypeOf(v);
	if (proto !== Object.prototype && proto !== null) return v; // pack refuses it by name
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
	return out;
}

export interface PackedRecord {
	readonly json: Uint8Array;
	/** The record's arrays, or null when it has none. */
	readonly blob: Uint8Array | null;
	/** SHA-256 (hex) of json, a zero byte, and blob: the record's content identity. */
	readonly hash: string;
}

export async function sha256Hex(...parts: Uint8Array[]): Promise<string> {
	let data: Uint8Array;
	if (parts.length === 1) data = parts[0];
	else {
		data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
		let at = 0;
		for (const p of parts) {
			data.set(p, at);
			at += p.length;
		}
	}
	// The project's one SHA-256 (util/fingerprint.ts): WebCrypto where present, else a pure implementation (plain-http pages).
	return (await fingerprintBytes(data)).slice(FINGERPRINT_PREFIX.length);
}

const encoder = new TextEncoder();

export async function packRecord(value: unknown, what: string): Promise<PackedRecord> {
	let packed;
	try {
		packed = pack(canonical(value));
	} catch (e) {
		throw new BackupError(`${what} cannot be written to a backup: ${e instanceof Error ? e.message : String(e)}`);
	}
	const json = encoder.encode(packed.json);
	const blob = packed.blob.length ? packed.blob : null;
	return { json, blob, hash: await sha256Hex(json, new Uint8Array(1), blob ?? new Uint8Array(0)) };
}

/** The inverse of packRecord, for untrusted bytes: `where` names the entry in every message. */
export function unpackRecord(json: Uint8Array, blob: Uint8Array | null, where: string): unknown {
	const parsed = safeJsonParse(new TextDecoder().decode(json), { maxBytes: WORKSPACE_LIMITS.maxRecordBytes, maxDepth: 64 });
	if (!parsed.ok) throw new BackupError(`${where} cannot be read: ${parsed.errors.slice(0, 3).join('; ')}`);
	try {
		return unpack(parsed.value, blob ?? new Uint8Array(0), { maxArrayLength: WORKSPACE_LIMITS.maxArrayLength });
	} catch (e) {
		throw new BackupError(`${where}: ${e instanceof Error ? e.message : String(e)}`);
	}
}
