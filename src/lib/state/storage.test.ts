import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocument } from '$lib/core/doc/create';
import { db } from '$lib/persistence/db';
import { createProject } from '$lib/persistence/projects';
import { askPersistenceOnce, notePersistence, requestPersistence, StorageState } from './storage.svelte';
import { MessagesState } from './toasts.svelte';

/** A browser's storage manager that answers `persist()` with `grant`, and remembers it. */
function browser(grant: boolean, already = false) {
	let persisted = already;
	const persist = vi.fn(async () => (persisted = grant));
	const store = new Map<string, string>();
	vi.stubGlobal('navigator', {
		storage: { persist, persisted: async () => persisted, estimate: async () => ({ usage: 3 * 1024 * 1024, quota: 60 * 1024 ** 3 }) }
	});
	vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) });
	return { persist };
}

beforeEach(async () => {
	await db().delete();
	await db().open();
});
afterEach(() => vi.unstubAllGlobals());

describe('asking for persistent storage', () => {
	it('asks on the first dataset only, and says what the answer means', async () => {
		const { persist } = browser(true);
		const messages = new MessagesState();
		messages.say('Imported a.csv: 3 rows × 2 columns.', 'success');
		await notePersistence(messages, 'Imported a.csv: 3 rows × 2 columns.');
		expect(messages.current).toMatchObject({
			text: 'Imported a.csv: 3 rows × 2 columns. Storage is persistent: the browser will not clear this data on its own.',
			tone: 'success'
		});
		messages.clear();
		await notePersistence(messages, 'Imported b.csv: 1 rows × 1 columns.');
		expect(messages.current).toBeNull();
		expect(persist).toHaveBeenCalledTimes(1);
	});

	it('a refusal is a warning that says how to keep a copy', async () => {
		browser(false);
		const messages = new MessagesState();
		messages.say('Imported a.csv.', 'success');
		await notePersistence(messages, 'Imported a.csv.');
		expect(messages.current?.tone).toBe('warning');
		expect(messages.current?.text).toMatch(/^Imported a\.csv\. The browser did not make storage persistent: .* Export a workspace backup/);
	});

	it('an answer that comes after another message does not cover it up', async () => {
		browser(true);
		const messages = new MessagesState();
		messages.say('Running the pipeline…');
		await notePersistence(messages, 'Imported a.csv.');
		expect(messages.current?.text).toBe('Running the pipeline…');
	});

	it('data already persistent is a plain yes; without a storage manager nothing is said', async () => {
		browser(true, true);
		expect(await askPersistenceOnce()).toEqual({ kind: 'granted' });
		expect(await askPersistenceOnce()).toBeNull();
		// A fresh browser without a storage manager.
		browser(true);
		vi.stubGlobal('navigator', {});
		expect(await requestPersistence()).toEqual({ kind: 'unsupported' });
		const messages = new MessagesState();
		await notePersistence(messages, 'Imported a.csv.');
		expect(messages.current).toBeNull();
	});
});

describe('StorageState', () => {
	it('reads usage, quota, persistence and the breakdown per project', async () => {
		browser(false);
		const p = await createProject(createDocument('Churn study'));
		const state = new StorageState();
		await state.refresh();
		expect(state.estimate).toEqual({ usage: 3 * 1024 * 1024, quota: 60 * 1024 ** 3 });
		expect(state.persisted).toBe(false);
		expect(state.breakdown?.projects.map((x) => [x.id, x.datasetBytes, x.resultBytes])).toEqual([[p.id, 0, 0]]);
		await state.keep();
		expect(state.lastRequest).toEqual({ kind: 'refused' });
	});
});
