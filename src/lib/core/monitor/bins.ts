/**
 * The samples and bins a drift test reads, made as Evidently makes them: a column's values
 * without its missing ones (numbers sorted), distinct counts, counts per value, numpy's
 * Sturges bins and histogram for numbers with many distinct values, PSI's fill for empty
 * bins, and the bars of the overlaid chart. `drift.ts` picks the test and scores it.
 */

/** A column's values for drift: numbers (NaN = missing; dates as epoch ms) or labels (null = missing; booleans as 'false'/'true'). */
export type DriftValues =
	{ readonly kind: 'number'; readonly values: Float64Array } | { readonly kind: 'category'; readonly values: readonly (string | null)[] };

/** Both distributions over the same bins, as shares of non-missing rows (for the overlaid chart). */
export type DriftDistribution =
	| {
			readonly type: 'histogram';
			readonly edges: readonly number[];
			readonly reference: readonly number[];
			readonly current: readonly number[];
	  }
	| {
			readonly type: 'categories';
			readonly levels: readonly string[];
			readonly reference: readonly number[];
			readonly current: readonly number[];
	  };

/** More distinct reference values than this and numbers are binned (Evidently's get_binned_data). */
const BIN_BY_VALUE_UP_TO = 20;
/** Bars drawn per category chart; the rest are summed into one. */
const CHART_LEVELS = 30;

export type Sample =
	| { readonly kind: 'number'; readonly sorted: Float64Array; readonly missing: number }
	| { readonly kind: 'category'; readonly labels: readonly string[]; readonly missing: number };

export function sampleOf(values: DriftValues): Sample {
	if (values.kind === 'number') {
		let n = 0;
		for (let i = 0; i < values.values.length; i++) if (values.values[i] === values.values[i]) n++;
		const sorted = new Float64Array(n);
		let k = 0;
		for (let i = 0; i < values.values.length; i++) {
			const v = values.values[i];
			if (v === v) sorted[k++] = v;
		}
		sorted.sort();
		return { kind: 'number', sorted, missing: values.values.length - n };
	}
	const labels: string[] = [];
	for (const v of values.values) if (v !== null) labels.push(v);
	return { kind: 'category', labels, missing: values.values.length - labels.length };
}

function distinctSorted(a: Float64Array): number {
	let d = 0;
	for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) d++;
	return d;
}

/** Distinct values of two sorted samples together. */
export function distinctUnion(a: Float64Array, b: Float64Array): number {
	let i = 0;
	let j = 0;
	let d = 0;
	let last = NaN;
	while (i < a.length || j < b.length) {
		const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
		if (v !== last) {
			d++;
			last = v;
		}
	}
	return d;
}

/** Counts per key, keys of both samples in first-seen order (reference first). */
export function countKeys(
	ref: readonly (string | number)[] | Float64Array,
	cur: readonly (string | number)[] | Float64Array
): { keys: (string | number)[]; ref: number[]; cur: number[] } {
	const index = new Map<string | number, number>();
	const keys: (string | number)[] = [];
	const rc: number[] = [];
	const cc: number[] = [];
	const add = (v: string | number, into: number[], other: number[]) => {
		let k = index.get(v);
		if (k === undefined) {
			k = keys.length;
			index.set(v, k);
			keys.push(v);
			into.push(0);
			other.push(0);
		}
		into[k]++;
	};
	for (let i = 0; i < ref.length; i++) add(ref[i], rc, cc);
	for (let i = 0; i < cur.length; i++) add(cur[i], cc, rc);
	return { keys, ref: rc, cur: cc };
}

/** numpy.histogram_bin_edges(values, bins='sturges') over both sorted samples. */
export function sturgesEdges(a: Float64Array, b: Float64Array): number[] {
	const n = a.length + b.length;
	let lo = Math.min(a[0], b[0]);
	let hi = Math.max(a[a.length - 1], b[b.length - 1]);
	let bins: number;
	if (hi === lo) {
		lo -= 0.5;
		hi += 0.5;
		bins = 1;
	} else {
		const width = (hi - lo) / (Math.log2(n) + 1);
		bins = Math.ceil((hi - lo) / width);
	}
	const step = (hi - lo) / bins;
	const edges = new Array<number>(bins + 1);
	for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
	edges[bins] = hi;
	return edges;
}

/** numpy.histogram(values, edges)[0] for equal-width edges, including numpy's edge corrections. */
export function histogramCounts(values: Float64Array, edges: readonly number[]): number[] {
	const bins = edges.length - 1;
	const first = edges[0];
	const last = edges[bins];
	const norm = bins / (last - first);
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v < first || v > last) continue;
		let k = Math.floor((v - first) * norm);
		if (k === bins) k--;
		if (v < edges[k]) k--;
		else if (k !== bins - 1 && v >= edges[k + 1]) k++;
		counts[k]++;
	}
	return counts;
}

/** Evidently's fill for empty bins: 0.0001, or a millionth of the smallest non-zero share when that is ≤ 0.0001. */
export function fillZeroes(shares: number[]): number[] {
	let min = Infinity;
	for (const s of shares) if (s !== 0 && s < min) min = s;
	if (min === Infinity) return shares;
	const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
	return shares.map((s) => (s === 0 ? fill : s));
}

interface Binned {
	readonly reference: number[];
	readonly current: number[];
	readonly distribution: DriftDistribution;
}

function keyLabel(k: string | number): string {
	return typeof k === 'number' ? String(k) : k;
}

/** Shares of both samples over Evidently's bins, and the chart's view of them. */
export function binned(ref: Sample, cur: Sample): Binned {
	if (ref.kind === 'number' && cur.kind === 'number' && distinctSorted(ref.sorted) > BIN_BY_VALUE_UP_TO) {
		const edges = sturgesEdges(ref.sorted, cur.sorted);
		const r = histogramCounts(ref.sorted, edges).map((c) => c / ref.sorted.length);
		const c = histogramCounts(cur.sorted, edges).map((c) => c / cur.sorted.length);
		return { reference: r, current: c, distribution: { type: 'histogram', edges, reference: r, current: c } };
	}
	const counts =
		ref.kind === 'number' && cur.kind === 'number' ? countKeys(ref.sorted, cur.sorted) : countKeys(labelsOf(ref), labelsOf(cur));
	const nr = ref.kind === 'number' ? ref.sorted.length : ref.labels.length;
	const nc = cur.kind === 'number' ? cur.sorted.length : cur.labels.length;
	const r = counts.ref.map((x) => x / nr);
	const c = counts.cur.map((x) => x / nc);
	return { reference: r, current: c, distribution: categoryChart(counts.keys.map(keyLabel), r, c, ref.kind === 'number') };
}

export function labelsOf(s: Sample): readonly (string | number)[] {
	return s.kind === 'category' ? s.labels : Array.from(s.sorted);
}

/** The bars of a category chart: numbers in value order, labels by combined share, the tail summed. */
function categoryChart(levels: string[], ref: number[], cur: number[], numeric: boolean): DriftDistribution {
	const order = levels.map((_, i) => i);
	if (numeric) order.sort((a, b) => Number(levels[a]) - Number(levels[b]));
	else order.sort((a, b) => ref[b] + cur[b] - (ref[a] + cur[a]));
	if (order.length <= CHART_LEVELS)
		return {
			type: 'categories',
			levels: order.map((i) => levels[i]),
			reference: order.map((i) => ref[i]),
			current: order.map((i) => cur[i])
		};
	const kept = order.slice(0, CHART_LEVELS - 1);
	const rest = order.slice(CHART_LEVELS - 1);
	const sum = (xs: number[]) => rest.reduce((s, i) => s + xs[i], 0);
	return {
		type: 'categories',
		levels: [...kept.map((i) => levels[i]), `(${rest.length} other levels)`],
		reference: [...kept.map((i) => ref[i]), sum(ref)],
		current: [...kept.map((i) => cur[i]), sum(cur)]
	};
}
