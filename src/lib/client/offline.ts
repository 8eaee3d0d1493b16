/**
 * Whether this browser can run Tessera with the network off: the service worker has installed
 * and cached every file of the build (it writes its `precache.json` last, so its presence in a
 * `tessera-*` cache means the install finished).
 */
export type OfflineStatus =
	| { readonly state: 'unsupported' }
	| { readonly state: 'preparing' }
	| { readonly state: 'ready'; readonly files: number; readonly bytes: number | null };

export async function offlineStatus(): Promise<OfflineStatus> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || typeof caches === 'undefined') return { state: 'unsupported' };
	const keys = (await caches.keys()).filter((k) => k.startsWith('tessera-'));
	for (const key of keys.reverse()) {
		const listed = await (await caches.open(key)).match('/precache.json');
		if (!listed) continue;
		const { files, totalBytes } = (await listed.json()) as { files: string[]; totalBytes: number | null };
		return { state: 'ready', files: files.length, bytes: totalBytes };
	}
	return { state: 'preparing' };
}

/** Resolves once the service worker is active and its cache complete (polling while it installs). */
export async function whenOfflineReady(onChange: (s: OfflineStatus) => void, signal?: AbortSignal): Promise<void> {
	let status = await offlineStatus();
	onChange(status);
	if (status.state === 'unsupported') return;
	await navigator.serviceWorker.ready;
	while (status.state !== 'ready' && !signal?.aborted) {
		await new Promise((r) => setTimeout(r, 500));
		status = await offlineStatus();
		onChange(status);
	}
}
