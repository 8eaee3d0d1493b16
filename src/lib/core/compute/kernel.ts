/**
 * Kernels: the inner loops a compute pool spreads over threads. A kernel is a plain function
 * found by name in a table that the caller and every thread import from the same module, so
 * a call crosses threads as a few numbers in shared memory, never as code or a message.
 */

/** The typed arrays a job's kernels read and write: shared memory where the pool has threads. */
export type SharedArray = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;
export type SharedBuffers = Readonly<Record<string, SharedArray>>;

/** What a kernel sees of its job on the thread it runs on. */
export interface KernelJob<B = SharedBuffers> {
	readonly buffers: B;
	/** Scratch this thread keeps for the job's length (never shared, never compared). */
	readonly local: Record<string, unknown>;
	/** Which part of the call this thread runs (0: the caller), and how many parts there are. */
	readonly part: number;
	readonly parts: number;
}

/**
 * Runs items [from, to) of a call over `count` items. Its writes for an item must depend on
 * that item alone (or go to a slot of its `part`), so the result does not depend on how the
 * items were split between threads.
 */
export type Kernel<B = SharedBuffers> = (job: KernelJob<B>, from: number, to: number, args: Float64Array) => void;

/** Kernels by name. `never` accepts a kernel over any buffers; each casts its job's record once. */
export type KernelTable = Readonly<Record<string, Kernel<never>>>;

/** Most numeric arguments one call carries. */
export const MAX_ARGS = 32;
/** Bytes of a kernel's error message kept for the caller. */
export const ERROR_BYTES = 1024;

/**
 * The control block (an Int32Array over shared memory), one per pool: the caller writes a
 * call and bumps GEN; threads wake on GEN, run their part, add to DONE and wake the caller.
 */
export const Slot = {
	/** Bumped once per call (or to close the job). */
	Gen: 0,
	/** Threads finished with the current call. */
	Done: 1,
	/** Index of the kernel in the table's key order; CLOSE ends the job. */
	Kernel: 2,
	/** Items of the call. */
	Count: 3,
	/** Parts the call is split into (the caller's included). */
	Parts: 4,
	/** 0, or 1 + the part whose kernel threw (its message is in the error bytes). */
	Error: 5,
	Length: 8
} as const;

export const CLOSE = -1;

/** Items [from, to) of part `part` when `count` items are split into `parts` contiguous runs. */
export function partRange(count: number, part: number, parts: number): [number, number] {
	return [Math.floor((part * count) / parts), Math.floor(((part + 1) * count) / parts)];
}

/** Kernel names in the one order both sides use to number them. */
export const kernelNames = (table: KernelTable): string[] => Object.keys(table).sort();
