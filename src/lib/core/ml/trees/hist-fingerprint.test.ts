import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { fitBins } from './binning';
import { fitGbdt, type GbdtOptions } from './hist-gbdt';
import { predictRaw } from './hist-predict';

/**
 * Speed work on histogram boosting must not change a single split. These fingerprints
 * (a position-weighted checksum of the predictions, the tree shapes and the loss curves)
 * were computed with the code before any optimisation, on a fixed synthetic 5,000 × 8 set
 * with missing values, ties and a categorical feature.
 */
function synthetic(rows: number): { X: Matrix; y2: Int32Array; y3: Int32Array; yr: Float64Array } {
	const cols = 8;
	const random = createRandom(7);
	const data = new Float64Array(rows * cols);
	const y2 = new Int32Array(rows);
	const y3 = new Int32Array(rows);
	const yr = new Float64Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < cols; j++) {
			let v = random() * 2 - 1;
			if (j === 1) v = Math.round(v * 4) / 4; // coarse: many ties
			if (j === 3) v = Math.floor(random() * 6); // categorical codes 0..5
			if ((j === 2 || j === 3 || j === 5) && random() < 0.07) v = NaN;
			data[i * cols + j] = v;
			if (v === v) s += j === 3 ? (v % 3) - 1 : v * (j + 1) * (j % 2 ? -1 : 1);
		}
		yr[i] = s + random() * 0.5;
		y2[i] = s + random() * 2 > 0 ? 1 : 0;
		y3[i] = s > 1 ? 2 : s + random() > 0 ? 1 : 0;
	}
	return { X: { rows, cols, data }, y2, y3, yr };
}

const base: Omit<GbdtOptions, 'loss' | 'nClasses'> = {
	categorical: [false, false, false, true, false, false, false, false],
	learningRate: 0.1,
	maxIter: 30,
	maxLeafNodes: 31,
	maxDepth: 0,
	minSamplesLeaf: 20,
	l2: 0,
	maxBins: 255,
	earlyStopping: false,
	nIterNoChange: 10,
	tol: 1e-7,
	validationFraction: 0.1,
	subsample: 1,
	colsample: 1,
	seed: 0
};

function checksum(raw: Float64Array): number {
	let s = 0;
	for (let i = 0; i < raw.length; i++) s += raw[i] * ((i % 97) + 1);
	return s;
}

async function fingerprint(opts: GbdtOptions, X: Matrix, y: ArrayLike<number>) {
	const fit = await fitGbdt(X, y, opts);
	let nodes = 0;
	let shape = 0;
	for (const t of fit.state.trees) {
		nodes += t.feature.length;
		t.feature.forEach(
			(f, i) => (shape += (f + 1) * (i + 1) + t.bin[i] + t.missingLeft[i] * 7 + (t.categories[i]?.reduce((a, c) => a + c + 1, 0) ?? 0))
		);
	}
	const sum = (a: number[] | undefined) => (a ?? []).reduce((x, v, i) => x + v * (i + 1), 0);
	return {
		nodes,
		shape,
		raw: checksum(predictRaw(fit.state, X)),
		loss: sum(fit.curves.loss),
		val: sum(fit.curves.val_loss),
		kept: fit.kept
	};
}

describe('histogram boosting fingerprints', () => {
	const { X, y2, y3, yr } = synthetic(5000);

	it('binary log-loss', async () => {
		const f = await fingerprint({ ...base, loss: 'binary', nClasses: 2 }, X, y2);
		expect(f).toEqual(BINARY);
	});

	it('multiclass with row and feature sampling and early stopping', async () => {
		const f = await fingerprint(
			{ ...base, loss: 'multiclass', nClasses: 3, subsample: 0.7, colsample: 0.6, earlyStopping: true, maxIter: 40, nIterNoChange: 3 },
			X,
			y3
		);
		expect(f).toEqual(MULTI);
	});

	it('squared error with a depth limit and l2', async () => {
		const f = await fingerprint({ ...base, loss: 'squared', nClasses: 1, maxDepth: 4, l2: 1, maxBins: 64 }, X, yr);
		expect(f).toEqual(SQUARED);
	});

	it('bin edges, on all rows and on a subsample of them', () => {
		const sums = [5000, 1000].map((sub) => {
			const m = fitBins(X, base.categorical, 255, 3, sub);
			return (
				m.thresholds.reduce((a, t, j) => a + t.reduce((x, v, i) => x + v * (i + 1), 0) * (j + 1), 0) + m.nBins.reduce((a, b) => a + b, 0)
			);
		});
		expect(sums).toEqual(EDGES);
	});
});

const BINARY = { kept: 30, loss: 106.19685199677163, nodes: 1830, raw: 111252.64367353913, shape: 211613, val: 0 };
const MULTI = { kept: 40, loss: 203.40348159896777, nodes: 7320, raw: -144459.15104705576, shape: 781717, val: 336.9027568931451 };
const SQUARED = { kept: 30, loss: 4888.554822494798, nodes: 928, raw: 73824.40902003177, shape: 37930, val: 0 };
const EDGES = [322588.98488180735, 322996.1274507665];
