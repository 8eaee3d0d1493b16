import { ALMOST_INF, type BinMapper } from './binning';
import { buildHistogram, buildRootHistogram, subtractHistogram, type HistLayout, type HistSource } from './hist-histogram';
import { findBestSplit, type SplitCandidate, type SplitRules } from './hist-split';
import type { HistTree } from './hist-tree';

export interface GrowOptions extends SplitRules {
	/** Most leaves per tree (≥ 2). */
	readonly maxLeafNodes: number;
	/** Deepest leaf depth (root: 0); 0 = no limit. */
	readonly maxDepth: number;
	readonly learningRate: number;
}

/** Everything a tree is grown from; buffers are reused from tree to tree. */
export interface GrowInput {
	readonly src: HistSource;
	readonly mapper: BinMapper;
	readonly layout: HistLayout;
	/** Features this tree may split on. */
	readonly features: Int32Array;
	/** The rows of this tree, permuted in place into leaf order; all rows 0..n-1 when `allRows`. */
	readonly idx: Uint32Array;
	readonly size: number;
	readonly allRows: boolean;
	/** Scratch of at least `size` entries each. */
	readonly scratch: { og: Float64Array; oh: Float64Array; right: Uint32Array };
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
	hist: Float64Array | null;
	split: SplitCandidate | null;
}

/** Grows one tree best-first (leaf-wise, as LightGBM and scikit-learn's TreeGrower). */
export function growTree(input: GrowInput, opts: GrowOptions): { tree: HistTree; leaves: LeafRange[] } {
	const { src, mapper, layout, features, idx, size } = input;
	const { nBins, categorical, thresholds } = mapper;
	const pool: Float64Array[] = [];
	const take = () => pool.pop() ?? new Float64Array(layout.slots * 3);
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
		info.push({ start, end, g, h, depth, hist: null, split: null });
		return info.length - 1;
	};
	const canSplit = (node: Growing): boolean =>
		node.end - node.start >= 2 * opts.minSamplesLeaf &&
		node.h >= 2 * opts.minHessian &&
		(opts.maxDepth === 0 || node.depth < opts.maxDepth);
	const evaluate = (id: number): void => {
		const node = info[id];
		node.split = findBestSplit(node.hist!, layout, nBins, categorical, features, { g: node.g, h: node.h, n: node.end - node.start }, opts);
		if (!node.split) release(node);
	};
	const release = (node: Growing): void => {
		if (node.hist) pool.push(node.hist);
		node.hist = null;
	};

	// Root sums straight from the gradients (every row, or this tree's sample).
	let g0 = 0;
	let h0 = 0;
	for (let i = 0; i < size; i++) {
		const r = idx[i];
		g0 += src.gradients[r];
		h0 += src.hessians ? src.hessians[r] : 1;
	}
	const root = addNode(0, size, g0, h0, 0);
	if (canSplit(info[root])) {
		info[root].hist = take();
		if (input.allRows) buildRootHistogram(info[root].hist!, src, layout, features);
		else buildHistogram(info[root].hist!, src, layout, features, idx, 0, size, input.scratch.og, input.scratch.oh);
		evaluate(root);
	}
	const open: number[] = info[root].split ? [root] : [];
	let leaves = 1;
	const goesLeft = new Uint8Array(256);
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
		const mid = partition(idx, node.start, node.end, src.bins, f * src.n, goesLeft, input.scratch.right);
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
			const smallHist = take();
			buildHistogram(smallHist, src, layout, features, idx, info[small].start, info[small].end, input.scratch.og, input.scratch.oh);
			info[small].hist = smallHist;
			if (splitL && splitR) {
				const largeHist = take();
				subtractHistogram(largeHist, node.hist!, smallHist, layout, nBins, features);
				info[large].hist = largeHist;
			} else if ((large === l && splitL) || (large === r && splitR)) {
				// Only the larger child may split: its histogram by subtraction, the smaller one's is done with.
				subtractHistogram(node.hist!, node.hist!, smallHist, layout, nBins, features);
				info[large].hist = node.hist;
				node.hist = null;
				release(info[small]);
			}
			for (const [child, ok] of [
				[l, splitL],
				[r, splitR]
			] as const) {
				if (!ok) release(info[child]);
				else {
					evaluate(child);
					if (info[child].split) open.push(child);
				}
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
function partition(
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
