import {
	CLOSE,
	ERROR_BYTES,
	kernelNames,
	MAX_ARGS,
	partRange,
	Slot,
	type KernelJob,
	type KernelTable,
	type SharedArray,
	type SharedBuffers
} from './kernel';
import { readThreadError, spinWhile, SPIN_MS, type JobMessage } from './thread';

/** A thread the pool runs kernels on: a browser worker or a Node worker thread. */
export interface ComputeThread {
	/** Sends a job; resolves once the thread waits for its calls. */
	start(message: JobMessage): Promise<void>;
	terminate(): void;
	/** Called once if the thread dies. */
	onCrash(listener: (reason: string) => void): void;
}

export type ArrayOf<T extends SharedArray> = {
	new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
	readonly BYTES_PER_ELEMENT: number;
};

/**
 * A pool of threads for ONE job at a time: a single fit spreads its inner loops over every
 * core. The job's arrays live in shared memory (`alloc`), a call is a kernel name and a few
 * numbers, and the caller runs part 0 of every call itself.
 */
export interface ComputePool {
	/** Threads a call runs on, the caller's included (1: everything runs here). */
	readonly threads: number;
	/** A zeroed typed array the pool's threads can see: shared memory when the pool has threads. */
	alloc<T extends SharedArray>(type: ArrayOf<T>, length: number): T;
	/** Starts a job over `buffers` (each from `alloc`); one job runs at a time, the next one waits. */
	open(buffers: SharedBuffers): Promise<ComputeJob>;
	/** Ends the threads (a CLI command that is done). */
	close(): void;
}

export interface ComputeJob {
	/** Parts each call is split into. */
	readonly parts: number;
	/** The scratch the caller's part of every call gets as its `local`: for kernels the caller also runs on its own, so both share it. */
	readonly local: Record<string, unknown>;
	/**
	 * Runs `kernel` over items [0, count), split into `parts` contiguous runs, one per thread;
	 * resolves when every part is done, rejects when a part threw or a thread died.
	 */
	run(kernel: string, count: number, args?: ArrayLike<number>): Promise<void>;
	/** Ends the job (always: threads wait for calls until it is closed). */
	close(): void;
}

/** Whether threads can share memory here: SharedArrayBuffer exists and, in a browser, the page is cross-origin isolated. */
export function sharedMemoryAvailable(): boolean {
	const g = globalThis as { crossOriginIsolated?: boolean };
	return typeof SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;
}

/** How long the caller blocks for the other parts before it waits on the event loop, where a thread's death is heard. */
const BLOCK_MS = 20;

type WaitAsync = (
	array: Int32Array,
	index: number,
	value: number,
	timeout?: number
) => { async: boolean; value: Promise<unknown> | string };

/**
 * A pool of `extra` threads beside the caller (`spawn` makes one). With `extra` 0, or where
 * memory cannot be shared, every call runs in the caller: the same kernels on the same items,
 * so the same numbers.
 */
export function createComputePool(
	spawn: () => ComputeThread,
	extra: number,
	table: KernelTable,
	options: { readonly shared?: boolean } = {}
): ComputePool {
	const shared = (options.shared ?? sharedMemoryAvailable()) && extra > 0;
	const names = kernelNames(table);
	const threads: { thread: ComputeThread; dead: string | null }[] = [];
	let control: Int32Array | null = null;
	let args: Float64Array | null = null;
	let errorBytes: Uint8Array | null = null;
	let queue: Promise<void> = Promise.resolve();
	// The job in flight hears of a death here.
	let onDeath: ((reason: string) => void) | null = null;

	const kernelOf = (name: string): number => {
		const k = names.indexOf(name);
		if (k < 0) throw new Error(`no compute kernel "${name}" (known: ${names.join(', ')})`);
		return k;
	};
	const ensureThreads = () => {
		for (let i = threads.length - 1; i >= 0; i--) if (threads[i].dead) threads.splice(i, 1);
		while (threads.length < extra) {
			const member: { thread: ComputeThread; dead: string | null } = { thread: spawn(), dead: null };
			member.thread.onCrash((reason) => {
				member.dead = reason;
				member.thread.terminate();
				onDeath?.(reason);
			});
			threads.push(member);
		}
	};
	const inline = (buffers: SharedBuffers): ComputeJob => {
		const job: KernelJob<never> = { buffers: buffers as never, local: {}, part: 0, parts: 1 };
		return {
			parts: 1,
			local: job.local,
			run: async (name, count, a) => {
				const k = kernelOf(name);
				if (count > 0) table[names[k]](job, 0, count, Float64Array.from(a ?? []));
			},
			close: () => {}
		};
	};

	return {
		threads: shared ? extra + 1 : 1,
		alloc<T extends SharedArray>(type: ArrayOf<T>, length: number): T {
			const bytes = length * type.BYTES_PER_ELEMENT;
			return new type(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), 0, length);
		},
		async open(buffers) {
			if (!shared) return inline(buffers);
			let done!: () => void;
			const previous = queue;
			queue = new Promise((resolve) => (done = resolve));
			await previous;
			try {
				ensureThreads();
				control ??= new Int32Array(new SharedArrayBuffer(Slot.Length * 4));
				args ??= new Float64Array(new SharedArrayBuffer(MAX_ARGS * 8));
				errorBytes ??= new Uint8Array(new SharedArrayBuffer(ERROR_BYTES));
				const members = [...threads];
				let death: string | null = null;
				let wake: (() => void) | null = null;
				onDeath = (reason) => {
					death ??= reason;
					wake?.();
				};
				const gen = Atomics.load(control, Slot.Gen);
				const started = Promise.all(
					members.map((m, i) =>
						m.thread.start({ type: 'job', control: control!, args: args!, error: errorBytes!, buffers, part: i + 1, gen })
					)
				);
				await new Promise<void>((resolve, reject) => {
					wake = () => reject(new Error(`a compute thread stopped before the job started (${death})`));
					started.then(() => resolve(), reject);
				});
				const c = control;
				const a = args;
				const errors = errorBytes;
				const parts = members.length + 1;
				const local = {};
				let closed = false;
				const stopped = () => new Error(`a compute thread stopped (${death}); the job failed`);
				const waitFor = async (target: number): Promise<void> => {
					// The other parts mostly end within µs of ours: check before sleeping.
					if (spinWhile(c, Slot.Done, (d) => d < target, SPIN_MS) && !death) return;
					const until = performance.now() + BLOCK_MS;
					for (;;) {
						if (death) throw stopped();
						const d = Atomics.load(c, Slot.Done);
						if (d >= target) return;
						if (performance.now() > until) break;
						Atomics.wait(c, Slot.Done, d, 1);
					}
					const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
					for (;;) {
						if (death) throw stopped();
						const d = Atomics.load(c, Slot.Done);
						if (d >= target) return;
						const woken = new Promise<void>((resolve) => {
							wake = resolve;
							const w = waitAsync?.(c, Slot.Done, d, 50);
							if (w && w.async) void (w.value as Promise<unknown>).then(() => resolve());
							else setTimeout(resolve, w ? 0 : 1);
						});
						await woken;
						wake = null;
					}
				};
				return {
					parts,
					local,
					async run(name, count, values) {
						if (closed) throw new Error('the compute job is closed');
						if (death) throw stopped();
						const k = kernelOf(name);
						const list = values ?? [];
						if (list.length > MAX_ARGS) throw new Error(`a compute call takes at most ${MAX_ARGS} arguments`);
						for (let i = 0; i < list.length; i++) a[i] = list[i];
						c[Slot.Kernel] = k;
						c[Slot.Count] = count;
						c[Slot.Parts] = parts;
						c[Slot.Error] = 0;
						Atomics.store(c, Slot.Done, 0);
						Atomics.add(c, Slot.Gen, 1);
						Atomics.notify(c, Slot.Gen);
						let own: unknown = null;
						const [from, to] = partRange(count, 0, parts);
						try {
							if (from < to) table[names[k]]({ buffers: buffers as never, local, part: 0, parts }, from, to, a);
						} catch (e) {
							own = e;
						}
						// The other parts still use the arrays: wait for them before reporting anything.
						await waitFor(parts - 1);
						if (own) throw own;
						const failed = Atomics.load(c, Slot.Error);
						if (failed) throw new Error(`compute kernel "${name}" failed on thread ${failed - 1}: ${readThreadError(errors)}`);
					},
					close() {
						if (closed) return;
						closed = true;
						onDeath = null;
						c[Slot.Kernel] = CLOSE;
						Atomics.add(c, Slot.Gen, 1);
						Atomics.notify(c, Slot.Gen);
						done();
					}
				};
			} catch (e) {
				onDeath = null;
				if (control) {
					// Threads that did start wait for calls: let them go.
					control[Slot.Kernel] = CLOSE;
					Atomics.add(control, Slot.Gen, 1);
					Atomics.notify(control, Slot.Gen);
				}
				done();
				throw e;
			}
		},
		close() {
			for (const m of threads.splice(0)) m.thread.terminate();
		}
	};
}

/** A copy of `values` in memory the pool's threads can see. */
export function sharedCopy<T extends SharedArray>(pool: ComputePool, type: ArrayOf<T>, values: ArrayLike<number>): T {
	const out = pool.alloc(type, values.length);
	out.set(values);
	return out;
}

/** A pool of one: every call runs in the caller (no threads, no shared memory). */
export const inThreadPool = (table: KernelTable): ComputePool => createComputePool(() => unreachable(), 0, table, { shared: false });

function unreachable(): never {
	throw new Error('a pool without threads spawned one');
}
