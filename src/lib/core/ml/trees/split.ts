/**
 * The exact best split of one node on one feature, as scikit-learn's BestSplitter: scan
 * the node's rows in the feature's presorted order, try every midpoint between distinct
 * values, and score the children with the criterion's proxy (larger is better). Missing
 * values (NaN, sorted last) try both sides, as scikit-learn ≥ 1.3 and LightGBM do.
 */

/** Values closer than this count as equal (scikit-learn's FEATURE_THRESHOLD). */
export const FEATURE_THRESHOLD = 1e-7;

export const Criterion = { Gini: 0, Entropy: 1, SquaredError: 2 } as const;
export type Criterion = (typeof Criterion)[keyof typeof Criterion];

/** What every split search of one tree shares: data, the node's rows in every feature's order, scratch. */
export interface SplitWork {
	/** The tree's rows in each feature's sorted order, `m` per feature; a node owns [start, end) of each. */
	readonly order: Int32Array;
	/**
	 * The float32 feature value at each position of `order`: the scan reads values
	 * sequentially instead of gathering them from columns by row (the cache misses of
	 * the gather dominated the search at 100k rows and more).
	 */
	readonly vals: Float32Array;
	readonly m: number;
	/** Number of features. */
	readonly p: number;
	/**
	 * Classification: the class code at each position of `order`, so the scan reads codes
	 * sequentially too (gathering them by row missed the cache at a million rows). Empty
	 * for regression, and where few features are drawn per split (a forest): there moving
	 * the codes in every partition costs more than gathering them in the few scans.
	 */
	readonly labels: Uint8Array | Int32Array;
	/** Class codes (classification) or values (regression), by row. */
	readonly y: Int32Array | Float64Array;
	/** Integer row weights (bootstrap counts) or null for all ones. */
	readonly w: Int32Array | null;
	readonly classes: number;
	readonly criterion: Criterion;
	/** g(c) for integer class weights: c² (gini) or c·ln c (entropy), so a child's score updates in O(1) per row. */
	readonly g: Float64Array;
	readonly minLeaf: number;
	readonly countL: Int32Array;
	readonly countR: Int32Array;
	readonly countM: Int32Array;
}

/** A node's totals: class weights (classification) or weighted sum and square sum (regression). */
export interface NodeTotals {
	weight: number;
	counts: Int32Array;
	sum: number;
	sumSq: number;
}

export interface Best {
	proxy: number;
	feature: number;
	/** Non-missing rows (in the feature's order) that go left. */
	pos: number;
	threshold: number;
	missingLeft: boolean;
	/** Whether the node had missing values on this feature (else the default side is the larger child). */
	sawMissing: boolean;
}

export const emptyBest = (): Best => ({ proxy: -Infinity, feature: -1, pos: 0, threshold: 0, missingLeft: false, sawMissing: false });

/** Table of g(c) for c = 0..total. */
export function scoreTable(criterion: Criterion, total: number): Float64Array {
	const g = new Float64Array(criterion === Criterion.SquaredError ? 0 : total + 1);
	for (let c = 1; c <= total; c++) g[c] = criterion === Criterion.Gini ? c * c : c * Math.log(c);
	return g;
}

/** Start of the missing values in the node's segment of feature f (NaN sorts last). */
export function missingStart(W: SplitWork, f: number, start: number, end: number): number {
	const base = f * W.m;
	const vals = W.vals;
	let nm = end;
	while (nm > start) {
		const v = vals[base + nm - 1];
		if (v === v) break;
		nm--;
	}
	return nm;
}

function record(best: Best, proxy: number, f: number, pos: number, threshold: number, missingLeft: boolean, sawMissing: boolean): void {
	best.proxy = proxy;
	best.feature = f;
	best.pos = pos;
	best.threshold = threshold;
	best.missingLeft = missingLeft;
	best.sawMissing = sawMissing;
}

/** scikit-learn's threshold: the midpoint, or the lower value where the midpoint rounds onto the upper. */
function midpoint(a: number, b: number): number {
	const t = a / 2 + b / 2;
	return t === b || !Number.isFinite(t) ? a : t;
}

/** Updates `best` if feature f splits better; false when f is constant in the node. */
export function splitFeature(W: SplitWork, f: number, start: number, end: number, node: NodeTotals, best: Best): boolean {
	const nm = missingStart(W, f, start, end);
	if (nm === start) return false;
	const base = f * W.m;
	const lo = W.vals[base + start];
	const hi = W.vals[base + nm - 1];
	if (nm === end && hi <= lo + FEATURE_THRESHOLD) return false;
	if (W.classes > 0) scanClasses(W, f, start, end, nm, node, best);
	else scanValues(W, f, start, end, nm, node, best);
	return true;
}

function scanClasses(W: SplitWork, f: number, start: number, end: number, nm: number, node: NodeTotals, best: Best): void {
	const { order, vals, labels, w, g, countL, countR, countM, minLeaf } = W;
	const K = W.classes;
	const codes = W.y as Int32Array;
	const sorted = labels.length > 0;
	const gini = W.criterion === Criterion.Gini;
	const score = (acc: number, wt: number) => (gini ? acc / wt : acc - g[wt]);
	const base = f * W.m;
	const nMiss = end - nm;
	const total = node.weight;
	countL.fill(0);
	countM.fill(0);
	let wM = 0;
	for (let i = nm; i < end; i++) {
		const s = order[base + i];
		const wt = w ? w[s] : 1;
		countM[sorted ? labels[base + i] : codes[s]] += wt;
		wM += wt;
	}
	let accR = 0;
	for (let k = 0; k < K; k++) {
		countR[k] = node.counts[k];
		accR += g[countR[k]];
	}
	let accL = 0;
	let wL = 0;
	const nodeRows = end - start;
	for (let i = start; i < nm; i++) {
		const s = order[base + i];
		const wt = w ? w[s] : 1;
		const k = sorted ? labels[base + i] : codes[s];
		const cl = countL[k];
		const cr = countR[k];
		accL += g[cl + wt] - g[cl];
		accR += g[cr - wt] - g[cr];
		countL[k] = cl + wt;
		countR[k] = cr - wt;
		wL += wt;
		const nL = i + 1 - start;
		const v = vals[base + i];
		let threshold: number;
		if (i + 1 < nm) {
			const next = vals[base + i + 1];
			if (next <= v + FEATURE_THRESHOLD) continue;
			threshold = NaN;
			if (nL >= minLeaf && nodeRows - nL >= minLeaf) {
				const proxy = score(accL, wL) + score(accR, total - wL);
				if (proxy > best.proxy) record(best, proxy, f, nL, (threshold = midpoint(v, next)), false, nMiss > 0);
			}
			if (nMiss > 0 && nL + nMiss >= minLeaf && nm - start - nL >= minLeaf) {
				let aL = 0;
				let aR = 0;
				for (let c = 0; c < K; c++) {
					aL += g[countL[c] + countM[c]];
					aR += g[countR[c] - countM[c]];
				}
				const proxy = score(aL, wL + wM) + score(aR, total - wL - wM);
				if (proxy > best.proxy) record(best, proxy, f, nL, Number.isNaN(threshold) ? midpoint(v, next) : threshold, true, true);
			}
		} else if (nMiss > 0 && nL >= minLeaf && nMiss >= minLeaf) {
			// Every value left, the missing ones right; the largest finite threshold keeps unseen large values left too.
			const proxy = score(accL, wL) + score(accR, total - wL);
			if (proxy > best.proxy) record(best, proxy, f, nL, Number.MAX_VALUE, false, true);
		}
	}
}

function scanValues(W: SplitWork, f: number, start: number, end: number, nm: number, node: NodeTotals, best: Best): void {
	const { order, vals, w, minLeaf } = W;
	const values = W.y as Float64Array;
	const base = f * W.m;
	const nMiss = end - nm;
	const total = node.weight;
	const sum = node.sum;
	let sM = 0;
	let wM = 0;
	for (let i = nm; i < end; i++) {
		const s = order[base + i];
		const wt = w ? w[s] : 1;
		sM += wt * values[s];
		wM += wt;
	}
	let sL = 0;
	let wL = 0;
	const nodeRows = end - start;
	for (let i = start; i < nm; i++) {
		const s = order[base + i];
		const wt = w ? w[s] : 1;
		sL += wt * values[s];
		wL += wt;
		const nL = i + 1 - start;
		const v = vals[base + i];
		if (i + 1 < nm) {
			const next = vals[base + i + 1];
			if (next <= v + FEATURE_THRESHOLD) continue;
			if (nL >= minLeaf && nodeRows - nL >= minLeaf) {
				const sR = sum - sL;
				const proxy = (sL * sL) / wL + (sR * sR) / (total - wL);
				if (proxy > best.proxy) record(best, proxy, f, nL, midpoint(v, next), false, nMiss > 0);
			}
			if (nMiss > 0 && nL + nMiss >= minLeaf && nm - start - nL >= minLeaf) {
				const a = sL + sM;
				const b = sum - a;
				const proxy = (a * a) / (wL + wM) + (b * b) / (total - wL - wM);
				if (proxy > best.proxy) record(best, proxy, f, nL, midpoint(v, next), true, true);
			}
		} else if (nMiss > 0 && nL >= minLeaf && nMiss >= minLeaf) {
			const sR = sum - sL;
			const proxy = (sL * sL) / wL + (sR * sR) / (total - wL);
			if (proxy > best.proxy) record(best, proxy, f, nL, Number.MAX_VALUE, false, true);
		}
	}
}
