import { isQuotaError } from '../core/storage/quota';
import { db, describeStorageError, type ResultRecord } from './db';

/**
 * Each node's last result summary, kept between sessions and keyed by the node's signature
 * (issue 11): a reopened project shows its results at once, and a run with nothing changed
 * is served from here. Bounded by bytes: the least recently used go first.
 */

/** How much the stored results may take, all together. */
export const RESULTS_BUDGET = 64 * 1024 * 1024;
/** A body larger than this is not kept (a huge report is cheaper to run again than to store). */
export const RESULT_MAX_BYTES = 4 * 1024 * 1024;
/** Layout of the bodies; bump when what is stored changes shape, and old bodies are ignored. */
export const RESULT_FORMAT = 1;

export interface ResultsUsage {
	readonly entries: number;
	readonly bytes: number;
	readonly budget: number;
}

/**
 * About how many bytes a structured-cloneable value takes: strings at two bytes a
 * character, numbers at eight, typed arrays at their length. Quick, and close enough to
 * bound a cache.
 */
export function approxBytes(value: unknown, seen = new Set<object>()): number {
	if (value === null || value === undefined) return 1;
	switch (typeof value) {
		case 'string':
			return 2 * value.length + 4;
		case 'number':
		case 'bigint':
			return 8;
		case 'boolean':
			return 1;
		case 'object': {
			if (seen.has(value)) return 0;
			seen.add(value);
			if (ArrayBuffer.isView(value)) return value.byteLength;
			if (value instanceof ArrayBuffer) return value.byteLength;
			let n = 8;
			if (Array.isArray(value)) for (const v of value) n += approxBytes(v, seen);
			else for (const [k, v] of Object.entries(value)) n += 2 * k.length + approxBytes(v, seen);
			return n;
		}
		default:
			return 0;
	}
}

/** Last stamp handed out, so entries stored in one millisecond still order by use. */
let lastStamp = 0;
const stamp = () => (lastStamp = Math.max(Date.now(), lastStamp + 1));

/**
 * Store bodies by signature (replacing any stored before), then evict the least recently
 * used until everything fits `budget`. Bodies over RESULT_MAX_BYTES are left out. Returns
 * the signatures stored. When the browser's quota is full, the least recently used results
 * worth at least what this write adds are evicted and the write is tried once more; only a
 * second refusal throws (describeStorageError's message), which a run reports as a warning.
 */
export async function putResults(
	entries: readonly { readonly signature: string; readonly project: string | null; readonly body: unknown }[],
	budget = RESULTS_BUDGET
): Promise<string[]> {
	const limit = Math.min(RESULT_MAX_BYTES, budget);
	const sized = entries.map((e) => ({ ...e, bytes: approxBytes(e.body) })).filter((e) => e.bytes <= limit);
	if (sized.length === 0) return [];
	const d = db();
	const write = () =>
		d.transaction('rw', d.results, d.resultBodies, async () => {
			await d.resultBodies.bulkPut(sized.map((e) => ({ signature: e.signature, format: RESULT_FORMAT, body: e.body })));
			await d.results.bulkPut(
				sized.map((e): ResultRecord => ({ signature: e.signature, project: e.project, bytes: e.bytes, usedAt: stamp() }))
			);
			await evict(budget);
		});
	try {
		await write();
	} catch (e) {
		if (!isQuotaError(e)) throw describeStorageError(e);
		try {
			await makeRoom(sized.reduce((n, e) => n + e.bytes, 0));
			await write();
		} catch (again) {
			throw describeStorageError(again);
		}
	}
	return sized.map((e) => e.signature);
}

/** Evict the least recently used results until at least `bytes` of them are gone (or none is left). */
async function makeRoom(bytes: number): Promise<void> {
	const d = db();
	await d.transaction('rw', d.results, d.resultBodies, async () => {
		let total = 0;
		await d.results.each((r) => {
			total += r.bytes;
		});
		await evict(Math.max(0, total - bytes));
	});
}

/** Delete least recently used results until the total fits `budget`. Call inside a transaction on both tables. */
async function evict(budget: number): Promise<void> {
	const d = db();
	const all = await d.results.orderBy('usedAt').toArray();
	let total = all.reduce((n, r) => n + r.bytes, 0);
	const gone: string[] = [];
	for (const r of all) {
		if (total <= budget) break;
		total -= r.bytes;
		gone.push(r.signature);
	}
	if (gone.length) {
		await d.results.bulkDelete(gone);
		await d.resultBodies.bulkDelete(gone);
	}
}

/** Which of these signatures have a stored result (reads only the small records). */
export async function storedSignatures(signatures: readonly string[]): Promise<Set<string>> {
	if (signatures.length === 0) return new Set();
	const found = await db().results.bulkGet([...signatures]);
	return new Set(found.filter((r): r is ResultRecord => !!r).map((r) => r.signature));
}

/** The stored bodies of these signatures (those of another layout left out); each one read counts as a use. */
export async function getResults(signatures: readonly string[]): Promise<Map<string, unknown>> {
	const out = new Map<string, unknown>();
	if (signatures.length === 0) return out;
	const bodies = await db().resultBodies.bulkGet([...signatures]);
	for (const b of bodies) if (b && b.format === RESULT_FORMAT) out.set(b.signature, b.body);
	await touchResults([...out.keys()]).catch(() => {});
	return out;
}

/** Mark these results as used now, so eviction keeps them longer. */
export async function touchResults(signatures: readonly string[]): Promise<void> {
	if (signatures.length === 0) return;
	const d = db();
	await d.transaction('rw', d.results, async () => {
		for (const signature of signatures) await d.results.update(signature, { usedAt: stamp() });
	});
}

export async function resultsUsage(): Promise<ResultsUsage> {
	let entries = 0;
	let bytes = 0;
	await db().results.each((r) => {
		entries++;
		bytes += r.bytes;
	});
	return { entries, bytes, budget: RESULTS_BUDGET };
}

/** Forget every stored result (projects, datasets and experiments are untouched). */
export async function clearResults(): Promise<void> {
	const d = db();
	await d.transaction('rw', d.results, d.resultBodies, async () => {
		await d.results.clear();
		await d.resultBodies.clear();
	});
}
