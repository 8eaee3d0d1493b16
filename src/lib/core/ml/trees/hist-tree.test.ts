import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { addTreeRaw, compileTree, type HistTree } from './hist-tree';

/** A full tree of the given depth on p features, thresholds and missing directions drawn from `random`. */
function randomTree(depth: number, p: number, random: () => number): HistTree {
	const tree: { [K in keyof HistTree]: HistTree[K] extends readonly (infer T)[] ? T[] : never } = {
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
	const grow = (level: number): number => {
		const node = tree.feature.length;
		const leaf = level === depth;
		tree.feature.push(leaf ? -1 : Math.floor(random() * p));
		tree.threshold.push(leaf ? 0 : random() * 2 - 1);
		tree.bin.push(0);
		tree.missingLeft.push(random() < 0.5 ? 1 : 0);
		tree.left.push(-1);
		tree.right.push(-1);
		tree.value.push(leaf ? random() - 0.5 : 0);
		tree.categories.push(null);
		tree.gain.push(0);
		tree.count.push(0);
		if (!leaf) {
			tree.left[node] = grow(level + 1);
			tree.right[node] = grow(level + 1);
		}
		return node;
	};
	grow(0);
	return tree;
}

describe('addTreeRaw', () => {
	it('the numeric-only walk (four rows side by side) gives the general walk’s sums, bit for bit, missing values and ragged ranges included', () => {
		const random = createRandom(11);
		const p = 5;
		const rows = 103;
		const data = Float64Array.from({ length: rows * p }, () => (random() < 0.1 ? NaN : random() * 2.4 - 1.2));
		// Values exactly on a threshold go left (x <= threshold).
		const trees = Array.from({ length: 20 }, () => randomTree(4, p, random));
		data[0] = trees[0].threshold[0];
		const X = { rows, cols: p, data };
		const nBins = new Int32Array(p).fill(255);
		for (const [from, to] of [
			[0, rows],
			[1, 98],
			[5, 7]
		]) {
			const fast = new Float64Array(rows);
			const general = new Float64Array(rows);
			for (const tree of trees) {
				const compiled = compileTree(tree);
				expect(compiled.anyCat).toBe(false);
				addTreeRaw(fast, 0, compiled, X, nBins, from, to);
				// The same tree taken for one with categorical splits: the general walk.
				addTreeRaw(general, 0, { ...compiled, anyCat: true }, X, nBins, from, to);
			}
			expect(Array.from(fast)).toEqual(Array.from(general));
			expect(fast.some((v) => v !== 0)).toBe(true);
		}
	});
});
