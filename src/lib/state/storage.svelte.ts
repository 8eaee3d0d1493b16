import { storageBreakdown, type StorageBreakdown } from '$lib/core/storage/breakdown';
import { persistNote, type Persistence, type PersistOutcome } from '$lib/core/storage/quota';
import { browserEstimate } from '$lib/persistence/quota';
import { storageFacts } from '$lib/persistence/usage';
import type { MessagesState } from './toasts.svelte';

/**
 * The browser's storage as the projects page shows it (usage, quota, persistence, where the
 * bytes go) and the one place that asks for persistent storage.
 */

/** Set once persistence was asked for on a dataset's first save, so the question is not repeated (Firefox asks the person). */
const ASKED_KEY = 'tessera.storage.persist-asked';

/** Whether the browser promised to keep this origin's data; null when it cannot say. */
export async function isPersisted(): Promise<Persistence> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.persisted) return null;
	return storage.persisted().catch(() => null);
}

/** Ask the browser to keep this origin's data (`navigator.storage.persist()`, page only: workers cannot ask). */
export async function requestPersistence(): Promise<PersistOutcome> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.persist) return { kind: 'unsupported' };
	// Asked even when already persistent (an installed app): the answer is then a plain yes, and worth saying once.
	try {
		return (await storage.persist()) ? { kind: 'granted' } : { kind: 'refused' };
	} catch {
		return { kind: 'unsupported' };
	}
}

/**
 * On a dataset's save: ask for persistent storage the first time only (later saves answer
 * null). Chromium decides without asking the person; Firefox asks, which is why this happens
 * once, right after they chose to store data.
 */
export async function askPersistenceOnce(): Promise<PersistOutcome | null> {
	try {
		if (localStorage.getItem(ASKED_KEY)) return null;
		localStorage.setItem(ASKED_KEY, new Date().toISOString());
	} catch {
		// No localStorage (a sandboxed frame): ask every time rather than never.
	}
	return requestPersistence();
}

/** Usage, quota and persistence for the projects page. */
export class StorageState {
	/** From `navigator.storage.estimate()`; null until read or where the browser does not say. */
	estimate = $state.raw<{ usage: number; quota: number } | null>(null);
	persisted = $state<Persistence>(null);
	breakdown = $state.raw<StorageBreakdown | null>(null);
	loaded = $state(false);
	/** The answer to the person's own "Keep data" request, until the next refresh. */
	lastRequest = $state.raw<PersistOutcome | null>(null);

	async refresh(): Promise<void> {
		const [estimate, persisted, facts] = await Promise.all([browserEstimate(), isPersisted(), storageFacts().catch(() => null)]);
		this.estimate = estimate;
		this.persisted = persisted;
		this.breakdown = facts ? storageBreakdown(facts.projects, facts.datasets, facts.results) : null;
		this.loaded = true;
	}

	/** The person asked to keep the data: ask the browser, and show its answer. */
	async keep(): Promise<void> {
		this.lastRequest = await requestPersistence();
		this.persisted = await isPersisted();
	}
}

/**
 * After a dataset was stored: on the first one, ask for persistent storage and repeat the
 * status line's `said` with what the answer means (a refusal as a warning, since the data may
 * be cleared). Later saves change nothing; nor does an answer that comes after another message.
 */
export async function notePersistence(messages: MessagesState, said: string): Promise<void> {
	const outcome = await askPersistenceOnce();
	const note = outcome ? persistNote(outcome) : null;
	// Only while the line still shows the import: a later message (a run started) is not covered up.
	if (note && messages.current?.text === said) messages.say(`${said} ${note}`, outcome?.kind === 'refused' ? 'warning' : 'success', 12_000);
}
