import type { Config, Dimension, Searcher, SearchOptions, SearchSpace } from './types';

/** The values a grid tries on one dimension, in ascending (or listed) order. */
export function gridLevels(d: Dimension, points: number): (number | string)[] {
	if (d.kind === 'choice') return [...d.values];
	const n = Math.max(1, Math.floor(points));
	const a = d.log ? Math.log(d.min) : d.min;
	const b = d.log ? Math.log(d.max) : d.max;
	const levels: number[] = [];
	for (let i = 0; i < n; i++) {
		const t = n === 1 ? (a + b) / 2 : a + ((b - a) * i) / (n - 1);
		// Exact ends: exp(log(x)) can land one ulp off x.
		let v = i === 0 && n > 1 ? d.min : i === n - 1 && n > 1 ? d.max : d.log ? Math.exp(t) : t;
		if (d.kind === 'int') v = Math.round(v);
		if (!levels.includes(v)) levels.push(v);
	}
	return levels;
}

/**
 * Every combination of the levels, first dimension slowest (lexicographic), until the
 * budget runs out. The product is indexed, not built, so a large grid costs nothing.
 */
export function gridSearch(space: SearchSpace, options: SearchOptions): Searcher {
	const levels = space.map((d) => gridLevels(d, options.gridPoints ?? 4));
	const total = levels.reduce((n, l) => n * l.length, 1);
	const limit = Math.min(total, options.budget);
	let next = 0;
	const at = (index: number): Config => {
		const out: Record<string, number | string> = {};
		for (let j = space.length - 1; j >= 0; j--) {
			const k = levels[j].length;
			out[space[j].name] = levels[j][index % k];
			index = Math.floor(index / k);
		}
		return out;
	};
	return {
		kind: 'grid',
		ask(n: number) {
			const out: Config[] = [];
			while (out.length < n && next < limit) out.push(at(next++));
			return out;
		},
		tell() {
			// The grid is fixed in advance: scores change nothing.
		}
	};
}
