/**
 * Gradient histograms: per feature, per bin (missing bin last), the sums of gradients,
 * hessians and the row count, interleaved [g, h, count] so one bin update touches one
 * cache line.
 */
export interface HistLayout {
	/** First slot of each feature; feature f owns nBins[f] + 1 slots (its missing bin last). */
	readonly offsets: Int32Array;
	/** Slots in all; a histogram is a Float64Array of 3 × slots. */
	readonly slots: number;
}

export function histLayout(nBins: readonly number[]): HistLayout {
	const offsets = new Int32Array(nBins.length);
	let slots = 0;
	for (let f = 0; f < nBins.length; f++) {
		offsets[f] = slots;
		slots += nBins[f] + 1;
	}
	return { offsets, slots };
}

/** The rows a histogram is built over and their gradients. */
export interface HistSource {
	/** Bin codes, column-major: feature f of row r at f * n + r. */
	readonly bins: Uint8Array;
	readonly n: number;
	readonly gradients: Float32Array;
	/** null when every hessian is 1 (squared error): the count stands in for it. */
	readonly hessians: Float32Array | null;
}

/** Zeroes the slots of `features` (other features' slots may belong to another thread). */
function clearFeatures(out: Float64Array, layout: HistLayout, features: Int32Array): void {
	const slots = layout.offsets;
	for (let k = 0; k < features.length; k++) {
		const f = features[k];
		const end = f + 1 < slots.length ? slots[f + 1] : layout.slots;
		out.fill(0, slots[f] * 3, end * 3);
	}
}

/**
 * Fills the slots of `features` in `out` with the histogram of rows idx[start..end). `og`/`oh` are
 * scratch buffers: the gradients are gathered into node order first (as scikit-learn), so
 * the per-feature loops read them sequentially.
 */
export function buildHistogram(
	out: Float64Array,
	src: HistSource,
	layout: HistLayout,
	features: Int32Array,
	idx: Uint32Array,
	start: number,
	end: number,
	og: Float64Array,
	oh: Float64Array
): void {
	clearFeatures(out, layout, features);
	const { bins, n, gradients, hessians } = src;
	const m = end - start;
	if (hessians === null) {
		buildUnitHessian(out, bins, n, layout.offsets, features, idx, start, m, gradients, og);
		hessiansFromCounts(out, layout, features);
		return;
	}
	for (let i = 0; i < m; i++) {
		const r = idx[start + i];
		og[i] = gradients[r];
		oh[i] = hessians[r];
	}
	// Four features per pass: each row's index and gradients are loaded once for four columns.
	const offsets = layout.offsets;
	let k = 0;
	for (; k + 3 < features.length; k += 4) {
		const c0 = features[k] * n;
		const c1 = features[k + 1] * n;
		const c2 = features[k + 2] * n;
		const c3 = features[k + 3] * n;
		const b0 = offsets[features[k]] * 3;
		const b1 = offsets[features[k + 1]] * 3;
		const b2 = offsets[features[k + 2]] * 3;
		const b3 = offsets[features[k + 3]] * 3;
		for (let i = 0; i < m; i++) {
			const r = idx[start + i];
			const gv = og[i];
			const hv = oh[i];
			let s = b0 + bins[c0 + r] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b1 + bins[c1 + r] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b2 + bins[c2 + r] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b3 + bins[c3 + r] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
		}
	}
	// Two left (a thread's run of features is often 4j + 2): a pass for both.
	if (k + 1 < features.length) {
		const c0 = features[k] * n;
		const c1 = features[k + 1] * n;
		const b0 = offsets[features[k]] * 3;
		const b1 = offsets[features[k + 1]] * 3;
		for (let i = 0; i < m; i++) {
			const r = idx[start + i];
			const gv = og[i];
			const hv = oh[i];
			let s = b0 + bins[c0 + r] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b1 + bins[c1 + r] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
		}
		k += 2;
	}
	for (; k < features.length; k++) {
		const colStart = features[k] * n;
		const base = offsets[features[k]] * 3;
		for (let i = 0; i < m; i++) {
			const s = base + bins[colStart + idx[start + i]] * 3;
			out[s] += og[i];
			out[s + 1] += oh[i];
			out[s + 2] += 1;
		}
	}
}

/**
 * buildHistogram's loops when every hessian is 1 (squared error): gradients and counts only,
 * a third fewer memory updates per row; the hessian sums are the counts (hessiansFromCounts).
 * `idx` null: every row 0..n-1, in order (the root of a tree on all rows).
 */
function buildUnitHessian(
	out: Float64Array,
	bins: Uint8Array,
	n: number,
	offsets: Int32Array,
	features: Int32Array,
	idx: Uint32Array | null,
	start: number,
	m: number,
	gradients: Float32Array,
	og: Float64Array | null
): void {
	if (idx && og) for (let i = 0; i < m; i++) og[i] = gradients[idx[start + i]];
	for (let k = 0; k < features.length; k++) {
		const col = features[k] * n;
		const base = offsets[features[k]] * 3;
		// Two loops, each over one kind of array, so each stays monomorphic.
		if (idx && og)
			for (let i = 0; i < m; i++) {
				const s = base + bins[col + idx[start + i]] * 3;
				out[s] += og[i];
				out[s + 2] += 1;
			}
		else
			for (let i = 0; i < m; i++) {
				const s = base + bins[col + i] * 3;
				out[s] += gradients[i];
				out[s + 2] += 1;
			}
	}
}

/** With unit hessians each bin's hessian sum is its count: the same number adding 1 per row would give. */
function hessiansFromCounts(out: Float64Array, layout: HistLayout, features: Int32Array): void {
	const slots = layout.offsets;
	for (let k = 0; k < features.length; k++) {
		const f = features[k];
		const end = f + 1 < slots.length ? slots[f + 1] : layout.slots;
		for (let s = slots[f] * 3; s < end * 3; s += 3) out[s + 1] = out[s + 2];
	}
}

/** Root histogram over every row 0..n-1: no index indirection, no gather, four features per pass. */
export function buildRootHistogram(out: Float64Array, src: HistSource, layout: HistLayout, features: Int32Array): void {
	clearFeatures(out, layout, features);
	const { bins, n, gradients, hessians } = src;
	if (hessians === null) {
		buildUnitHessian(out, bins, n, layout.offsets, features, null, 0, n, gradients, null);
		hessiansFromCounts(out, layout, features);
		return;
	}
	const offsets = layout.offsets;
	let k = 0;
	for (; k + 3 < features.length; k += 4) {
		const c0 = bins.subarray(features[k] * n, (features[k] + 1) * n);
		const c1 = bins.subarray(features[k + 1] * n, (features[k + 1] + 1) * n);
		const c2 = bins.subarray(features[k + 2] * n, (features[k + 2] + 1) * n);
		const c3 = bins.subarray(features[k + 3] * n, (features[k + 3] + 1) * n);
		const b0 = offsets[features[k]] * 3;
		const b1 = offsets[features[k + 1]] * 3;
		const b2 = offsets[features[k + 2]] * 3;
		const b3 = offsets[features[k + 3]] * 3;
		for (let i = 0; i < n; i++) {
			const gv = gradients[i];
			const hv = hessians[i];
			let s = b0 + c0[i] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b1 + c1[i] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b2 + c2[i] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b3 + c3[i] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
		}
	}
	if (k + 1 < features.length) {
		const c0 = bins.subarray(features[k] * n, (features[k] + 1) * n);
		const c1 = bins.subarray(features[k + 1] * n, (features[k + 1] + 1) * n);
		const b0 = offsets[features[k]] * 3;
		const b1 = offsets[features[k + 1]] * 3;
		for (let i = 0; i < n; i++) {
			const gv = gradients[i];
			const hv = hessians[i];
			let s = b0 + c0[i] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
			s = b1 + c1[i] * 3;
			out[s] += gv;
			out[s + 1] += hv;
			out[s + 2] += 1;
		}
		k += 2;
	}
	for (; k < features.length; k++) {
		const col = bins.subarray(features[k] * n, (features[k] + 1) * n);
		const base = offsets[features[k]] * 3;
		for (let i = 0; i < n; i++) {
			const s = base + col[i] * 3;
			out[s] += gradients[i];
			out[s + 1] += hessians[i];
			out[s + 2] += 1;
		}
	}
}

/** The histogram subtraction trick: sibling = parent − child, for the features in use. */
export function subtractHistogram(
	out: Float64Array,
	parent: Float64Array,
	child: Float64Array,
	layout: HistLayout,
	nBins: ArrayLike<number>,
	features: Int32Array
): void {
	for (let k = 0; k < features.length; k++) {
		const f = features[k];
		const from = layout.offsets[f] * 3;
		const to = from + (nBins[f] + 1) * 3;
		for (let s = from; s < to; s++) out[s] = parent[s] - child[s];
	}
}
