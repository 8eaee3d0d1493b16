/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The service worker makes Tessera work offline: it precaches the app shell (`build`),
// every static file (`files`: icons, manifest, sample datasets) and the tfjs WASM binaries
// (imported with `?url`, so they are among `build`). Precached assets are served cache-first;
// navigations go to the network first and fall back to the cached index.html, since the app
// is a single-page app with a fallback page.
//
// Every response is same-origin, so serving it from the cache still satisfies COEP
// (`require-corp`). Navigations served from the cache keep the COOP/COEP headers the
// server sent when index.html was cached; a synthesised fallback adds them explicitly.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `tessera-${version}`;
const SHELL = '/';
const PRECACHE = Array.from(new Set([SHELL, ...build, ...files]));
const PRECACHED = new Set(PRECACHE);

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
			await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
			await sw.skipWaiting();
		})()
	);
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

async function cacheFirst(request: Request, pathname: string): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(pathname);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok) await cache.put(pathname, response.clone());
	return response;
}

async function networkFirstNavigation(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	try {
		const response = await fetch(request);
		// Keep the shell fresh: every page of the SPA is the same index.html.
		if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
			await cache.put(SHELL, response.clone());
		}
		return response;
	} catch (error) {
		const cached = (await cache.match(SHELL)) ?? (await cache.match('/index.html'));
		if (cached) return isolated(cached);
		throw error;
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (request.mode === 'navigate') {
		event.respondWith(networkFirstNavigation(request));
		return;
	}
	if (PRECACHED.has(url.pathname)) {
		event.respondWith(cacheFirst(request, url.pathname));
	}
});
