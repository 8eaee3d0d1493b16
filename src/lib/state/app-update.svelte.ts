import { updated } from '$app/state';
import { controlled, watchServiceWorker, type UpdateWatch } from '$lib/client/update';

/**
 * "A new version of Tessera is available — Reload": set when a newer build's service worker
 * has cached everything and waits (so the reload works offline too), or, in a tab that no
 * service worker serves, when SvelteKit's version poll saw a new `_app/version.json`.
 * Until Reload the tab keeps running the build it loaded.
 */
export class AppUpdate {
	#waiting = $state(false);
	reloading = $state(false);
	#watch: UpdateWatch | null = null;

	readonly available = $derived(this.#waiting || (updated.current && !controlled()));

	/** Starts watching; returns the stop function (for onMount). */
	start(): () => void {
		this.#watch = watchServiceWorker(() => (this.#waiting = true));
		// The poll saw a new build: ask the browser for its worker now rather than at the next navigation.
		const stopEffect = $effect.root(() => {
			$effect(() => {
				if (updated.current) void this.#watch?.check();
			});
		});
		return () => {
			stopEffect();
			this.#watch?.stop();
		};
	}

	reload(): void {
		this.reloading = true;
		(this.#watch?.reload ?? (() => location.reload()))();
	}
}
