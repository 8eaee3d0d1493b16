/**
 * Give the event loop a turn, so a long computation in a worker still receives messages
 * (a Cancel, a progress read). A MessageChannel round trip is a macrotask without the
 * 4 ms clamp that nested setTimeout calls get.
 */
export function nextMacrotask(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/** Returns a function that yields at most every `everyMs` milliseconds of work. */
export function yielder(everyMs = 40): () => Promise<void> {
	let last = performance.now();
	return async () => {
		if (performance.now() - last < everyMs) return;
		await nextMacrotask();
		last = performance.now();
	};
}
