import { CLOSE, ERROR_BYTES, kernelNames, partRange, Slot, type KernelJob, type KernelTable, type SharedBuffers } from './kernel';

/** What the caller sends a thread to start a job: the control block and the job's arrays, all shared. */
export interface JobMessage {
	readonly type: 'job';
	readonly control: Int32Array;
	readonly args: Float64Array;
	readonly error: Uint8Array;
	readonly buffers: SharedBuffers;
	/** This thread's part of every call (the caller runs part 0). */
	readonly part: number;
	/** The control block's generation when the job opened. */
	readonly gen: number;
}

/** A thread's answer to a job message, once it waits for calls. */
export interface ReadyMessage {
	readonly type: 'ready';
}

/** How a thread hears from its caller: a worker's `self`, or a Node `parentPort`. */
export interface ThreadEndpoint {
	onMessage(listener: (message: JobMessage) => void): void;
	post(message: ReadyMessage): void;
}

/**
 * The loop of a compute thread: on a job message, answer ready, then block on the control
 * block (Atomics.wait), running this thread's part of each call until the job closes; then
 * back to the event loop for the next job. The same code serves browser workers and Node
 * worker threads.
 */
export function serveComputeThread(endpoint: ThreadEndpoint, table: KernelTable): void {
	const names = kernelNames(table);
	endpoint.onMessage((message) => {
		if (message.type !== 'job') return;
		const { control, args, error, part } = message;
		const job: KernelJob<never> = { buffers: message.buffers as never, local: {}, part, parts: 1 };
		endpoint.post({ type: 'ready' });
		let seen = message.gen;
		for (;;) {
			if (!spinWhile(control, Slot.Gen, (gen) => gen === seen, SPIN_MS)) Atomics.wait(control, Slot.Gen, seen);
			seen = Atomics.load(control, Slot.Gen);
			const k = control[Slot.Kernel];
			if (k === CLOSE) return;
			const parts = control[Slot.Parts];
			const [from, to] = partRange(control[Slot.Count], part, parts);
			try {
				if (from < to) table[names[k]]({ ...job, parts }, from, to, args);
			} catch (e) {
				if (Atomics.compareExchange(control, Slot.Error, 0, part + 1) === 0) {
					const text = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).subarray(0, ERROR_BYTES - 4);
					new DataView(error.buffer, error.byteOffset).setUint32(0, text.length);
					error.set(text, 4);
				}
			}
			Atomics.add(control, Slot.Done, 1);
			Atomics.notify(control, Slot.Done);
		}
	});
}

/**
 * How long a side checks a control slot before it sleeps in Atomics.wait. A sleep and its
 * wake-up (Atomics.notify) cost tens of µs each way, so a few µs of loads catch the calls and
 * answers that come right back (the caller's part and a thread's ending together). Kept this
 * short on purpose: measured on a loaded 2-core machine, 0.1 ms made a round trip 4–5× dearer
 * (about 230 µs against 50) — a spinning thread holds the core the other side needs — and
 * 5 µs cost nothing measurable there. Past it the thread sleeps, so an idle pool burns nothing.
 */
export const SPIN_MS = 0.005;

/**
 * Loads `array[index]` while `waiting(value)` holds, for at most `ms`: true once it stopped
 * holding, false when the time ran out (then the caller sleeps). The clock is read once per
 * 64 loads, so a load, not the clock, is the loop's cost.
 */
export function spinWhile(array: Int32Array, index: number, waiting: (value: number) => boolean, ms: number): boolean {
	const until = performance.now() + ms;
	for (;;) {
		for (let i = 0; i < 64; i++) if (!waiting(Atomics.load(array, index))) return true;
		if (performance.now() > until) return false;
	}
}

/** The error message a thread left in the error bytes. */
export function readThreadError(error: Uint8Array): string {
	const length = new DataView(error.buffer, error.byteOffset).getUint32(0);
	// Copied out first: TextDecoder refuses views over shared memory.
	return new TextDecoder().decode(error.slice(4, 4 + length));
}
