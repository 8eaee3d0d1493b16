/** The linear models' row passes: their buffers, call arguments and partial widths (linear-kernels.ts runs them). */
export type LinearBuffers = {
	/** The design matrix, row-major: row i's features at [i·p, (i + 1)·p). */
	readonly X: Float64Array;
	/** Targets (linear) or 0/1 labels (logistic). */
	readonly y: Float64Array;
	/** Per-row weights (logistic); empty: every row weighs 1. */
	readonly weights: Float64Array;
	/** Logistic: the validation rows (row-major, NaN where missing) and their class codes (-1: unknown); else empty. */
	readonly valX: Float64Array;
	readonly valY: Float64Array;
	/** Small inputs of a call: linear, the column means at [0, p) and w at [p, 2p); logistic, w and b. */
	readonly vec: Float64Array;
	readonly partials: Float64Array;
};

/** Every call's first arguments: rows per chunk, rows, features. */
export const Arg = { Chunk: 0, Rows: 1, Cols: 2, Extra: 3 } as const;

/** Rows per chunk of the linear passes: 4096 × 20 features is 640 kB read per partial. */
export const LINEAR_CHUNK = 4096;
/** Rows per chunk of the logistic pass (run once per objective evaluation, so finer for balance). */
export const LOGISTIC_CHUNK = 2048;

/** Doubles one chunk's partial takes, by kernel. */
export const width = {
	sums: (p: number) => p + 1,
	gram: (p: number) => p * p + p + 1,
	residual: (p: number) => p,
	binary: (p: number) => p + 2,
	validation: () => 2
} as const;

export type Pass = (b: LinearBuffers, from: number, to: number, p: number, out: Float64Array, a: ArrayLike<number>) => void;
