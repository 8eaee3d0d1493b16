import { wasmTreeKernelsFor } from './hist-wasm';
import { ALMOST_INF, type BinMapper } from './binning';
import type { ComputeJob } from '../../compute/pool';
import type { HistLayout } from './hist-histogram';
import { bestOfParts, clearSplits, histKernels, PartitionPhase, StepArg, type HistBuffers } from './hist-kernels';

const runStep = histKernels['hist.step'];
import type { SplitCandidate, SplitRules } from './hist-split';
import type { HistTree } from './hist-tree';

export interface GrowOptions extends SplitRules {
	/** Most leaves per tree (≥ 2). */
	readonly maxLeafNodes: number;
	/** Deepest leaf depth (root: 0); 0 = no limit. */
	readonly maxDepth: number;
	readonly learningRate: number;
}

/** Everything a tree is grown from; the job's buffers are reused from tree to tree. */
export interface GrowInput {
	/** The fit's compute job over `buffers`: histograms and split scans run on its threads. */
	readonly job: ComputeJob;
	readonly buffers: HistBuffers;
	readonly n: number;
	/** Which output's gradients (and hessians) this tree fits. */
	readonly output: number;
	/** The tree's number in the fit (its gradients change with it). */
	readonly tree: number;
	/** false for squared error: every hessian is 1. */
	readonly hasHessians: boolean;
	readonly mapper: BinMapper;
	readonly layout: HistLayout;
	/** This tree may split on buffers.features[0..nFeatures). */
	readonly nFeatures: number;
	/** The tree's rows are buffers.idx[0..size), permuted in place into leaf order; all rows 0..n-1 when `allRows`. */
	readonly size: number;
	readonly allRows: boolean;
	/** Histogram slots in buffers.hists. */
	readonly capacity: number;
	/** Scratch of at least `size` entries. */
	readonly right: Uint32Array;
	/** The calling thread's kernel scratch for the steps and partitions it runs alone: the job's `local`, which its part of every call gets too. */
	readonly local: Record<string, unknown>;
}

/** The rows idx[start..end) fell in leaf `node`. */
export interface LeafRange {
	readonly node: number;
	readonly start: number;
	readonly end: number;
}

interface Growing {
	start: number;
	end: number;
	g: number;
	h: number;
	depth: number;
	/** The slot of this node's histogram, or -1. */
	hist: number;
	split: SplitCandidate | null;
}

/** Below this many histogram cells (rows × features) a step runs in the calling thread alone. */
const INLINE_CELLS = 1 << 13;

/** Nodes of at least this many rows are partitioned on the pool (three calls: count, scatter, copy back). */
const PARALLEL_PARTITION = 1 << 18;

/** Histogram slots a fit needs so that none is ever given up: one per open leaf, the parent and its two children. */
export const histCapacity = (maxLeafNodes: number): number => maxLeafNodes + 2;

/**
 * Grows one tree best-first (leaf-wise, as LightGBM and scikit-learn's TreeGrower). Each
 * split is one call on the job: the smaller child's histogram from its rows, the larger's as
 * parent − smaller (the subtraction trick), and both children's best splits, every thread on
 * its own features.
 */
export async function growTree(input: GrowInput, opts: GrowOptions): Promise<{ tree: HistTree; leaves: LeafRange[] }> {
	const { job, buffers, n, layout, size, mapper } = input;
	const { nBins, thresholds } = mapper;
	const idx = buffers.idx;
	const gradients = buffers.gradients.subarray(input.output * n, (input.output + 1) * n);
	const hessians = input.hasHessians ? buffers.hessians.subarray(input.output * n, (input.output + 1) * n) : null;
	const free: number[] = [];
	for (let s = input.capacity - 1; s >= 0; s--) free.push(s);
	const tree: HistTree = {
		feature: [],
		threshold: [],
		bin: [],
		missingLeft: [],
		left: [],
		right: [],
		value: [],
		categories: [],
		gain: [],
		count: []
	};
	const info: Growing[] = [];
	const open: number[] = [];
	const addNode = (start: number, end: number, g: number, h: number, depth: number): number => {
		tree.feature.push(-1);
		tree.threshold.push(0);
		tree.bin.push(0);
		tree.missingLeft.push(0);
		tree.left.push(-1);
		tree.right.push(-1);
		tree.value.push(0);
		tree.categories.push(null);
		tree.gain.push(0);
		tree.count.push(end - start);
		info.push({ start, end, g, h, depth, hist: -1, split: null });
		return info.length - 1;
	};
	const canSplit = (node: Growing): boolean =>
		node.end - node.start >= 2 * opts.minSamplesLeaf &&
		node.h >= 2 * opts.minHessian &&
		(opts.maxDepth === 0 || node.depth < opts.maxDepth);
	const release = (node: Growing): void => {
		if (node.hist >= 0) free.push(node.hist);
		node.hist = -1;
	};
	// Only when the slots were capped (very many leaves × features): the open leaf with the
	// smallest gain gives its histogram up and is split later without the subtraction trick.
	const take = (): number => {
		const slot = free.pop();
		if (slot !== undefined) return slot;
		let victim = -1;
		for (const id of open) if (info[id].hist >= 0 && (victim < 0 || info[id].split!.gain < info[victim].split!.gain)) victim = id;
		if (victim < 0) throw new Error('histogram boosting ran out of histogram slots');
		const s = info[victim].hist;
		info[victim].hist = -1;
		return s;
	};
	const args = new Float64Array(StepArg.Length);
	args[StepArg.N] = n;
	args[StepArg.GradOffset] = input.output * n;
	args[StepArg.HasHessians] = input.hasHessians ? 1 : 0;
	args[StepArg.Stride] = layout.slots * 3;
	args[StepArg.MinSamplesLeaf] = opts.minSamplesLeaf;
	args[StepArg.L2] = opts.l2;
	args[StepArg.MinHessian] = opts.minHessian;
	args[StepArg.Tree] = input.tree;
	/** One call: build `small` (and `large`), then scan the children asked for; returns their best splits. */
	const step = async (
		small: Growing,
		allRows: boolean,
		evalSmall: boolean,
		large: Growing | null,
		parentSlot: number,
		evalLarge: boolean
	): Promise<[SplitCandidate | null, SplitCandidate | null]> => {
		args[StepArg.SmallSlot] = small.hist;
		args[StepArg.SmallStart] = small.start;
		args[StepArg.SmallEnd] = small.end;
		args[StepArg.AllRows] = allRows ? 1 : 0;
		args[StepArg.EvalSmall] = evalSmall ? 1 : 0;
		args[StepArg.SmallG] = small.g;
		args[StepArg.SmallH] = small.h;
		args[StepArg.SmallN] = small.end - small.start;
		args[StepArg.LargeSlot] = large ? large.hist : -1;
		args[StepArg.ParentSlot] = parentSlot;
		args[StepArg.LargeStart] = large ? large.start : 0;
		args[StepArg.LargeEnd] = large ? large.end : 0;
		args[StepArg.EvalLarge] = evalLarge ? 1 : 0;
		args[StepArg.LargeG] = large ? large.g : 0;
		args[StepArg.LargeH] = large ? large.h : 0;
		args[StepArg.LargeN] = large ? large.end - large.start : 0;
		clearSplits(buffers, job.parts);
		const cells = (small.end - small.start + (large && parentSlot < 0 ? large.end - large.start : 0)) * input.nFeatures;
		// A small node's call is over before a woken thread would start on it: this thread runs
		// it all, as part 0 of every feature (bestOfParts then finds its record alone).
		if (job.parts > 1 && cells < INLINE_CELLS) runStep({ buffers, local: input.local, part: 0, parts: 1 }, 0, input.nFeatures, args);
		else await job.run('hist.step', input.nFeatures, args);
		return [evalSmall ? bestOfParts(buffers, job.parts, 0) : null, evalLarge ? bestOfParts(buffers, job.parts, 1) : null];
	};

	// Root sums straight from the gradients (every row, or this tree's sample).
	let g0 = 0;
	let h0 = 0;
	for (let i = 0; i < size; i++) {
		const r = idx[i];
		g0 += gradients[r];
		h0 += hessians ? hessians[r] : 1;
	}
	const root = addNode(0, size, g0, h0, 0);
	if (canSplit(info[root])) {
		info[root].hist = take();
		[info[root].split] = await step(info[root], input.allRows, true, null, -1, false);
		if (info[root].split) open.push(root);
		else release(info[root]);
	}
	let leaves = 1;
	const goesLeft = buffers.goesLeft;
	// This thread's WebAssembly kernels (the instance its inline steps use), for the partitions it runs alone.
	const wasm = wasmTreeKernelsFor(input.local, buffers.bins, n, layout);
	while (open.length && leaves < opts.maxLeafNodes) {
		let pick = 0;
		for (let k = 1; k < open.length; k++) if (info[open[k]].split!.gain > info[open[pick]].split!.gain) pick = k;
		const id = open.splice(pick, 1)[0];
		const node = info[id];
		const s = node.split!;
		const f = s.feature;
		// One lookup table per split serves numeric and categorical splits alike.
		goesLeft.fill(0);
		if (s.categories) for (const c of s.categories) goesLeft[c] = 1;
		else goesLeft.fill(1, 0, s.bin + 1);
		goesLeft[nBins[f]] = s.missingLeft ? 1 : 0;
		const mid =
			job.parts > 1 && node.end - node.start >= PARALLEL_PARTITION
				? await partitionOnPool(job, buffers, node.start, node.end, f * n)
				: wasm
					? wasm.partition(idx, node.start, node.end, f, goesLeft)
					: partition(idx, node.start, node.end, buffers.bins, f * n, goesLeft, input.right);
		tree.feature[id] = f;
		tree.bin[id] = s.bin;
		tree.threshold[id] = s.categories ? 0 : s.bin < thresholds[f].length ? thresholds[f][s.bin] : ALMOST_INF;
		tree.missingLeft[id] = s.missingLeft ? 1 : 0;
		tree.categories[id] = s.categories;
		tree.gain[id] = s.gain;
		const l = addNode(node.start, mid, s.gLeft, s.hLeft, node.depth + 1);
		const r = addNode(mid, node.end, node.g - s.gLeft, node.h - s.hLeft, node.depth + 1);
		tree.left[id] = l;
		tree.right[id] = r;
		leaves++;
		const splitL = leaves < opts.maxLeafNodes && canSplit(info[l]);
		const splitR = leaves < opts.maxLeafNodes && canSplit(info[r]);
		if (splitL || splitR) {
			const [small, large] = mid - node.start <= node.end - mid ? [l, r] : [r, l];
			const okSmall = small === l ? splitL : splitR;
			const okLarge = large === l ? splitL : splitR;
			info[small].hist = take();
			let parentSlot = -1;
			if (okLarge) {
				if (okSmall) {
					info[large].hist = take();
					parentSlot = node.hist;
				} else if (node.hist >= 0) {
					// Only the larger child may split: its histogram by subtraction, in the parent's slot.
					info[large].hist = parentSlot = node.hist;
					node.hist = -1;
				} else info[large].hist = take();
			}
			const [splitSmall, splitLarge] = await step(info[small], false, okSmall, okLarge ? info[large] : null, parentSlot, okLarge);
			info[small].split = splitSmall;
			info[large].split = splitLarge;
			if (!okSmall) release(info[small]);
			for (const child of [l, r]) {
				if (!info[child].split) release(info[child]);
				else open.push(child);
			}
		}
		release(node);
	}
	const out: LeafRange[] = [];
	const lr = opts.learningRate;
	info.forEach((node, id) => {
		release(node);
		if (tree.feature[id] >= 0) return;
		tree.value[id] = (-lr * node.g) / (node.h + opts.l2 + 1e-15);
		out.push({ node: id, start: node.start, end: node.end });
	});
	return { tree, leaves: out };
}

/** Stable in-place partition of idx[start..end) by the row's bin; returns where the right side starts. */
export function partition(
	idx: Uint32Array,
	start: number,
	end: number,
	bins: Uint8Array,
	colStart: number,
	goesLeft: Uint8Array,
	right: Uint32Array
): number {
	let w = start;
	let nr = 0;
	// Branch-free: each row is written to both sides, and only its own side's cursor moves.
	for (let i = start; i < end; i++) {
		const row = idx[i];
		const left = goesLeft[bins[colStart + row]];
		idx[w] = row;
		right[nr] = row;
		w += left;
		nr += 1 - left;
	}
	idx.set(right.subarray(0, nr), w);
	return w;
}

/** `partition` on the job's threads, by the split in buffers.goesLeft: the same rows in the same order. */
export async function partitionOnPool(job: ComputeJob, buffers: HistBuffers, start: number, end: number, column: number): Promise<number> {
	const args = [PartitionPhase.Count, start, column, end - start];
	await job.run('hist.partition', end - start, args);
	args[0] = PartitionPhase.Scatter;
	await job.run('hist.partition', end - start, args);
	args[0] = PartitionPhase.CopyBack;
	await job.run('hist.partition', end - start, args);
	let left = 0;
	for (let part = 0; part < job.parts; part++) left += buffers.partCounts[part];
	return start + left;
}
