import { SKIP_WAITING } from './update-message';

/**
 * The page's side of a new deployment (issue 18): the service worker of a new build installs
 * beside the running one and waits (src/service-worker.ts says why); this tells the page when
 * one is waiting, and on Reload lets it take over. When a new worker takes control of this
 * tab, whichever tab pressed Reload, this tab's code is the old build: it reloads, so no tab
 * runs old code against the new build's cache.
 */
export interface UpdateWatch {
	/** Asks the browser to look for a new service worker now (the version poll saw a new build). */
	check(): Promise<void>;
	/** Loads the new version: the waiting worker takes over (every tab then reloads), or a plain reload without one. */
	reload(): void;
	stop(): void;
}

/** Whether a service worker serves this tab (false: dev server, first visit, or none supported). */
export function controlled(): boolean {
	return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;
}

/** Calls `onWaiting` once a newer service worker has cached its build and waits to take over. */
export function watchServiceWorker(onWaiting: () => void): UpdateWatch {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator))
		return { check: async () => {}, reload: () => location.reload(), stop: () => {} };
	const container = navigator.serviceWorker;
	let stopped = false;
	let registration: ServiceWorkerRegistration | null = null;
	// The first install also changes the controller (null → worker, clients.claim): that one is no update.
	let controller = container.controller;

	const onControllerChange = () => {
		const before = controller;
		controller = container.controller;
		if (before && !stopped) location.reload();
	};
	const announceIfWaiting = () => {
		if (!stopped && registration?.waiting && container.controller) onWaiting();
	};
	const follow = (worker: ServiceWorker | null) =>
		worker?.addEventListener('statechange', () => {
			if (worker.state === 'installed') announceIfWaiting();
		});
	const onUpdateFound = () => follow(registration?.installing ?? null);

	container.addEventListener('controllerchange', onControllerChange);
	void container.ready.then((r) => {
		if (stopped) return;
		registration = r;
		r.addEventListener('updatefound', onUpdateFound);
		follow(r.installing);
		announceIfWaiting();
	});

	return {
		async check() {
			await registration?.update().catch(() => {
				// Offline, or the new worker failed to install: the running build keeps working.
			});
		},
		reload() {
			const waiting = registration?.waiting;
			if (waiting && container.controller) waiting.postMessage(SKIP_WAITING);
			else location.reload();
		},
		stop() {
			stopped = true;
			container.removeEventListener('controllerchange', onControllerChange);
			registration?.removeEventListener('updatefound', onUpdateFound);
		}
	};
}
