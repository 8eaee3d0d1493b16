import { freeBytes, isQuotaError, notEnoughStorageMessage, type SaveTarget } from '../core/storage/quota';

/**
 * The browser's storage estimate, where there is one: `navigator.storage.estimate()` exists in
 * pages and in workers (the engine worker stores datasets); null in Node and in browsers
 * without a storage manager, and when the browser declines to answer.
 */
export async function browserEstimate(): Promise<{ usage: number; quota: number } | null> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.estimate) return null;
	try {
		const { usage, quota } = await storage.estimate();
		return typeof usage === 'number' && typeof quota === 'number' ? { usage, quota } : null;
	} catch {
		return null;
	}
}

/** A save that the browser refused for want of space: the message says what was needed and what is free. */
export class StorageFullError extends Error {
	override readonly name = 'StorageFullError';
}

/**
 * The error to show for a failed save of `target`, which needed about `needed` bytes: a quota
 * error becomes a `StorageFullError` with the needed and free space (read after the failure,
 * so the figure is what is free now that the failed write was rolled back); anything else is
 * passed on as it was.
 */
export async function saveFailure(e: unknown, target: SaveTarget, needed: number): Promise<Error> {
	if (!isQuotaError(e)) return e instanceof Error ? e : new Error(String(e));
	return new StorageFullError(notEnoughStorageMessage(target, needed, freeBytes(await browserEstimate())));
}

/**
 * Refuse a save of about `needed` bytes before writing anything when the browser's estimate
 * says it cannot fit: quicker than a refusal at commit, and a browser's own check may not come
 * at all (Chromium 156 wrote 2.2 MB of IndexedDB under a 200 KB DevTools quota override).
 * Without an estimate there is nothing to compare, and the write decides.
 */
export async function ensureRoom(target: SaveTarget, needed: number): Promise<void> {
	const free = freeBytes(await browserEstimate());
	if (free !== null && needed > free) throw new StorageFullError(notEnoughStorageMessage(target, needed, free));
}
