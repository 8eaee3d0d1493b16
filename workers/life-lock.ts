/**
 * A worker's life lock: the worker holds a Web Lock named after itself from its start until it
 * dies, and the browser releases a dead context's locks — also when the worker was killed for
 * memory or closed itself, which fire no event on the page. The page waits for the lock
 * (src/lib/client/engine.ts) and is granted it exactly when the worker is gone.
 */
export const lifeLockName = (workerName: string) => `tessera-life ${workerName}`;

/** Called once at a worker's start; a worker without a name, or a browser without Web Locks, holds none. */
export function holdLifeLock(): void {
	const scope = globalThis as { name?: string; navigator?: Navigator };
	if (!scope.name || !scope.navigator?.locks) return;
	void scope.navigator.locks.request(lifeLockName(scope.name), () => new Promise<never>(() => {}));
}
