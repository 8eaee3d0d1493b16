import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { yielder } from '../../util/yield';
import { binMatrixOnPool, fitBinsOnPool } from './binning';
import { growTree, histCapacity } from './hist-grower';
import { histLayout } from './hist-histogram';
import { AddArg, CAT_BYTES, GradArg, LOSS_CODES, SPLIT_FIELDS, storeTree, TrainAdd, type HistBuffers } from './hist-kernels';
import { inThreadPool, sharedCopy, type ComputePool } from '../../compute/pool';
import { computeKernels } from '../../compute/kernels';
import { baselineOf, meanLoss, meanOf, outputsOf, type LossKind } from './hist-loss';
import { holdout, sampleFeatures, sampleRows, takeRows } from './hist-sampling';
import { compileTree, type HistTree } from './hist-tree';
import { abortError } from '../../util/abort';

export interface GbdtOptions {
	readonly loss: LossKind;
	/** Classes (codes 0..nClasses-1 in y); 1 for regression. */
	readonly nClasses: number;
	/** Per feature: X holds category codes (NaN: missing or unseen). */
	readonly categorical: readonly boolean[];
	readonly learningRate: number;
	readonly maxIter: number;
	readonly maxLeafNodes: number;
	/** 0 = no limit. */
	readonly maxDepth: number;
	readonly minSamplesLeaf: number;
	readonly l2: number;
	readonly maxBins: number;
	readonly earlyStopping: boolean;
	readonly nIterNoChange: number;
	readonly tol: number;
	/** Share of the rows held out for early stopping when no validation rows are given. */
	readonly validationFraction: number;
	/** Share of rows each round's trees are grown on (1: all). */
	readonly subsample: number;
	/** Share of features each tree may split on (1: all). */
	readonly colsample: number;
	readonly seed: number;
	/** Rows scored every round (the Split's validation rows); early stopping watches them. */
	readonly validation?: { readonly X: Matrix; readonly y: ArrayLike<number> };
	readonly signal?: AbortSignal;
	/** Threads for the histograms and split scans (the same model with any number); none: this thread alone. */
	readonly pool?: ComputePool;
	/** Cap on the histogram slots' bytes (default HIST_BYTES; tests lower it to make leaves give slots up). */
	readonly histBytes?: number;
	readonly onRound?: (round: number, loss: number, valLoss: number | undefined) => void;
}

/** A fitted model: plain arrays, JSON-serialisable. */
export interface GbdtState {
	readonly loss: LossKind;
	readonly nClasses: number;
	/** Trees per round: one per class for multiclass, else one. */
	readonly outputs: number;
	readonly baseline: number[];
	/** Round-major: round r, output k at r * outputs + k. */
	readonly trees: HistTree[];
	readonly nBins: number[];
	readonly categorical: boolean[];
}

export interface GbdtFit {
	readonly state: GbdtState;
	readonly curves: { loss: number[]; val_loss?: number[] };
	/** Rounds run (complete ones). */
	readonly completed: number;
	/** Rounds kept in the model. */
	readonly kept: number;
	readonly stop: 'max-iter' | 'early-stopping' | 'cancelled';
	/** Threads the fit ran on (1: this thread alone). */
	readonly threads: number;
}

/** Histogram slots are capped at this many bytes; beyond it (very many leaves × features) an open leaf may give its slot up. */
const HIST_BYTES = 128 << 20;

/** Histogram gradient boosting, as scikit-learn's HistGradientBoosting{Classifier,Regressor}. */
export async function fitGbdt(X: Matrix, y: ArrayLike<number>, opts: GbdtOptions): Promise<GbdtFit> {
	if (X.rows === 0) throw new Error('there are no training rows to learn from');
	if (opts.loss !== 'squared' && opts.nClasses < 2) throw new Error('classification needs at least two classes in the training rows');
	let train = { X, y };
	let val = opts.validation && opts.validation.X.rows > 0 ? opts.validation : undefined;
	if (opts.earlyStopping && !val) {
		const split = holdout(X.rows, opts.loss === 'squared' ? null : y, opts.validationFraction, opts.seed);
		train = takeRows(X, y, split.train);
		val = takeRows(X, y, split.val);
	}
	const { X: Xt, y: yt } = train;
	const n = Xt.rows;
	const K = outputsOf(opts.loss, opts.nClasses);
	const pool = opts.pool ?? inThreadPool(computeKernels);
	const mapper = await fitBinsOnPool(pool, Xt, opts.categorical, opts.maxBins, opts.seed);
	const layout = histLayout(mapper.nBins);
	const p = Xt.cols;
	const stride = layout.slots * 3;
	const capacity = Math.min(histCapacity(opts.maxLeafNodes), Math.max(4, Math.floor((opts.histBytes ?? HIST_BYTES) / (stride * 8))));
	const nv = val?.X.rows ?? 0;
	// The largest tree: maxLeafNodes leaves and one fewer splits.
	const maxNodes = 2 * Math.max(2, opts.maxLeafNodes) - 1;
	// Everything the threads read or write, in memory they share.
	const buffers: HistBuffers = {
		bins: await binMatrixOnPool(pool, mapper, Xt, pool.alloc(Uint8Array, n * p)),
		gradients: pool.alloc(Float32Array, K * n),
		hessians: pool.alloc(Float32Array, opts.loss === 'squared' ? 0 : K * n),
		idx: pool.alloc(Uint32Array, n),
		features: pool.alloc(Int32Array, p),
		offsets: sharedCopy(pool, Int32Array, layout.offsets),
		nBins: sharedCopy(pool, Int32Array, mapper.nBins),
		categorical: sharedCopy(pool, Uint8Array, mapper.categorical.map(Number)),
		hists: pool.alloc(Float64Array, capacity * stride),
		splits: pool.alloc(Float64Array, pool.threads * 2 * SPLIT_FIELDS),
		splitCats: pool.alloc(Uint8Array, pool.threads * 2 * CAT_BYTES),
		raw: pool.alloc(Float64Array, K * n),
		y: sharedCopy(pool, Float64Array, yt),
		losses: pool.alloc(Float64Array, n),
		valBins: val ? await binMatrixOnPool(pool, mapper, val.X, pool.alloc(Uint8Array, nv * p)) : pool.alloc(Uint8Array, 0),
		valRaw: pool.alloc(Float64Array, K * nv),
		valY: val ? sharedCopy(pool, Float64Array, val.y) : pool.alloc(Float64Array, 0),
		valLosses: pool.alloc(Float64Array, nv),
		treeFeature: pool.alloc(Int32Array, maxNodes),
		treeBin: pool.alloc(Int32Array, maxNodes),
		treeKids: pool.alloc(Int32Array, 2 * maxNodes),
		treeMissingKid: pool.alloc(Int32Array, maxNodes),
		treeValue: pool.alloc(Float64Array, maxNodes),
		treeCatBits: pool.alloc(Uint32Array, 8 * maxNodes),
		treeIsCat: pool.alloc(Uint8Array, maxNodes),
		goesLeft: pool.alloc(Uint8Array, 256),
		moved: pool.alloc(Uint32Array, n),
		partCounts: pool.alloc(Int32Array, pool.threads),
		leafStarts: pool.alloc(Int32Array, maxNodes + 1),
		leafValues: pool.alloc(Float64Array, maxNodes)
	};
	const baseline = baselineOf(opts.loss, yt, opts.nClasses);
	const raw = buffers.raw;
	const rawVal = buffers.valRaw;
	for (let k = 0; k < K; k++) {
		raw.fill(baseline[k], k * n, (k + 1) * n);
		rawVal.fill(baseline[k], k * nv, (k + 1) * nv);
	}
	const h = opts.loss === 'squared' ? null : buffers.hessians;
	const idx = buffers.idx;
	/** Whether idx holds 0..n-1 (as gbdt.addTree leaves it after a tree on all rows). */
	let identity = false;
	const right = new Uint32Array(n);
	const random = createRandom(opts.seed ^ 0x5bd1e995);
	const allFeatures = Int32Array.from({ length: Xt.cols }, (_, j) => j);
	const rules = { ...opts, minHessian: 1e-3 };
	const trees: HistTree[] = [];
	const curves: { loss: number[]; val_loss?: number[] } = { loss: [] };
	if (val) curves.val_loss = [];
	// Scores for early stopping start at the baseline, as scikit-learn's.
	const history = val ? [meanLoss(opts.loss, val.y, rawVal, K)] : [];
	const lossCode = LOSS_CODES.indexOf(opts.loss);
	const gradArgs = new Float64Array(GradArg.Length);
	gradArgs[GradArg.Loss] = lossCode;
	gradArgs[GradArg.Outputs] = K;
	const addArgs = new Float64Array(AddArg.Length);
	addArgs[AddArg.Loss] = lossCode;
	addArgs[AddArg.Outputs] = K;
	let stop: GbdtFit['stop'] = 'max-iter';
	let kept = -1;
	const tick = yielder();

	const job = await pool.open(buffers);
	try {
		// Gradients for the first round; every later round's come with the loss of the one before.
		gradArgs[GradArg.Gradients] = 1;
		gradArgs[GradArg.Losses] = 0;
		await job.run('gbdt.gradients', n, gradArgs);
		for (let round = 0; round < opts.maxIter; round++) {
			const rows = opts.subsample < 1 ? sampleRows(n, opts.subsample, random) : null;
			for (let k = 0; k < K; k++) {
				if (opts.signal?.aborted) break;
				const size = rows ? rows.length : n;
				// idx is 0..n-1 after a tree on all rows (gbdt.addTree resets it), else it is set here.
				if (rows) idx.set(rows);
				else if (!identity) for (let i = 0; i < n; i++) idx[i] = i;
				identity = !rows;
				const features = opts.colsample < 1 ? sampleFeatures(Xt.cols, opts.colsample, random) : allFeatures;
				buffers.features.set(features);
				const { tree, leaves } = await growTree(
					{
						job,
						buffers,
						n,
						output: k,
						tree: trees.length,
						hasHessians: h !== null,
						mapper,
						layout,
						nFeatures: features.length,
						size,
						allRows: !rows,
						capacity,
						right,
						local: job.local
					},
					rules
				);
				const compiled = compileTree(tree);
				storeTree(buffers, compiled);
				addArgs[AddArg.RootLeaf] = compiled.rootLeaf ? 1 : 0;
				addArgs[AddArg.AnyCat] = compiled.anyCat ? 1 : 0;
				addArgs[AddArg.Offset] = k * n;
				addArgs[AddArg.ValOffset] = k * nv;
				addArgs[AddArg.Losses] = k === K - 1 ? 1 : 0;
				addArgs[AddArg.TrainItems] = rows ? n : size;
				if (rows) addArgs[AddArg.Train] = TrainAdd.Walk;
				else {
					// Every row sits in one leaf's run of idx: it gets the leaf's value, no walk.
					addArgs[AddArg.Train] = TrainAdd.Leaves;
					leaves.sort((a, b) => a.start - b.start);
					leaves.forEach((leaf, j) => {
						buffers.leafStarts[j] = leaf.start;
						buffers.leafValues[j] = tree.value[leaf.node];
					});
					buffers.leafStarts[leaves.length] = size;
				}
				await job.run('gbdt.addTree', addArgs[AddArg.TrainItems] + nv, addArgs);
				trees.push(tree);
				await tick();
			}
			if (trees.length < (round + 1) * K) {
				// Cancelled mid-round: a round is all of its trees or none.
				trees.length = round * K;
				stop = 'cancelled';
				break;
			}
			// The round's loss, and the next round's gradients at the same scores.
			gradArgs[GradArg.Gradients] = round + 1 < opts.maxIter ? 1 : 0;
			gradArgs[GradArg.Losses] = 1;
			await job.run('gbdt.gradients', n, gradArgs);
			const loss = meanOf(buffers.losses, n);
			const valLoss = val ? meanOf(buffers.valLosses, nv) : undefined;
			curves.loss.push(loss);
			if (valLoss !== undefined) {
				curves.val_loss!.push(valLoss);
				history.push(valLoss);
			}
			opts.onRound?.(round + 1, loss, valLoss);
			if (opts.earlyStopping && shouldStop(history, opts.nIterNoChange, opts.tol)) {
				stop = 'early-stopping';
				let best = 0;
				for (let r = 1; r < history.length; r++) if (history[r] < history[best]) best = r;
				kept = Math.max(1, best);
				break;
			}
			if (opts.signal?.aborted) {
				stop = 'cancelled';
				break;
			}
		}
	} finally {
		job.close();
	}
	const completed = trees.length / K;
	if (stop === 'cancelled' && completed === 0) throw abortError();
	if (kept < 0) kept = completed;
	trees.length = kept * K;
	return {
		state: {
			loss: opts.loss,
			nClasses: opts.nClasses,
			outputs: K,
			baseline,
			trees,
			nBins: mapper.nBins,
			categorical: [...opts.categorical]
		},
		curves,
		completed: stop === 'early-stopping' ? history.length - 1 : completed,
		kept,
		stop,
		threads: job.parts
	};
}

/** scikit-learn's rule: stop when none of the last n scores beats the one before them by more than tol. */
export function shouldStop(losses: readonly number[], n: number, tol: number): boolean {
	if (losses.length < n + 1) return false;
	const reference = losses[losses.length - n - 1] - tol;
	for (let i = losses.length - n; i < losses.length; i++) if (losses[i] < reference) return false;
	return true;
}
