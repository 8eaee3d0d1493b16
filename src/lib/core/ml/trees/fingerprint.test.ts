import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { fitTree, type TreeOptions, type TreeState } from './cart';
import { fitForest } from './forest';
import { addTreeOutput } from './tree-predict';

/**
 * Speed work on the builder must not change a single split. These fingerprints (node count
 * and a position-weighted sum of the outputs and thresholds) were computed with the first,
 * unoptimised builder on a fixed synthetic set with ties and missing values.
 */
function synthetic(rows: number, cols: number): { X: Matrix; yc: Int32Array; yr: Float64Array } {
	const random = createRandom(42);
	const data = new Float64Array(rows * cols);
	const yc = new Int32Array(rows);
	const yr = new Float64Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < cols; j++) {
			// Column 1 is coarse (many ties); column 2 has 5% missing values.
			let v = random() * 2 - 1;
			if (j === 1) v = Math.round(v * 4) / 4;
			if (j === 2 && random() < 0.05) v = NaN;
			data[i * cols + j] = v;
			if (v === v) s += v * (j + 1) * (j % 2 ? -1 : 1);
		}
		yr[i] = s + random() * 0.5;
		yc[i] = s > 0.5 ? 2 : s + random() > 0 ? 1 : 0;
	}
	return { X: { rows, cols, data }, yc, yr };
}

function fingerprint(trees: readonly TreeState[], X: Matrix): number[] {
	const width = Math.max(1, trees[0].classes);
	const out = new Float64Array(X.rows * width);
	for (const t of trees) addTreeOutput(t, X, out);
	let pred = 0;
	for (let i = 0; i < out.length; i++) pred += out[i] * ((i % 97) + 1);
	let thr = 0;
	let nodes = 0;
	for (const t of trees) {
		nodes += t.feature.length;
		for (let i = 0; i < t.feature.length; i++)
			if (t.feature[i] >= 0) thr += (t.threshold[i] === Number.MAX_VALUE ? 1 : t.threshold[i]) * (t.feature[i] + 1) + t.missingLeft[i];
	}
	return [nodes, pred, thr];
}

const { X, yc, yr } = synthetic(5000, 8);
const base: TreeOptions = { classes: 3, criterion: 'gini', maxDepth: 0, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 8, seed: 3 };

describe('builder fingerprints (unchanged by speed work)', () => {
	it('classification and regression trees', async () => {
		const got = {
			gini: fingerprint([await fitTree(X, yc, base)], X),
			entropy: fingerprint([await fitTree(X, yc, { ...base, criterion: 'entropy', maxFeatures: 3, maxDepth: 9, minSamplesLeaf: 3 })], X),
			regression: fingerprint(
				[await fitTree(X, yr, { ...base, classes: 0, criterion: 'squared_error', maxFeatures: 5, minSamplesSplit: 10 })],
				X
			)
		};
		expect(got).toEqual(EXPECTED_TREES);
	});

	it('forests, with and without bootstrap', async () => {
		const forest = {
			classes: 3,
			criterion: 'gini' as const,
			trees: 4,
			bootstrap: true,
			maxDepth: 12,
			minSamplesSplit: 2,
			minSamplesLeaf: 1,
			maxFeatures: 2,
			seed: 5
		};
		const a = await fitForest(X, yc, forest);
		const b = await fitForest(X, yr, { ...forest, classes: 0, criterion: 'squared_error', bootstrap: false, maxDepth: 0, maxFeatures: 3 });
		const got = { bootstrap: [...fingerprint(a.state.trees, X), a.state.oobScore], plain: fingerprint(b.state.trees, X) };
		expect(got).toEqual(EXPECTED_FORESTS);
	});
});

const EXPECTED_TREES = {
	gini: [1143, 244948, 314.08436099952087],
	entropy: [559, 245214.26163719574, 115.73015128751285],
	regression: [1951, 16699.97116996813, 492.5513465239201]
};
const EXPECTED_FORESTS = {
	bootstrap: [4034, 979843.6157590555, 1338.81899681082, 0.7925784966698383],
	plain: [39996, 85111.28918634867, 14385.938108752947]
};
