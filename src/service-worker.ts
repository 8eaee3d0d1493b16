/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The service worker makes Tessera work offline after one visit (issue 11). On install it
// caches every file of the build, as listed in `precache.json`, which scripts/precache.mjs
// generates from the build output: the page's code, the engine and trial workers and every
// chunk they import on demand (tfjs backends, the CNN and text network), the .wasm binaries,
// the samples, fonts and icons. SvelteKit's own `build` list leaves the workers out, so it is
// only the fallback for a build made without that step (the dev server).
//
// Any same-origin GET is answered from the cache first, navigations included: every page of
// this single-page app is the cached index.html of the version this worker installed, so a
// page and the files it loads always come from one build. A request that is neither cached
// nor reachable gets a 503 whose text names the file, so an import that fails offline says
// which file and why.
//
// A new deployment never mixes with the old one (issue 18). The browser finds the new worker
// (on a navigation, or when the page asks after SvelteKit's version poll saw a new
// `_app/version.json`, which is why that file goes to the network first); the new worker
// caches its whole build beside the old one and then WAITS: the open tabs keep running the
// old code, served from the old cache, online or not. The page shows "A new version of
// Tessera is available — Reload" (src/lib/client/update.ts); Reload sends `skip-waiting`, the
// new worker activates, deletes the old cache and takes the tabs, and each tab reloads into
// the new build. The very first install has no tabs to disturb and activates at once.
//
// Every response is same-origin, so serving it from the cache still satisfies COEP
// (`require-corp`). Responses served from the cache keep the COOP/COEP headers the server
// sent when they were cached; synthesised ones add them explicitly.
import { build, files, version } from '$service-worker';
import { isSkipWaiting } from '$lib/client/update-message';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `tessera-${version}`;
const SHELL = '/';
const MANIFEST = '/precache.json';
/** SvelteKit's `version.json`, which its `updated` poll reads (kit.version in svelte.config.js). */
const VERSION_FILE = '/_app/version.json';
/** SvelteKit's lists: what a build without precache.json (the dev server) can still cache. */
const FALLBACK = Array.from(new Set([SHELL, ...build, ...files]));

/** What the build lists for the offline cache; the fallback when there is no list. */
async function precacheList(): Promise<{ files: string[]; totalBytes: number | null }> {
	try {
		const response = await fetch(MANIFEST, { cache: 'reload' });
		if (!response.ok) return { files: FALLBACK, totalBytes: null };
		const manifest = (await response.json()) as { files: { url: string }[]; totalBytes: number };
		return { files: Array.from(new Set([SHELL, ...manifest.files.map((f) => f.url)])), totalBytes: manifest.totalBytes };
	} catch {
		return { files: FALLBACK, totalBytes: null };
	}
}

const ISOLATION: Record<string, string> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/** A copy of `response` that carries the cross-origin isolation headers. */
async function isolated(response: Response): Promise<Response> {
	if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
	const missing = Object.entries(ISOLATION).some(([k, v]) => response.headers.get(k) !== v);
	if (!missing) return response;
	const headers = new Headers(response.headers);
	for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v);
	return new Response(await response.blob(), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			// `cache: 'reload'` bypasses the HTTP cache so a new version never precaches stale files.
			// One missing file fails the install: the page then never reports "available offline".
			const list = await precacheList();
			await cache.addAll(list.files.map((url) => new Request(url, { cache: 'reload' })));
			// What was cached, last, so the page can tell "available offline" and how much it holds.
			await cache.put(MANIFEST, new Response(JSON.stringify(list), { headers: { 'Content-Type': 'application/json' } }));
			// No skipWaiting here: a worker that replaces another waits for the page's Reload (see the top).
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (isSkipWaiting(event.data)) event.waitUntil(sw.skipWaiting());
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE && key.startsWith('tessera-')) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

/** The answer for a file that is neither cached nor reachable: says which file and why. */
function notAvailableOffline(pathname: string, error: unknown): Response {
	const why = error instanceof Error ? error.message : String(error);
	return new Response(
		`Tessera could not load ${pathname}: the network is unreachable (${why}) and the file is not in the offline cache. Open Tessera once online so it can finish caching.`,
		{
			status: 503,
			statusText: 'Not available offline',
			headers: { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION }
		}
	);
}

async function cacheFirst(request: Request, pathname: string): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(pathname);
	if (cached) return cached;
	try {
		return await fetch(request);
	} catch (error) {
		return notAvailableOffline(pathname, error);
	}
}

/** Every page is this version's index.html; the network only when it is not cached yet. */
async function navigation(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = (await cache.match(SHELL)) ?? (await cache.match('/index.html'));
	if (cached) return isolated(cached);
	return fetch(request);
}

/** The deployed version, from the network so the page can tell a newer one; this build's own when offline. */
async function networkFirst(request: Request, pathname: string): Promise<Response> {
	try {
		return await fetch(request, { cache: 'no-store' });
	} catch (error) {
		const cached = await (await caches.open(CACHE)).match(pathname);
		return cached ?? notAvailableOffline(pathname, error);
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (request.mode === 'navigate') {
		event.respondWith(navigation(request));
		return;
	}
	if (url.pathname === VERSION_FILE) {
		event.respondWith(networkFirst(request, url.pathname));
		return;
	}
	event.respondWith(cacheFirst(request, url.pathname));
});
