/**
 * The benchmark worker's API (workers/bench.worker.ts), as the page sees it through
 * src/lib/client/bench.ts. Pure types: every figure is measured inside the worker with
 * performance.now(), so message passing and the page thread are not part of it.
 */
import type { BackendName } from '../ml/backends';

export interface BenchTiming {
	/** Wall time of the measured operation inside the worker, in milliseconds. */
	readonly ms: number;
}

export interface BenchParse extends BenchTiming {
	readonly rows: number;
	readonly cols: number;
	/** Size of the parsed file in bytes. */
	readonly bytes: number;
	/** Threads the parse ran on (the compute pool's, the caller's included). */
	readonly threads: number;
}

export interface BenchLogistic extends BenchTiming {
	/** Validation accuracy on the last (1 - trainFraction) of the rows. */
	readonly accuracy: number;
	readonly iterations: number;
	readonly converged: boolean;
	readonly trainRows: number;
	readonly features: number;
	/** Threads the fit's passes over the rows ran on (the compute pool; 1: the bench worker alone). */
	readonly threads: number;
}

/** What trains the benchmark MLP: our dense kernels as on Auto, or TensorFlow.js on a named backend. */
export type BenchMlpEngine = 'auto' | BackendName;

export interface BenchMlp extends BenchTiming {
	/** Median time of one epoch (the first epoch includes uploading the data to the device). */
	readonly perEpochMs: number;
	/** Every epoch's duration, in order. */
	readonly epochMs: readonly number[];
	readonly accuracy: number;
	/** The tfjs backend that actually ran (a requested one that fails falls back), or the dense kernels' kind ('wasm-simd', 'js') on auto. */
	readonly backend: BackendName | string;
	readonly epochs: number;
	readonly trainRows: number;
	/** Threads the batches ran on (the Auto case on the engine's compute pool); 1 otherwise. */
	readonly threads?: number;
}

export interface BenchStore extends BenchTiming {
	/** The content key the dataset was stored under; pass it to `reopen`. */
	readonly hash: string;
}

export interface BenchReopen extends BenchTiming {
	readonly rows: number;
	readonly cols: number;
}

export interface BenchBackends {
	readonly candidates: readonly { name: BackendName; available: boolean; note: string; softwareFallback?: boolean }[];
	/** The WebGL renderer (SwiftShader means software rendering), null without WebGL. */
	readonly webglRenderer: string | null;
}

export interface BenchApi {
	/** Parses a CSV Blob (streamed) into a frame kept in the worker under `key`. */
	/** `oneThread`: on a pool of one (the same parallel reader, every chunk in the worker), for the 1-thread figure. */
	parseCsv(blob: Blob, key: string, oneThread?: boolean): Promise<BenchParse>;
	/** Keeps the first `rows` rows of the frame `key` under `as` (no timing). */
	head(key: string, rows: number, as: string): Promise<{ rows: number }>;
	profile(key: string): Promise<BenchTiming>;
	correlation(key: string): Promise<BenchTiming & { columns: number }>;
	/** Logistic regression (C = 1, L-BFGS) on every number column except `label`; first rows train. */
	logistic(key: string, trainFraction?: number): Promise<BenchLogistic>;
	/**
	 * MLP [64, 64], batch 256, Adam 1e-3, seed 0, 2-class classification: 'auto' trains as the
	 * studio's MLP node does on Auto (our dense kernels, core/ml/dense); a backend name trains
	 * with TensorFlow.js on that backend.
	 */
	mlp(key: string, backend: BenchMlpEngine, epochs: number, trainFraction?: number): Promise<BenchMlp>;
	/** Stores the frame in IndexedDB under a fresh key, as an upload does. */
	store(key: string): Promise<BenchStore>;
	/** Reads a stored dataset back into columns (no parsing). */
	reopen(hash: string): Promise<BenchReopen>;
	/** Deletes a dataset stored by `store`. */
	unstore(hash: string): Promise<void>;
	backends(): Promise<BenchBackends>;
	drop(key: string): Promise<void>;
}
