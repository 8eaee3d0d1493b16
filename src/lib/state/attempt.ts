/**
 * Runs a page command: a failure becomes `owner.error` (a message the page shows) instead of
 * an unhandled rejection, and a success clears the last one.
 */
export async function attempt<T>(owner: { error: string | null }, fn: () => Promise<T>): Promise<T | null> {
	owner.error = null;
	try {
		return await fn();
	} catch (e) {
		owner.error = e instanceof Error ? e.message : String(e);
		return null;
	}
}
