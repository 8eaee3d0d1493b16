/**
 * Failures to load a piece of the app's own code (a chunk imported on demand, a worker's
 * script), told as what they mean for a person: which file, and that it is the network and
 * the offline cache, not their pipeline. Browsers word a failed dynamic import each their own
 * way; the file's URL is in Chromium's and Firefox's messages.
 */
const FAILED_IMPORT = [
	/Failed to fetch dynamically imported module:?\s*(\S+)?/i, // Chromium
	/error loading dynamically imported module:?\s*(\S+)?/i, // Firefox
	/Importing a module script failed\.?/i // Safari
];

/** The app's file named in a failed-import message (its path), or null when it is not one. */
export function failedImportPath(message: string): { path: string | null } | null {
	for (const pattern of FAILED_IMPORT) {
		const m = pattern.exec(message);
		if (!m) continue;
		if (!m[1]) return { path: null };
		try {
			return { path: new URL(m[1]).pathname };
		} catch {
			return { path: m[1] };
		}
	}
	return null;
}

/** The message for an error, retold when it is a failed load of the app's code. */
export function describeError(e: unknown): string {
	const message = e instanceof Error ? e.message : String(e);
	const failed = failedImportPath(message);
	if (!failed) return message;
	return `could not load part of the app (${failed.path ?? 'a module'}): the server cannot be reached and the file is not in this browser's offline cache. Open Tessera once while online and wait until the start page says “Available offline”.`;
}
