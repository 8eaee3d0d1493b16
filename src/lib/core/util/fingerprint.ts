import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Fingerprints: what a person or a file relies on to know two copies hold the same data,
 * pipeline or model (dataset hashes, pipeline hashes, a model file's content hash). SHA-256,
 * written `sha256:<64 hex digits>` so the algorithm is part of the value and a fingerprint
 * from an older Tessera (16 hex digits, no prefix) is recognisable by its form.
 *
 * Not for cache keys: those are `cacheKey` (util/hash.ts), fast and not collision-resistant.
 *
 * One implementation everywhere (@noble/hashes: audited, pure JS, synchronous, streaming), so
 * core stays pure and synchronous where it is, and the digest does not depend on the page
 * being a secure context (`crypto.subtle` is missing on plain http). WebCrypto is used for
 * whole buffers when present only because it is several times faster on large files; the
 * tests check both against node:crypto.
 */
export type Fingerprint = string & { readonly __fingerprint: 'sha256' };

export const FINGERPRINT_PREFIX = 'sha256:';

const FINGERPRINT_FORM = /^sha256:[0-9a-f]{64}$/;
/** What older versions recorded: FNV-1a 64-bit (pipelines) or SHA-256 cut to 64 bits (datasets). */
const LEGACY_FORM = /^[0-9a-f]{16}$/;

/** How a recorded fingerprint was made, read from its form. */
export type FingerprintForm = 'sha256' | 'legacy' | 'unknown';

export function fingerprintForm(value: string): FingerprintForm {
	return FINGERPRINT_FORM.test(value) ? 'sha256' : LEGACY_FORM.test(value) ? 'legacy' : 'unknown';
}

export const isFingerprint = (value: unknown): value is Fingerprint => typeof value === 'string' && FINGERPRINT_FORM.test(value);

/** A bare 64-digit SHA-256 hex digest (as model files of format 1 wrote it) in fingerprint form. */
export function fingerprintOfHex(hex: string): Fingerprint | null {
	return /^[0-9a-f]{64}$/.test(hex) ? ((FINGERPRINT_PREFIX + hex) as Fingerprint) : null;
}

const asFingerprint = (digest: Uint8Array): Fingerprint => (FINGERPRINT_PREFIX + bytesToHex(digest)) as Fingerprint;

/** Streaming: feed bytes in chunks of any size (a file read in pieces), then `digest()` once. */
export class FingerprintHasher {
	private readonly inner = sha256.create();
	update(chunk: Uint8Array): this {
		this.inner.update(chunk);
		return this;
	}
	digest(): Fingerprint {
		return asFingerprint(this.inner.digest());
	}
}

/** SHA-256 of bytes, synchronously. */
export function fingerprintBytesSync(bytes: Uint8Array): Fingerprint {
	return asFingerprint(sha256(bytes));
}

/** SHA-256 of a string's UTF-8 bytes, synchronously (pipeline documents, small texts). */
export function fingerprintText(text: string): Fingerprint {
	return fingerprintBytesSync(new TextEncoder().encode(text));
}

type Subtle = { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> };
const subtle = (): Subtle | undefined => (globalThis.crypto as { subtle?: Subtle } | undefined)?.subtle;

/**
 * SHA-256 of a whole buffer: WebCrypto where the page has it (native, about 6× faster on a
 * 150 MB file: bench/results/fingerprint.md), else the same digest in JS.
 */
export async function fingerprintBytes(bytes: Uint8Array): Promise<Fingerprint> {
	const s = subtle();
	if (!s) return fingerprintBytesSync(bytes);
	return asFingerprint(new Uint8Array(await s.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/**
 * A fingerprint for messages: the prefix and the first 12 hex digits (enough to tell files
 * apart by eye; comparisons always use the whole value). An older one says so.
 */
export function shortFingerprint(value: string): string {
	if (!value) return 'none recorded';
	const form = fingerprintForm(value);
	if (form === 'sha256') return value.slice(0, FINGERPRINT_PREFIX.length + 12);
	if (form === 'legacy') return `${value.slice(0, 12)} (older checksum)`;
	return value.length > 24 ? value.slice(0, 24) + '…' : value;
}

/** A recorded fingerprint in full, an older checksum marked as one (for listings such as `tessera model`). */
export function describeFingerprint(value: string): string {
	return fingerprintForm(value) === 'legacy' ? `${value} (older 64-bit checksum)` : value;
}

/** The note shown when something recorded by an older Tessera is checked with the older checksum. */
export const LEGACY_CHECKSUM_NOTE = 'made by an older Tessera: checked with the older 64-bit checksum, not SHA-256';
