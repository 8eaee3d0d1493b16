import { describe, expect, it } from 'vitest';
import type { Frame } from '../lib/core/frame/types';
import type { Matrix } from '../lib/core/ml/matrix';
import { fitGbdt, type GbdtFit, type GbdtOptions } from '../lib/core/ml/trees/hist-gbdt';
import { predictRaw } from '../lib/core/ml/trees/hist-predict';
import { createRandom } from '../lib/core/util/random';
import { sharedCopy } from '../lib/core/compute/pool';
import { partition, partitionOnPool } from '../lib/core/ml/trees/hist-grower';
import { binMatrix, binMatrixOnPool, fitBins } from '../lib/core/ml/trees/binning';
import type { HistBuffers } from '../lib/core/ml/trees/hist-kernels';
import { loadSample } from './files';
import { threadPools } from './test-pools';

/**
 * Histogram boosting gives the same model, to the bit, on 1, 2 and 4 threads: every feature's
 * histogram is built by one thread in the same row order, and the best split is picked over
 * the threads' parts in feature order.
 */
const threads = threadPools();

const base: Omit<GbdtOptions, 'loss' | 'nClasses' | 'categorical'> = {
	learningRate: 0.1,
	maxIter: 25,
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
	seed: 3
};

/** The loans sample as a matrix: numbers as they are, categories as codes (categorical features), the decision as 0/1. */
function loansMatrix(frame: Frame): { X: Matrix; y: Int32Array; categorical: boolean[] } {
	const label = frame.columns.find((c) => c.name === 'decision')!;
	const features = frame.columns.filter((c) => c !== label);
	const n = frame.rowCount;
	const p = features.length;
	const data = new Float64Array(n * p);
	features.forEach((c, j) => {
		for (let i = 0; i < n; i++) data[i * p + j] = c.kind === 'number' ? c.values[i] : c.kind === 'category' ? c.codes[i] : NaN;
	});
	if (label.kind !== 'category') throw new Error(`decision read as ${label.kind}`);
	const approved = label.dictionary.indexOf('approved');
	return {
		X: { rows: n, cols: p, data },
		y: Int32Array.from(label.codes, (c) => (c === approved ? 1 : 0)),
		categorical: features.map((c) => c.kind === 'category')
	};
}

/** 20,000 × 9 with missing values, ties and two categorical features, three classes. */
function synthetic(): { X: Matrix; y: Int32Array; categorical: boolean[] } {
	const rows = 20_000;
	const cols = 9;
	const random = createRandom(11);
	const data = new Float64Array(rows * cols);
	const y = new Int32Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < cols; j++) {
			let v = random() * 2 - 1;
			if (j === 1) v = Math.round(v * 4) / 4;
			if (j === 3) v = Math.floor(random() * 6);
			if (j === 7) v = Math.floor(random() * 40);
			if ((j === 2 || j === 3 || j === 5) && random() < 0.07) v = NaN;
			data[i * cols + j] = v;
			if (v === v) s += j === 3 ? (v % 3) - 1 : j === 7 ? ((v * 7) % 5) / 5 - 0.4 : v * (j + 1) * (j % 2 ? -1 : 1);
		}
		y[i] = s > 1 ? 2 : s + random() > 0 ? 1 : 0;
	}
	return { X: { rows, cols, data }, y, categorical: [false, false, false, true, false, false, false, true, false] };
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

async function fitsAgree(X: Matrix, y: ArrayLike<number>, opts: GbdtOptions): Promise<GbdtFit> {
	const one = await fitGbdt(X, y, opts);
	expect(one.threads).toBe(1);
	for (const total of [2, 4]) {
		const many = await fitGbdt(X, y, { ...opts, pool: threads(total) });
		expect(many.threads).toBe(total);
		expect(JSON.stringify(many.state)).toBe(JSON.stringify(one.state));
		expect(many.curves).toEqual(one.curves);
		expect(bits(predictRaw(many.state, X))).toBe(bits(predictRaw(one.state, X)));
	}
	return one;
}

describe('histogram boosting on 1, 2 and 4 threads', () => {
	it('loans sample (categorical sex and employment): the same trees and predictions', async () => {
		const { frame } = await loadSample('loans');
		const { X, y, categorical } = loansMatrix(frame);
		expect(categorical.filter(Boolean)).toHaveLength(2);
		const fit = await fitsAgree(X, y, { ...base, loss: 'binary', nClasses: 2, categorical, minSamplesLeaf: 5 });
		expect(fit.state.trees).toHaveLength(25);
		expect(fit.state.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
	});

	it('multiclass with missing values, row and feature sampling and early stopping', async () => {
		const { X, y, categorical } = synthetic();
		const fit = await fitsAgree(X, y, {
			...base,
			loss: 'multiclass',
			nClasses: 3,
			categorical,
			subsample: 0.8,
			colsample: 0.7,
			earlyStopping: true,
			nIterNoChange: 3
		});
		expect(fit.state.trees.length).toBeGreaterThan(0);
		expect(fit.state.trees[0].missingLeft.some((m) => m === 1)).toBe(true);
	});

	it('regression with a depth limit, and with histogram slots so few that open leaves give theirs up', async () => {
		const { X } = synthetic();
		const yr = Float64Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols] * 3 - (X.data[i * X.cols + 4] > 0 ? 1 : 0));
		const categorical = new Array(X.cols).fill(false);
		await fitsAgree(X, yr, { ...base, loss: 'squared', nClasses: 1, categorical, maxDepth: 4 });
		// Four slots for 63 leaves: splits without the subtraction trick, the same model on any number of threads.
		const stride = X.cols * 256 * 3 * 8;
		const capped = await fitsAgree(X, yr, { ...base, loss: 'squared', nClasses: 1, categorical, maxLeafNodes: 63, histBytes: 4 * stride });
		const free = await fitGbdt(X, yr, { ...base, loss: 'squared', nClasses: 1, categorical, maxLeafNodes: 63 });
		// At most rounding differs (parent − child against a direct sum): the same shape.
		expect(capped.state.trees.map((t) => t.feature.length)).toEqual(free.state.trees.map((t) => t.feature.length));
		expect(capped.curves.loss.at(-1)).toBeCloseTo(free.curves.loss.at(-1)!, 6);
	});
});

describe('the partition of a node on the pool', () => {
	it('puts the same rows in the same order as the one-thread partition, on 2 and 4 threads', async () => {
		const random = createRandom(5);
		const n = 50_000;
		const bins = new Uint8Array(3 * n).map(() => Math.floor(random() * 256));
		// A node's rows: an increasing subset, as after earlier splits, in the middle of idx.
		const rows: number[] = [];
		for (let r = 0; r < n; r++) if (random() < 0.6) rows.push(r);
		const start = 1000;
		const end = start + rows.length - 2000;
		const goesLeft = new Uint8Array(256).map(() => (random() < 0.3 ? 1 : 0));
		const expected = Uint32Array.from(rows);
		const mid = partition(expected, start, end, bins, n, goesLeft, new Uint32Array(n));
		for (const total of [2, 4]) {
			const pool = threads(total);
			const buffers = {
				idx: sharedCopy(pool, Uint32Array, rows),
				moved: pool.alloc(Uint32Array, rows.length),
				bins: sharedCopy(pool, Uint8Array, bins),
				goesLeft: sharedCopy(pool, Uint8Array, goesLeft),
				partCounts: pool.alloc(Int32Array, pool.threads)
			};
			const job = await pool.open(buffers);
			try {
				expect(await partitionOnPool(job, buffers as unknown as HistBuffers, start, end, n)).toBe(mid);
			} finally {
				job.close();
			}
			expect(Array.from(buffers.idx)).toEqual(Array.from(expected));
		}
		// Both sides are there: the split is not trivial.
		expect(mid - start).toBeGreaterThan(1000);
		expect(end - mid).toBeGreaterThan(1000);
	});
});

describe('bin codes on the pool', () => {
	it('are the one-thread codes, missing values and categories included', async () => {
		const { X, categorical } = synthetic();
		const mapper = fitBins(X, categorical, 255, 0);
		const expected = binMatrix(mapper, X);
		for (const total of [2, 4]) {
			const pool = threads(total);
			const codes = await binMatrixOnPool(pool, mapper, X, pool.alloc(Uint8Array, X.rows * X.cols));
			expect(Buffer.from(codes).equals(Buffer.from(expected))).toBe(true);
		}
		// The missing code is in use (features 2, 3 and 5 have missing values).
		expect(expected.subarray(2 * X.rows, 3 * X.rows).includes(mapper.nBins[2])).toBe(true);
	});
});
