// Hashing 150 MB (issue 18): the SHA-256 fingerprint a person relies on (util/fingerprint.ts)
// against the FNV-1a cache key kept for internal caches (util/hash.ts), with node:crypto
// (OpenSSL) as the reference. Each figure is the median of 3 after a warm-up, on the same
// 150 MB of seeded random bytes; every SHA-256 digest is checked equal to node:crypto's.
//
//   npm run bench -- --only fingerprint     (as one case of the suite)
//   node bench/fingerprint.mjs              (alone; prints the table and writes nothing)
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

export const FINGERPRINT_CASE = {
	id: 'fingerprint',
	name: 'Hashing 150 MB: SHA-256 fingerprint (WebCrypto, @noble/hashes one-shot and streamed) and the FNV-1a cache key',
	where: 'node',
	tool: 'node:crypto SHA-256 (OpenSSL)',
	target: 'report only'
};

const MB = 1024 * 1024;
const SIZE = 150 * MB;
const CHUNK = MB;

let modules = null;
async function core() {
	if (modules) return modules;
	register();
	const [fingerprint, hash] = await Promise.all([import('../src/lib/core/util/fingerprint.ts'), import('../src/lib/core/util/hash.ts')]);
	modules = { fingerprint, hash };
	return modules;
}

/** 150 MB of seeded pseudo-random bytes (xorshift32): the same input every run. */
function bytes() {
	const out = new Uint8Array(SIZE);
	const words = new Uint32Array(out.buffer);
	let x = 2463534242;
	for (let i = 0; i < words.length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		words[i] = x >>> 0;
	}
	return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn, runs) {
	await fn(); // warm-up
	const ms = [];
	let value;
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		value = await fn();
		ms.push(performance.now() - t);
	}
	return { ms: median(ms), runs: ms, value };
}

/**
 * @param {{ log: (s: string) => void, repeats?: number }} opts
 * @returns {Promise<Partial<import('./cases.mjs').CaseResult> & { id: string }>}
 */
export async function runFingerprintCase({ log, repeats = 3 }) {
	const { fingerprint: fp, hash } = await core();
	const data = bytes();
	log(`fingerprint: hashing ${SIZE / MB} MB, median of ${repeats}`);
	const reference = await timed(() => 'sha256:' + createHash('sha256').update(data).digest('hex'), repeats);
	const rows = {
		webCrypto: await timed(() => fp.fingerprintBytes(data), repeats),
		nobleOneShot: await timed(() => fp.fingerprintBytesSync(data), repeats),
		nobleStreamed: await timed(() => {
			const h = new fp.FingerprintHasher();
			for (let at = 0; at < data.length; at += CHUNK) h.update(data.subarray(at, at + CHUNK));
			return h.digest();
		}, repeats),
		cacheKey: await timed(() => new hash.CacheKeyHasher().bytes(data).digest(), repeats)
	};
	for (const [name, r] of Object.entries(rows))
		if (name !== 'cacheKey' && r.value !== reference.value) throw new Error(`${name} gave ${r.value}, node:crypto ${reference.value}`);
	const mbps = (ms) => Math.round(SIZE / MB / (ms / 1000));
	for (const [name, r] of Object.entries({ nodeCrypto: reference, ...rows }))
		log(`fingerprint: ${name} ${r.ms.toFixed(0)} ms (${mbps(r.ms)} MB/s)`);
	return {
		id: FINGERPRINT_CASE.id,
		tessera: {
			ms: rows.webCrypto.ms,
			bytes: SIZE,
			extra: Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, { ms: r.ms, runs: r.runs, mbPerSecond: mbps(r.ms) }]))
		},
		reference: { tool: FINGERPRINT_CASE.tool, ms: reference.ms },
		note: fingerprintNote(rows, reference)
	};
}

export function fingerprintNote(rows, reference) {
	const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
	return (
		`150 MB: WebCrypto ${s(rows.webCrypto.ms)} (the studio and CLI path for a whole file); @noble/hashes ${s(rows.nobleOneShot.ms)} one-shot, ` +
		`${s(rows.nobleStreamed.ms)} in 1 MB chunks (pages without crypto.subtle, pipelines, model files); FNV-1a cache key ${s(rows.cacheKey.ms)}; ` +
		`node:crypto ${s(reference.ms)}; every SHA-256 equal to node:crypto's`
	);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const started = performance.now();
	const log = (m) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
	const r = await runFingerprintCase({ log });
	console.log(r.note);
}
