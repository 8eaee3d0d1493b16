import { createRandom, shuffleInPlace } from '../../util/random';

/** How rows are dealt into cross-validation folds. */
export type FoldScheme = 'k-fold' | 'stratified' | 'grouped' | 'time-series';

/**
 * Fold of each row (0..k-1), or -1 for a row that is never held out (time-series' first
 * block only trains). `labels`: class codes for stratified; `groups`: group ids for grouped.
 */
export function assignFolds(
	n: number,
	k: number,
	scheme: FoldScheme,
	opts: { seed?: number; labels?: Int32Array; groups?: Int32Array } = {}
): Int32Array {
	if (!Number.isInteger(k) || k < 2) throw new Error(`folds: need at least 2 folds, got ${k}`);
	const fold = new Int32Array(n).fill(-1);
	const random = createRandom(opts.seed ?? 0);
	if (scheme === 'k-fold') {
		if (n < k) throw new Error(`folds: ${n} rows cannot make ${k} folds`);
		const order = shuffleInPlace(
			Int32Array.from({ length: n }, (_, i) => i),
			random
		);
		order.forEach((row, i) => (fold[row] = i % k));
	} else if (scheme === 'stratified') {
		const labels = opts.labels;
		if (!labels || labels.length !== n) throw new Error('folds: stratified folds need a class for every row');
		// Deal each class's shuffled rows round-robin, continuing where the last class stopped,
		// so every fold gets each class in proportion and the fold sizes stay within one row.
		const byClass = new Map<number, number[]>();
		labels.forEach((c, i) => byClass.get(c)?.push(i) ?? byClass.set(c, [i]));
		let next = 0;
		for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
			for (const row of shuffleInPlace(byClass.get(c)!, random)) fold[row] = next++ % k;
		}
	} else if (scheme === 'grouped') {
		const groups = opts.groups;
		if (!groups || groups.length !== n) throw new Error('folds: grouped folds need a group for every row');
		const sizes = new Map<number, number>();
		for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
		if (sizes.size < k) throw new Error(`folds: ${sizes.size} groups cannot make ${k} folds`);
		// As scikit-learn's GroupKFold: largest groups first, each into the lightest fold.
		const load = new Array<number>(k).fill(0);
		const foldOf = new Map<number, number>();
		for (const [g, size] of [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
			const f = load.indexOf(Math.min(...load));
			foldOf.set(g, f);
			load[f] += size;
		}
		groups.forEach((g, i) => (fold[i] = foldOf.get(g)!));
	} else {
		// As scikit-learn's TimeSeriesSplit: k+1 blocks in row order; fold f trains on the
		// blocks before block f+1 and validates on it, so the past never sees the future.
		const block = Math.floor(n / (k + 1));
		if (block < 1) throw new Error(`folds: ${n} rows cannot make ${k} time-series folds`);
		const first = n - k * block;
		for (let i = first; i < n; i++) fold[i] = Math.floor((i - first) / block);
	}
	return fold;
}

/** Rows a fold trains on: every other fold, or (time series) every earlier row. */
export function trainingRowsOf(fold: Int32Array, f: number, scheme: FoldScheme): Uint32Array {
	const rows: number[] = [];
	for (let i = 0; i < fold.length; i++) {
		if (scheme === 'time-series' ? fold[i] < f : fold[i] !== f && fold[i] >= 0) rows.push(i);
	}
	return Uint32Array.from(rows);
}
