/**
 * The one message a page sends its service worker: the person pressed Reload on "A new
 * version of Tessera is available", so the waiting worker may take over (src/service-worker.ts).
 */
export type WorkerMessage = { readonly type: 'skip-waiting' };

export const SKIP_WAITING: WorkerMessage = { type: 'skip-waiting' };

export function isSkipWaiting(data: unknown): data is WorkerMessage {
	return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'skip-waiting';
}
