/**
 * The one way core says "cancelled": an Error named AbortError (DOMException is not in
 * every runtime core runs in, so the name is what callers test). `message` defaults to
 * 'cancelled'.
 */
export function abortError(message = 'cancelled'): Error {
	return Object.assign(new Error(message), { name: 'AbortError' });
}

/** Whether `e` is a cancellation (abortError(), a fetch's or a stream's AbortError). */
export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';
