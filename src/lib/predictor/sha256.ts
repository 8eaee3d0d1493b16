import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * SHA-256 in plain JS, synchronous (@noble/hashes). Two uses: `buildPredictorHtml` is pure and synchronous
 * but needs the hashes of its inline script and style for the page's Content-Security-Policy,
 * and the page itself needs a digest where `crypto.subtle` is missing (it is only exposed in
 * secure contexts, so a page served over plain http on an intranet host has none, and
 * `readModelFile` checks the model's content hash with it).
 */

/** The SHA-256 digest of `data` (32 bytes): the same implementation as fingerprints (core/util/fingerprint.ts). */
export function sha256(data: Uint8Array): Uint8Array {
	return nobleSha256(data);
}

/** Bytes as base64 (btoa exists in browsers and in Node 16+). */
export function base64(bytes: Uint8Array): string {
	let binary = '';
	// In slices: String.fromCharCode with a whole model's bytes as arguments would overflow the stack.
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
	const binary = atob(text);
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

/**
 * Give `target` (the page's `crypto`) a `subtle.digest` for SHA-256 when it has none: browsers
 * expose `crypto.subtle` only in secure contexts (https, localhost, file:), and `readModelFile`
 * checks the model's content hash with it, so a predictor page on a plain-http intranet host
 * would otherwise refuse its own model.
 */
export function ensureSha256Digest(target: object): void {
	if ('subtle' in target && target.subtle) return;
	const digest = async (algorithm: unknown, data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> => {
		const name = typeof algorithm === 'string' ? algorithm : (algorithm as { name?: unknown } | null)?.name;
		if (name !== 'SHA-256') throw new Error(`this page computes only SHA-256 digests, not ${String(name)}`);
		const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		return sha256(bytes).buffer as ArrayBuffer;
	};
	Object.defineProperty(target, 'subtle', { value: { digest }, configurable: true });
}
