import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from './db';
import {
	approxBytes,
	clearResults,
	getResults,
	putResults,
	RESULT_FORMAT,
	RESULT_MAX_BYTES,
	resultsUsage,
	storedSignatures
} from './results';

beforeEach(async () => {
	vi.restoreAllMocks();
	await db().delete();
	await db().open();
});

/** A body of about `kb` kilobytes. */
const body = (kb: number, tag = '') => ({ tag, text: 'x'.repeat(kb * 512) });

describe('stored results', () => {
	it('stores bodies by signature and finds them again; unknown signatures are simply absent', async () => {
		await putResults([
			{ signature: 's1', project: 'p1', body: body(1, 'one') },
			{ signature: 's2', project: 'p1', body: { metrics: new Float64Array([0.5, 0.25]) } }
		]);
		expect([...(await storedSignatures(['s1', 's2', 'nope']))].sort()).toEqual(['s1', 's2']);
		const got = await getResults(['s2', 's1', 'nope']);
		expect([...got.keys()].sort()).toEqual(['s1', 's2']);
		expect((got.get('s1') as { tag: string }).tag).toBe('one');
		expect(Array.from((got.get('s2') as { metrics: Float64Array }).metrics)).toEqual([0.5, 0.25]);
		// Storing a signature again replaces its body.
		await putResults([{ signature: 's1', project: 'p2', body: body(1, 'again') }]);
		expect(((await getResults(['s1'])).get('s1') as { tag: string }).tag).toBe('again');
		expect((await resultsUsage()).entries).toBe(2);
	});

	it('evicts the least recently used by bytes once the total passes the budget; a read counts as a use', async () => {
		const budget = 100 * 1024;
		for (const s of ['a', 'b', 'c']) await putResults([{ signature: s, project: null, body: body(30, s) }], budget);
		expect((await resultsUsage()).entries).toBe(3);
		await getResults(['a']); // a is used: b is now the least recently used
		await putResults([{ signature: 'd', project: null, body: body(30, 'd') }], budget);
		expect([...(await storedSignatures(['a', 'b', 'c', 'd']))].sort()).toEqual(['a', 'c', 'd']);
		const usage = await resultsUsage();
		expect(usage.bytes).toBeLessThanOrEqual(budget);
		expect(usage.bytes).toBeGreaterThan(90 * 1024);
		// Evicted bodies go too, not only their records.
		expect(await db().resultBodies.get('b')).toBeUndefined();
		// One big entry pushes out as many old ones as it needs.
		await putResults([{ signature: 'big', project: null, body: body(80) }], budget);
		expect([...(await storedSignatures(['a', 'c', 'd', 'big']))].sort()).toEqual(['big']);
	});

	it('leaves out a body larger than one entry may be, and one of another layout', async () => {
		expect(await putResults([{ signature: 'huge', project: null, body: body(RESULT_MAX_BYTES / 1024 + 1) }])).toEqual([]);
		expect((await resultsUsage()).entries).toBe(0);
		await db().resultBodies.put({ signature: 'old', format: RESULT_FORMAT - 1, body: {} });
		expect((await getResults(['old'])).size).toBe(0);
	});

	it('reports its usage and clears everything', async () => {
		expect(await resultsUsage()).toMatchObject({ entries: 0, bytes: 0 });
		await putResults([
			{ signature: 'a', project: null, body: body(2) },
			{ signature: 'b', project: null, body: body(3) }
		]);
		const usage = await resultsUsage();
		expect(usage.entries).toBe(2);
		expect(usage.bytes).toBe(approxBytes(body(2)) + approxBytes(body(3)));
		await clearResults();
		expect(await resultsUsage()).toMatchObject({ entries: 0, bytes: 0 });
		expect(await db().resultBodies.count()).toBe(0);
	});

	it('a full quota rejects with the message a person can act on', async () => {
		vi.spyOn(db().resultBodies, 'bulkPut').mockRejectedValue(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
		await expect(putResults([{ signature: 'a', project: null, body: body(1) }])).rejects.toThrow(/storage quota is full/);
	});
});

describe('approxBytes', () => {
	it('counts strings at two bytes a character, numbers at eight, typed arrays by length', () => {
		expect(approxBytes('abcd')).toBe(12);
		expect(approxBytes(new Float32Array(10))).toBe(40);
		expect(approxBytes([1, 2])).toBe(8 + 16);
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		expect(approxBytes(cyclic)).toBeGreaterThan(0);
	});
});
