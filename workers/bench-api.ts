/**
 * The benchmark worker: the same core code the engine runs (CSV reader, profile,
 * correlation, models, persistence), timed inside the worker with performance.now().
 * Used by the hidden /bench page that `npm run bench` drives; never by the studio.
 */
import type {
	BenchApi,
	BenchLogistic,
	BenchMlp,
	BenchMlpEngine,
	BenchParse,
	BenchReopen,
	BenchStore,
	BenchTiming
} from '../src/lib/core/bench/api';
import { readTableBytes } from '../src/lib/core/readers/readers';
import { inThreadPool, type ComputePool } from '../src/lib/core/compute/pool';
import { computeKernels } from '../src/lib/core/compute/kernels';
import { correlationMatrix } from '../src/lib/core/stats/correlation';
import { schemaOf } from '../src/lib/core/frame/frame';
import { profileFrame } from '../src/lib/core/analysis/profile';
import type { Column, Frame } from '../src/lib/core/frame/types';
import { takeRows } from '../src/lib/core/frame/verbs';
import { activateBackend, detectBackends } from '../src/lib/core/ml/backends';
import type { Matrix } from '../src/lib/core/ml/matrix';
import { argmaxRows } from '../src/lib/core/ml/models/argmax';
import { fitLogisticAsync, predictLogistic } from '../src/lib/core/ml/models/logistic';
import { fitMlp, predictMlp } from '../src/lib/core/ml/models/mlp';
import { fitMlpDense } from '../src/lib/core/ml/models/mlp-dense';
import { poolsBatches } from '../src/lib/core/ml/dense/train';
import { deleteDataset, findDataset, loadDatasetFrame, storeDataset } from '../src/lib/persistence/datasets';

const LABEL = 'label';

/** Class codes 0..k-1 of the label column: categories as coded, numbers by sorted distinct value. */
function labelCodes(col: Column): { y: Int32Array; k: number } {
	if (col.kind === 'category') return { y: col.codes, k: col.dictionary.length };
	if (col.kind === 'boolean') return { y: col.codes, k: 2 };
	if (col.kind !== 'number') throw new Error(`the "${LABEL}" column is ${col.kind}, not a class label`);
	const distinct = [...new Set(col.values)].sort((a, b) => a - b);
	const code = new Map(distinct.map((v, i) => [v, i]));
	const y = new Int32Array(col.values.length);
	for (let i = 0; i < y.length; i++) y[i] = code.get(col.values[i]) ?? -1;
	return { y, k: distinct.length };
}

interface Split {
	train: { X: Matrix; y: Int32Array };
	valid: { X: Matrix; y: Int32Array };
	k: number;
}

/** Features = every number column except `label`; the first `fraction` of rows train, the rest validate. */
function splitRows(frame: Frame, fraction: number): Split {
	const label = frame.columns.find((c) => c.name === LABEL);
	if (!label) throw new Error(`no "${LABEL}" column`);
	const { y, k } = labelCodes(label);
	const features = frame.columns.filter((c) => c.kind === 'number' && c.name !== LABEL) as { values: Float64Array }[];
	const n = frame.rowCount;
	const p = features.length;
	const cut = Math.round(n * fraction);
	const matrix = (start: number, end: number): Matrix => {
		const rows = end - start;
		const data = new Float64Array(rows * p);
		for (let j = 0; j < p; j++) {
			const v = features[j].values;
			for (let i = 0; i < rows; i++) data[i * p + j] = v[start + i];
		}
		return { rows, cols: p, data };
	};
	return {
		train: { X: matrix(0, cut), y: y.subarray(0, cut) },
		valid: { X: matrix(cut, n), y: y.subarray(cut, n) },
		k
	};
}

function accuracyOf(predicted: Int32Array, actual: Int32Array): number {
	let hits = 0;
	for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) hits++;
	return actual.length ? hits / actual.length : NaN;
}

function median(xs: readonly number[]): number {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The WebGL renderer string (e.g. SwiftShader when there is no GPU), or null. */
function webglRenderer(): string | null {
	try {
		if (typeof OffscreenCanvas === 'undefined') return null;
		const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
		if (!gl) return null;
		const info = gl.getExtension('WEBGL_debug_renderer_info');
		return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
	} catch {
		return null;
	}
}

export interface BenchDeps {
	/** The pool the engine worker gives its import and fits (workers/compute-thread.ts). */
	readonly computePool?: ComputePool;
}

export function createBenchApi(deps: BenchDeps = {}): BenchApi {
	const pool = deps.computePool;
	let poolStarted = false;
	const frames = new Map<string, { frame: Frame; bytes: number }>();

	function frameOf(key: string): Frame {
		const entry = frames.get(key);
		if (!entry) throw new Error(`no frame under "${key}": parse it first`);
		return entry.frame;
	}

	return {
		async parseCsv(blob: Blob, key: string, oneThread = false): Promise<BenchParse> {
			frames.delete(key);
			const pool = oneThread ? inThreadPool(computeKernels) : deps.computePool;
			const t0 = performance.now();
			// As the studio imports (engine-api.ts readUpload): the Blob's bytes, then the reader on the compute pool.
			const frame = await readTableBytes(new Uint8Array(await blob.arrayBuffer()), { fileName: 'import.csv', compute: pool });
			const ms = performance.now() - t0;
			frames.set(key, { frame, bytes: blob.size });
			return { ms, rows: frame.rowCount, cols: frame.columns.length, bytes: blob.size, threads: pool?.threads ?? 1 };
		},

		async head(key: string, rows: number, as: string) {
			const entry = frames.get(key);
			if (!entry) throw new Error(`no frame under "${key}"`);
			const n = Math.min(rows, entry.frame.rowCount);
			const frame = takeRows(
				entry.frame,
				Uint32Array.from({ length: n }, (_, i) => i)
			);
			frames.set(as, { frame, bytes: Math.round((entry.bytes * n) / Math.max(1, entry.frame.rowCount)) });
			return { rows: n };
		},

		async profile(key: string): Promise<BenchTiming> {
			const frame = frameOf(key);
			const t0 = performance.now();
			profileFrame(frame);
			return { ms: performance.now() - t0 };
		},

		async correlation(key: string) {
			const frame = frameOf(key);
			const t0 = performance.now();
			const m = correlationMatrix(frame);
			return { ms: performance.now() - t0, columns: m.columns.length };
		},

		async logistic(key: string, trainFraction = 0.8): Promise<BenchLogistic> {
			const { train, valid, k } = splitRows(frameOf(key), trainFraction);
			// Threads start here, not inside the timed fit (the studio's engine keeps its pool warm across runs).
			if (pool && pool.threads > 1 && !poolStarted) {
				(await pool.open({})).close();
				poolStarted = true;
			}
			const t0 = performance.now();
			// As the Logistic regression node fits: the passes over the rows on the compute pool.
			const state = await fitLogisticAsync(train.X, train.y, k, { C: 1, pool });
			const ms = performance.now() - t0;
			return {
				ms,
				accuracy: accuracyOf(predictLogistic(state, valid.X), valid.y),
				iterations: state.iterations,
				converged: state.converged,
				trainRows: train.X.rows,
				features: train.X.cols,
				threads: pool && k === 2 ? pool.threads : 1
			};
		},

		async mlp(key: string, backend: BenchMlpEngine, epochs: number, trainFraction = 0.8): Promise<BenchMlp> {
			const { train, valid, k } = splitRows(frameOf(key), trainFraction);
			// Auto: the MLP node's own path on Auto (mlp.ts → useDenseKernels → fitMlpDense), on the
			// compute pool as the engine worker gives the node. The engine
			// still activates a tfjs backend first (WASM, as the header's Auto does); prediction uses it.
			const active = backend === 'auto' ? await activateBackend('wasm') : await activateBackend(backend, { fallbacks: [] });
			const stamps: number[] = [];
			const options = {
				task: 'classification' as const,
				classes: Math.max(2, k),
				hidden: [64, 64],
				batchSize: 256,
				learningRate: 1e-3,
				epochs,
				seed: 0,
				onEpoch: () => stamps.push(performance.now())
			};
			const t0 = performance.now();
			const state =
				backend === 'auto'
					? await fitMlpDense(train.X, train.y, options, undefined, deps.computePool)
					: await fitMlp(train.X, train.y, options);
			const ms = performance.now() - t0;
			const epochMs = stamps.map((t, i) => t - (i === 0 ? t0 : stamps[i - 1]));
			const proba = await predictMlp(state, valid.X);
			return {
				ms,
				perEpochMs: median(epochMs),
				epochMs,
				accuracy: accuracyOf(argmaxRows(proba, state.classes ?? 2), valid.y),
				backend: state.backend || active,
				epochs: state.epochsRun,
				trainRows: train.X.rows,
				threads: backend === 'auto' && deps.computePool && poolsBatches(options.batchSize) ? deps.computePool.threads : 1
			};
		},

		async store(key: string): Promise<BenchStore> {
			const entry = frames.get(key);
			if (!entry) throw new Error(`no frame under "${key}"`);
			// A fresh hash each time: storeDataset skips a dataset whose hash is already stored.
			const hash = `bench-${crypto.randomUUID()}`;
			const t0 = performance.now();
			await storeDataset(
				{
					name: `bench:${key}`,
					hash,
					rows: entry.frame.rowCount,
					columns: entry.frame.columns.length,
					bytes: entry.bytes,
					schema: schemaOf(entry.frame)
				},
				entry.frame
			);
			return { ms: performance.now() - t0, hash };
		},

		async reopen(hash: string): Promise<BenchReopen> {
			const t0 = performance.now();
			const record = await findDataset('', hash);
			if (!record || record.hash !== hash) throw new Error(`no stored dataset with hash ${hash}`);
			const frame = await loadDatasetFrame(record);
			return { ms: performance.now() - t0, rows: frame.rowCount, cols: frame.columns.length };
		},

		async unstore(hash: string) {
			const record = await findDataset('', hash);
			if (record && record.hash === hash) await deleteDataset(record.id);
		},

		async backends() {
			return { candidates: await detectBackends(), webglRenderer: webglRenderer() };
		},

		async drop(key: string) {
			frames.delete(key);
		}
	};
}
