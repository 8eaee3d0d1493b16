import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRandom } from './random';
import {
	describeFingerprint,
	FingerprintHasher,
	fingerprintBytes,
	fingerprintBytesSync,
	fingerprintForm,
	fingerprintOfHex,
	fingerprintText,
	isFingerprint,
	shortFingerprint
} from './fingerprint';
import { cacheKey } from './hash';

/** The reference: Node's OpenSSL SHA-256, in the fingerprint's form. */
const reference = (data: Uint8Array | string) => 'sha256:' + createHash('sha256').update(data).digest('hex');

function randomBytes(n: number, seed: number): Uint8Array {
	const random = createRandom(seed);
	return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

describe('fingerprints (SHA-256)', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('known vectors: "abc", the empty input, and the two-block message of FIPS 180-2', () => {
		expect(fingerprintText('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(fingerprintBytesSync(new Uint8Array(0))).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(fingerprintText('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
			'sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
		);
	});

	it('agrees with node:crypto on random buffers of awkward lengths (block edges 55, 56, 63, 64, 65 included)', async () => {
		const lengths = [0, 1, 3, 55, 56, 57, 63, 64, 65, 127, 128, 129, 1000, 4096, 65_537, 1_000_003];
		for (const [k, n] of lengths.entries()) {
			const bytes = randomBytes(n, 100 + k);
			const expected = reference(bytes);
			expect(fingerprintBytesSync(bytes), `${n} bytes`).toBe(expected);
			expect(await fingerprintBytes(bytes), `${n} bytes (WebCrypto)`).toBe(expected);
		}
	});

	it('streams: odd-sized chunks, empty chunks and one byte at a time give the one-shot digest', () => {
		const bytes = randomBytes(200_003, 7);
		const expected = reference(bytes);
		const random = createRandom(11);
		for (let trial = 0; trial < 5; trial++) {
			const h = new FingerprintHasher();
			for (let at = 0; at < bytes.length;) {
				// Chunks from 0 (an empty update) to 9,999 bytes, so block boundaries fall everywhere.
				const size = Math.floor(random() * 10_000);
				h.update(bytes.subarray(at, at + size));
				at += size;
			}
			expect(h.digest()).toBe(expected);
		}
		const byByte = new FingerprintHasher();
		for (const b of bytes.subarray(0, 1000)) byByte.update(Uint8Array.of(b));
		expect(byByte.digest()).toBe(reference(bytes.subarray(0, 1000)));
		expect(new FingerprintHasher().digest()).toBe(reference(new Uint8Array(0)));
	});

	it('a page without crypto.subtle (plain http) gets the same digest from the JS implementation', async () => {
		const bytes = randomBytes(70_001, 3);
		vi.stubGlobal('crypto', {});
		expect(await fingerprintBytes(bytes)).toBe(reference(bytes));
	});

	it('text is hashed as UTF-8, as node:crypto hashes a string', () => {
		for (const text of ['', 'é', '数据集', '🙂 emoji', '\u202Eright-to-left', 'a'.repeat(100_001)])
			expect(fingerprintText(text)).toBe(reference(text));
	});

	it('tells a fingerprint from an older checksum by its form, and never takes one for the other', () => {
		const fp = fingerprintText('x');
		expect(fingerprintForm(fp)).toBe('sha256');
		expect(isFingerprint(fp)).toBe(true);
		// The older forms: FNV-1a (pipelines) and SHA-256 cut to 16 digits (datasets).
		expect(fingerprintForm(cacheKey('x'))).toBe('legacy');
		expect(fingerprintForm('9a15badbd5e78a83')).toBe('legacy');
		expect(isFingerprint('9a15badbd5e78a83')).toBe(false);
		for (const bad of ['', 'sha256:', 'sha256:' + 'A'.repeat(64), 'sha256:' + 'a'.repeat(63), 'md5:' + 'a'.repeat(32), 'a'.repeat(64)])
			expect(fingerprintForm(bad), bad).toBe('unknown');
		expect(fingerprintOfHex('a'.repeat(64))).toBe('sha256:' + 'a'.repeat(64));
		expect(fingerprintOfHex('sha256:' + 'a'.repeat(64))).toBeNull();
	});

	it('is written short for messages and in full for listings, an older checksum marked as such', () => {
		const fp = fingerprintText('abc');
		expect(shortFingerprint(fp)).toBe('sha256:ba7816bf8f01');
		expect(shortFingerprint('9a15badbd5e78a83')).toBe('9a15badbd5e7 (older checksum)');
		expect(shortFingerprint('')).toBe('none recorded');
		expect(describeFingerprint(fp)).toBe(fp);
		expect(describeFingerprint('9a15badbd5e78a83')).toBe('9a15badbd5e78a83 (older 64-bit checksum)');
	});
});
