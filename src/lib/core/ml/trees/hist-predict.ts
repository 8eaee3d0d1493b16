import type { ComputePool } from '../../compute/pool';
import type { Matrix } from '../matrix';
import type { GbdtState } from './hist-gbdt';
import { probabilities } from './hist-loss';
import { addTreeRaw, compileTree } from './hist-tree';
import { predictRawOnPool } from './predict-kernels';

const BLOCK = 512;

/**
 * Compiled trees per fitted model. Compiling 300 trees costs milliseconds, the walk of one row
 * microseconds: a server scoring one row per request would spend ~99% of its time here. Keyed
 * on the trees array (a fitted state never changes it; the length check guards a caller that
 * appends to it).
 */
const compiled = new WeakMap<readonly unknown[], ReturnType<typeof compileTree>[]>();
function compiledTrees(state: GbdtState): ReturnType<typeof compileTree>[] {
	let trees = compiled.get(state.trees);
	if (!trees || trees.length !== state.trees.length) compiled.set(state.trees, (trees = state.trees.map(compileTree)));
	return trees;
}

/** Each feature's bin count as the walk reads it, once per fitted model (not per call: a server scores one row a call). */
const binCounts = new WeakMap<readonly number[], Int32Array>();
function binCountsOf(state: GbdtState): Int32Array {
	let nBins = binCounts.get(state.nBins);
	if (!nBins || nBins.length !== state.nBins.length) binCounts.set(state.nBins, (nBins = Int32Array.from(state.nBins)));
	return nBins;
}

/** Raw scores, class-major (output k of row i at k * rows + i). */
export function predictRaw(state: GbdtState, X: Matrix): Float64Array {
	const n = X.rows;
	const K = state.outputs;
	const raw = new Float64Array(K * n);
	for (let k = 0; k < K; k++) raw.fill(state.baseline[k], k * n, (k + 1) * n);
	const trees = compiledTrees(state);
	const nBins = binCountsOf(state);
	// Blocks of rows through every tree: the block's rows and the trees both stay in cache,
	// where tree by tree over all rows would stream a large matrix from memory once per tree.
	for (let from = 0; from < n; from += BLOCK) {
		const to = Math.min(n, from + BLOCK);
		for (let t = 0; t < trees.length; t++) addTreeRaw(raw, (t % K) * n, trees[t], X, nBins, from, to);
	}
	return raw;
}

/**
 * Rows from which scoring goes to the pool's threads: below, copying the rows and trees to
 * shared memory and waking the threads costs more than the walk (a server's single rows, the
 * predictor page's form).
 */
export const POOL_FROM_ROWS = 8192;

export type GbdtPrediction = { codes?: Int32Array; proba?: Float64Array; values?: Float64Array };

/** predictGbdt with the walk spread over `pool`'s threads when it has several and there are enough rows: the same bits either way. */
export async function predictGbdtOn(pool: ComputePool | undefined, state: GbdtState, X: Matrix): Promise<GbdtPrediction> {
	if (!pool || pool.threads < 2 || X.rows < POOL_FROM_ROWS) return predictGbdt(state, X);
	return fromRaw(state, await predictRawOnPool(pool, compiledTrees(state), state.baseline, state.nBins, X), X.rows);
}

export function predictGbdt(state: GbdtState, X: Matrix): GbdtPrediction {
	return fromRaw(state, predictRaw(state, X), X.rows);
}

/** Values (squared error), or class probabilities and the most probable class, from raw scores. */
function fromRaw(state: GbdtState, raw: Float64Array, n: number): GbdtPrediction {
	if (state.loss === 'squared') return { values: raw };
	const C = state.nClasses;
	const proba = probabilities(state.loss, raw, n, C);
	const codes = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		let best = 0;
		for (let c = 1; c < C; c++) if (proba[i * C + c] > proba[i * C + best]) best = c;
		codes[i] = best;
	}
	return { codes, proba };
}

/** Per feature: how many splits use it and the gain they bring (summed over every tree). */
export function featureImportances(state: GbdtState): { splits: number[]; gain: number[] } {
	const p = state.nBins.length;
	const splits = new Array<number>(p).fill(0);
	const gain = new Array<number>(p).fill(0);
	for (const tree of state.trees)
		tree.feature.forEach((f, node) => {
			if (f < 0) return;
			splits[f]++;
			gain[f] += tree.gain[node];
		});
	return { splits, gain };
}
