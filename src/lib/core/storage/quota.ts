import { roundedBytes } from './bytes';

/**
 * What a person is told about the browser's storage: a full quota, the space in use, and
 * whether the browser may clear Tessera's data on its own. Pure wording over numbers the
 * callers read from `navigator.storage` (which core cannot touch).
 */

/** What failed to be saved, for the message. */
export type SaveTarget =
	| { readonly kind: 'dataset'; readonly name: string }
	| { readonly kind: 'project'; readonly name: string }
	| { readonly kind: 'model'; readonly name: string };

const WHAT_TO_DO = 'Delete old projects or experiments, or export a workspace backup.';

function shapeOf(e: unknown): { name: string; inner: unknown; failures: unknown[]; cause: unknown } | null {
	if (typeof e !== 'object' || e === null) return null;
	const o = e as { name?: unknown; inner?: unknown; failures?: unknown; cause?: unknown };
	return {
		name: typeof o.name === 'string' ? o.name : '',
		inner: o.inner,
		failures: Array.isArray(o.failures) ? o.failures : [],
		cause: o.cause
	};
}

/**
 * Whether an error means the browser refused to store more: a `QuotaExceededError` itself,
 * or Dexie's wrappers around one (an `AbortError` whose `inner` is the quota error, a
 * `BulkError` whose `failures` hold it), or an error caused by one. Looked at a few levels
 * deep, never more: a cyclic error object must not hang the check.
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
	const s = shapeOf(e);
	if (!s || depth > 4) return false;
	if (s.name === 'QuotaExceededError' || s.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
	return isQuotaError(s.inner, depth + 1) || isQuotaError(s.cause, depth + 1) || s.failures.some((f) => isQuotaError(f, depth + 1));
}

function named(target: SaveTarget): string {
	switch (target.kind) {
		case 'dataset':
			return target.name;
		case 'project':
			return `the project “${target.name}”`;
		case 'model':
			return `the model “${target.name}”`;
	}
}

/**
 * "Not enough storage to save churn.csv: it needs about 48 MB, 12 MB is free. Delete old
 * projects or experiments, or export a workspace backup." `free` is null when the browser
 * does not say (no `navigator.storage.estimate`). When the browser reports enough free space
 * and still refused, the message says so rather than pretending the figures add up: Chromium
 * 156 reported its quota as usage + 10 GiB whatever the real limit (measured with a lowered
 * DevTools quota override, e2e/storage.spec.ts).
 */
export function notEnoughStorageMessage(target: SaveTarget, needed: number, free: number | null): string {
	const head = `Not enough storage to save ${named(target)}: it needs about ${roundedBytes(needed)}`;
	const room =
		free === null
			? ', more than the browser would give'
			: free < needed
				? `, ${roundedBytes(free)} is free`
				: `, more than the browser would give, though it reports ${roundedBytes(free)} free`;
	return `${head}${room}. Nothing saved earlier was lost. ${WHAT_TO_DO}`;
}

/** Free space as the browser reports it: quota minus usage, never below zero; null when unknown. */
export function freeBytes(estimate: { readonly usage?: number; readonly quota?: number } | null): number | null {
	if (!estimate || typeof estimate.quota !== 'number' || typeof estimate.usage !== 'number') return null;
	return Math.max(0, estimate.quota - estimate.usage);
}

/** Whether the browser promised to keep the data: true, false, or null when it cannot say. */
export type Persistence = boolean | null;

/** "Stored: 143 MB of about 60 GB this browser allows" (the persistence part is `persistenceNote`). */
export function usageLine(usage: number, quota: number): string {
	return `Stored: ${roundedBytes(usage)} of about ${roundedBytes(quota)} this browser allows`;
}

/** The answer to `navigator.storage.persist()`, or why there was none. */
export type PersistOutcome =
	| { readonly kind: 'granted' }
	| { readonly kind: 'refused' }
	/** This browser has no storage manager (or the page is not a secure context). */
	| { readonly kind: 'unsupported' };

/** One sentence on what the outcome means for the person's data; null when there is nothing to say. */
export function persistNote(outcome: PersistOutcome): string | null {
	switch (outcome.kind) {
		case 'granted':
			return 'Storage is persistent: the browser will not clear this data on its own.';
		case 'refused':
			return 'The browser did not make storage persistent: it may clear this data when the disk runs low. Export a workspace backup to keep a copy.';
		case 'unsupported':
			return null;
	}
}
