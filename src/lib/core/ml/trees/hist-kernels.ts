import { partRange, type Kernel } from '../../compute/kernel';
import { buildHistogram, buildRootHistogram, subtractHistogram, type HistLayout, type HistSource } from './hist-histogram';
import { findBestSplit, type SplitCandidate, type SplitRules } from './hist-split';
import { computeGradients, rowLosses, type LossKind } from './hist-loss';
import { addTreeBinned, type CompiledTree } from './hist-tree';
import { wasmTreeKernelsFor } from './hist-wasm';

/**
 * Histogram boosting's inner loops as compute-pool kernels. A call's items are the tree's
 * features: each thread owns a run of them, builds their histograms, subtracts and scans
 * them for splits, so no histogram is merged and every feature's numbers are the ones one
 * thread would compute. The best split of each part is left in `splits`; the caller picks
 * among the parts in feature order (`bestOfParts`), which is the order one thread scans in.
 */
export type HistBuffers = {
	/** Bin codes, feature-major: feature f of row r at f * n + r. */
	readonly bins: Uint8Array;
	/** Gradients of every output, output k's at k * n. */
	readonly gradients: Float32Array;
	/** Hessians likewise; empty for squared error (a hessian of 1 per row). */
	readonly hessians: Float32Array;
	/** The tree's rows, permuted into leaf order by the caller between calls. */
	readonly idx: Uint32Array;
	/** The features the current tree may split on (the first `count` of a call). */
	readonly features: Int32Array;
	readonly offsets: Int32Array;
	readonly nBins: Int32Array;
	readonly categorical: Uint8Array;
	/** Histogram slots: slot s is [s * stride, (s + 1) * stride). */
	readonly hists: Float64Array;
	/** Per part and child (small 0, large 1): a split record of SPLIT_FIELDS numbers. */
	readonly splits: Float64Array;
	/** Per part and child: which bins a categorical split sends left (256 bytes). */
	readonly splitCats: Uint8Array;
	/** Raw scores of every output (class-major, as the gradients) and the training targets. */
	readonly raw: Float64Array;
	readonly y: Float64Array;
	/** Each training row's loss at the current scores (summed in row order by the caller). */
	readonly losses: Float64Array;
	/** The validation rows (scored every round): bin codes feature-major, raw scores, targets, row losses. */
	readonly valBins: Uint8Array;
	readonly valRaw: Float64Array;
	readonly valY: Float64Array;
	readonly valLosses: Float64Array;
	/** The tree just grown, as a CompiledTree's arrays (SharedTree), for scoring rows on every thread. */
	readonly treeFeature: Int32Array;
	readonly treeBin: Int32Array;
	readonly treeKids: Int32Array;
	readonly treeMissingKid: Int32Array;
	readonly treeValue: Float64Array;
	readonly treeCatBits: Uint32Array;
	readonly treeIsCat: Uint8Array;
	/** The split being applied: which bins go left (256 entries, the missing bin's included). */
	readonly goesLeft: Uint8Array;
	/** A partition's rows in their new order before they are copied back to idx, and each part's count of rows going left. */
	readonly moved: Uint32Array;
	readonly partCounts: Int32Array;
	/** Its leaves as runs of idx: leaf j holds idx[leafStarts[j]..leafStarts[j + 1]) and adds leafValues[j]. */
	readonly leafStarts: Int32Array;
	readonly leafValues: Float64Array;
};

/** Losses by number, for `gbdt.gradients`'s first argument. */
export const LOSS_CODES: readonly LossKind[] = ['squared', 'binary', 'multiclass'];

export const SPLIT_FIELDS = 8;
export const CAT_BYTES = 256;

/** The arguments of a `hist.step` call, by position. */
export const StepArg = {
	N: 0,
	/** Where this output's gradients start. */
	GradOffset: 1,
	HasHessians: 2,
	Stride: 3,
	/** The child whose histogram is built from its rows. */
	SmallSlot: 4,
	SmallStart: 5,
	SmallEnd: 6,
	/** 1: the small child is every row 0..n-1 (the root of a tree on all rows). */
	AllRows: 7,
	/** -1: no second child. */
	LargeSlot: 8,
	/** The parent's slot (large = parent − small); -1: build the large child from its rows. */
	ParentSlot: 9,
	LargeStart: 10,
	LargeEnd: 11,
	EvalSmall: 12,
	SmallG: 13,
	SmallH: 14,
	SmallN: 15,
	EvalLarge: 16,
	LargeG: 17,
	LargeH: 18,
	LargeN: 19,
	MinSamplesLeaf: 20,
	L2: 21,
	MinHessian: 22,
	/** The tree's number in the fit: the gradients change with it (a thread's copies of them are refreshed). */
	Tree: 23,
	Length: 24
} as const;

interface Scratch {
	og: Float64Array;
	oh: Float64Array;
}

const step: Kernel<HistBuffers> = (job, from, to, a) => {
	const b = job.buffers;
	const n = a[StepArg.N];
	const stride = a[StepArg.Stride];
	const gOff = a[StepArg.GradOffset];
	const src: HistSource = {
		bins: b.bins,
		n,
		gradients: b.gradients.subarray(gOff, gOff + n),
		hessians: a[StepArg.HasHessians] ? b.hessians.subarray(gOff, gOff + n) : null
	};
	const layout: HistLayout = { offsets: b.offsets, slots: stride / 3 };
	const features = b.features.subarray(from, to);
	const hist = (slot: number) => b.hists.subarray(slot * stride, (slot + 1) * stride);
	// The WebAssembly kernel where this thread can run it (the same sums to the bit), else the JavaScript loops.
	const wasm = wasmTreeKernelsFor(job.local, b.bins, n, layout);
	const build = (out: Float64Array, start: number, end: number) => {
		if (wasm) wasm.build(out, src, features, b.idx, start, end, a[StepArg.Tree]);
		else {
			let scratch = job.local.hist as Scratch | undefined;
			if (!scratch || scratch.og.length < n) scratch = job.local.hist = { og: new Float64Array(n), oh: new Float64Array(n) };
			buildHistogram(out, src, layout, features, b.idx, start, end, scratch.og, scratch.oh);
		}
	};
	const small = hist(a[StepArg.SmallSlot]);
	if (!a[StepArg.AllRows]) build(small, a[StepArg.SmallStart], a[StepArg.SmallEnd]);
	else if (wasm) wasm.build(small, src, features, null, 0, n, a[StepArg.Tree]);
	else buildRootHistogram(small, src, layout, features);
	const largeSlot = a[StepArg.LargeSlot];
	const large = largeSlot >= 0 ? hist(largeSlot) : null;
	if (large) {
		const parentSlot = a[StepArg.ParentSlot];
		if (parentSlot >= 0) subtractHistogram(large, hist(parentSlot), small, layout, b.nBins, features);
		else build(large, a[StepArg.LargeStart], a[StepArg.LargeEnd]);
	}
	const rules: SplitRules = { minSamplesLeaf: a[StepArg.MinSamplesLeaf], l2: a[StepArg.L2], minHessian: a[StepArg.MinHessian] };
	const record = (child: 0 | 1, h: Float64Array, g: number, hs: number, count: number) => {
		const split = findBestSplit(h, layout, b.nBins, b.categorical, features, { g, h: hs, n: count }, rules);
		writeSplit(b, job.part * 2 + child, split);
	};
	if (a[StepArg.EvalSmall]) record(0, small, a[StepArg.SmallG], a[StepArg.SmallH], a[StepArg.SmallN]);
	if (large && a[StepArg.EvalLarge]) record(1, large, a[StepArg.LargeG], a[StepArg.LargeH], a[StepArg.LargeN]);
};

function writeSplit(b: HistBuffers, at: number, s: SplitCandidate | null): void {
	const r = at * SPLIT_FIELDS;
	if (!s) {
		b.splits[r] = 0;
		return;
	}
	b.splits[r] = 1;
	b.splits[r + 1] = s.gain;
	b.splits[r + 2] = s.feature;
	b.splits[r + 3] = s.bin;
	b.splits[r + 4] = s.missingLeft ? 1 : 0;
	b.splits[r + 5] = s.gLeft;
	b.splits[r + 6] = s.hLeft;
	b.splits[r + 7] = s.nLeft;
	if (!s.categories) return;
	const mask = b.splitCats.subarray(at * CAT_BYTES, (at + 1) * CAT_BYTES);
	mask.fill(0);
	for (const c of s.categories) mask[c] = 1;
}

/**
 * The best split of one child over all parts: parts hold runs of features in order, and a
 * later part wins only with a strictly larger gain — as in one scan over all features.
 */
export function bestOfParts(b: HistBuffers, parts: number, child: 0 | 1): SplitCandidate | null {
	let best: SplitCandidate | null = null;
	for (let p = 0; p < parts; p++) {
		const at = p * 2 + child;
		const r = at * SPLIT_FIELDS;
		if (!b.splits[r] || (best && !(b.splits[r + 1] > best.gain))) continue;
		const feature = b.splits[r + 2];
		let categories: number[] | null = null;
		if (b.categorical[feature]) {
			categories = [];
			const mask = b.splitCats.subarray(at * CAT_BYTES, (at + 1) * CAT_BYTES);
			for (let c = 0; c < CAT_BYTES; c++) if (mask[c]) categories.push(c);
		}
		best = {
			gain: b.splits[r + 1],
			feature,
			bin: b.splits[r + 3],
			missingLeft: b.splits[r + 4] === 1,
			categories,
			gLeft: b.splits[r + 5],
			hLeft: b.splits[r + 6],
			nLeft: b.splits[r + 7]
		};
	}
	return best;
}

/** Marks every part's records empty before a call (a part with no features writes none). */
export function clearSplits(b: HistBuffers, parts: number): void {
	for (let at = 0; at < parts * 2; at++) b.splits[at * SPLIT_FIELDS] = 0;
}

/** Arguments of `gbdt.gradients`. */
export const GradArg = { Loss: 0, Outputs: 1, Gradients: 2, Losses: 3, Length: 4 } as const;

/** Gradients and hessians (if asked) and row losses (if asked) of rows [from, to): a parallel for over rows. */
const gradients: Kernel<HistBuffers> = ({ buffers: b }, from, to, a) => {
	const loss = LOSS_CODES[a[GradArg.Loss]];
	const K = a[GradArg.Outputs];
	if (a[GradArg.Gradients]) computeGradients(loss, b.y, b.raw, K, b.gradients, b.hessians, from, to, a[GradArg.Losses] ? b.losses : null);
	else if (a[GradArg.Losses]) rowLosses(loss, b.y, b.raw, K, b.losses, from, to);
};

/**
 * Arguments of `gbdt.addTree`. Its items are the training positions or rows (the first
 * TrainItems) and then the validation rows: one call adds a tree everywhere.
 */
export const AddArg = {
	/** Where this output's raw scores start, among the training rows and among the validation rows. */
	Offset: 0,
	ValOffset: 1,
	/** How the training rows get the tree: by their leaf's run of idx, or by walking the tree. */
	Train: 2,
	TrainItems: 3,
	RootLeaf: 4,
	AnyCat: 5,
	Loss: 6,
	Outputs: 7,
	/** 1: the round's last tree, so the validation rows' losses too. */
	Losses: 8,
	Length: 9
} as const;

export const TrainAdd = { Leaves: 0, Walk: 1 } as const;

const addTree: Kernel<HistBuffers> = ({ buffers: b }, from, to, a) => {
	const trainItems = a[AddArg.TrainItems];
	const tree = sharedTreeView(b, a[AddArg.RootLeaf] === 1, a[AddArg.AnyCat] === 1);
	if (from < trainItems) {
		const end = Math.min(to, trainItems);
		if (a[AddArg.Train] === TrainAdd.Leaves) addLeaves(b, a[AddArg.Offset], from, end);
		// A tree grown on a row sample: every training row walks it.
		else addTreeBinned(b.raw, a[AddArg.Offset], tree, b.bins, b.y.length, b.nBins, from, end);
	}
	if (to > trainItems) {
		const start = Math.max(from, trainItems) - trainItems;
		const end = to - trainItems;
		addTreeBinned(b.valRaw, a[AddArg.ValOffset], tree, b.valBins, b.valY.length, b.nBins, start, end);
		if (a[AddArg.Losses]) rowLosses(LOSS_CODES[a[AddArg.Loss]], b.valY, b.valRaw, a[AddArg.Outputs], b.valLosses, start, end);
	}
};

/** Adds each leaf's value to the raw scores of its rows at positions [from, to) of idx (in leaf order), and puts those positions back to 0..n-1. */
function addLeaves(b: HistBuffers, off: number, from: number, to: number): void {
	const { leafStarts: starts, leafValues: values, raw, idx } = b;
	let j = 0;
	while (starts[j + 1] <= from) j++;
	// Leaf by leaf over this part's positions: one value per run, no search per row.
	for (let i = from; i < to; j++) {
		const end = Math.min(to, starts[j + 1]);
		const v = values[j];
		for (; i < end; i++) {
			raw[off + idx[i]] += v;
			// Done with this position: it goes back to row i, so the next tree on all rows starts from 0..n-1.
			idx[i] = i;
		}
	}
}

/** The tree in the job's shared arrays, as the scoring walk reads it. */
function sharedTreeView(b: HistBuffers, rootLeaf: boolean, anyCat: boolean): CompiledTree {
	return {
		feature: b.treeFeature,
		threshold: EMPTY,
		bin: b.treeBin,
		missingLeft: EMPTY_BYTES,
		kids: b.treeKids,
		missingKid: b.treeMissingKid,
		value: b.treeValue,
		catBits: b.treeCatBits,
		isCat: b.treeIsCat,
		anyCat,
		rootLeaf
	};
}
const EMPTY = new Float64Array(0);
const EMPTY_BYTES = new Uint8Array(0);

/** Copies a compiled tree into the job's shared tree arrays (sized for the fit's largest tree). */
export function storeTree(b: HistBuffers, t: CompiledTree): void {
	if (t.feature.length > b.treeFeature.length) throw new Error(`a tree of ${t.feature.length} nodes does not fit the shared tree arrays`);
	b.treeFeature.set(t.feature);
	b.treeBin.set(t.bin);
	b.treeKids.set(t.kids);
	b.treeMissingKid.set(t.missingKid);
	b.treeValue.set(t.value);
	b.treeCatBits.set(t.catBits);
	b.treeIsCat.set(t.isCat);
}

/** `hist.partition`'s phases; its arguments are [phase, first position, start of the split feature's column, positions]. */
export const PartitionPhase = { Count: 0, Scatter: 1, CopyBack: 2 } as const;

/**
 * A stable partition of idx[start..start + count) by goesLeft, in three calls over positions:
 * each part counts its rows going left; each part writes its left rows after the left rows of
 * the parts before it, and its right rows likewise after every left row (into `moved`); then
 * every part copies its positions back. Left rows keep their order, right rows theirs, as in
 * the one-thread partition.
 */
const partitionKernel: Kernel<HistBuffers> = (job, from, to, a) => {
	const b = job.buffers;
	const start = a[1];
	const column = a[2];
	const { idx, moved, bins, goesLeft, partCounts } = b;
	const phase = a[0];
	if (phase === PartitionPhase.Count) {
		let left = 0;
		for (let i = start + from; i < start + to; i++) left += goesLeft[bins[column + idx[i]]];
		partCounts[job.part] = left;
		return;
	}
	if (phase === PartitionPhase.CopyBack) {
		for (let i = start + from; i < start + to; i++) idx[i] = moved[i];
		return;
	}
	let allLeft = 0;
	let leftBefore = 0;
	let rightBefore = 0;
	// Part q's positions are partRange(count, q, parts), as in the counting call.
	const count = a[3];
	for (let q = 0; q < job.parts; q++) {
		allLeft += partCounts[q];
		if (q >= job.part) continue;
		leftBefore += partCounts[q];
		const [qFrom, qTo] = partRange(count, q, job.parts);
		rightBefore += qTo - qFrom - partCounts[q];
	}
	let l = start + leftBefore;
	let r = start + allLeft + rightBefore;
	for (let i = start + from; i < start + to; i++) {
		const row = idx[i];
		if (goesLeft[bins[column + row]]) moved[l++] = row;
		else moved[r++] = row;
	}
};

export const histKernels = {
	'hist.step': step,
	'hist.partition': partitionKernel,
	'gbdt.gradients': gradients,
	'gbdt.addTree': addTree
};
