import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { binaryRowsJs, LOGISTIC_CHUNK, partialsLength, runAllChunks, sumPartials, width, type LinearBuffers } from './linear-kernels';
import { logisticWasmAvailable, wasmBinaryRows, wasmValidationRows } from './logistic-wasm';

/**
 * The WebAssembly SIMD pass (logistic.wat) against the JavaScript pass and against the loss
 * and gradient written out row by row with Math.exp / Math.log1p: equal to ~1e-13 of the sum
 * of the terms' sizes (their own sums round in another order), on an even and an odd feature
 * count, rows not a multiple of four.
 */
function problem(n: number, p: number, seed: number) {
	const random = createRandom(seed);
	const X = new Float64Array(n * p);
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < p; j++) X[i * p + j] = (random() * 2 - 1) * (1 + (j % 3));
		y[i] = random() < 0.4 ? 1 : 0;
	}
	// Rows far out on both sides: exp(−|z|) underflows towards 0 (z = ±800) or is tiny (±40).
	for (const [i, s] of [
		[0, 400],
		[1, -400],
		[2, 20],
		[3, -20]
	] as const)
		for (let j = 0; j < p; j++) X[i * p + j] = s / p;
	const w = new Float64Array(p + 1);
	for (let j = 0; j <= p; j++) w[j] = random() * 2 - 1;
	w.fill(0.5, 0, 1);
	return { X, y, w };
}

/** [Σ r·x (p), Σ r, Σ loss] and the sums of the terms' sizes, row by row in plain Math. */
function reference(X: Float64Array, y: Float64Array, w: Float64Array, p: number) {
	const sum = new Float64Array(p + 2);
	const size = new Float64Array(p + 2);
	for (let i = 0; i < y.length; i++) {
		let z = w[p];
		for (let j = 0; j < p; j++) z += w[j] * X[i * p + j];
		const prob = 1 / (1 + Math.exp(-z));
		const r = prob - y[i];
		const loss = y[i] === 1 ? Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0) : Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0);
		for (let j = 0; j < p; j++) {
			sum[j] += r * X[i * p + j];
			size[j] += Math.abs(r * X[i * p + j]);
		}
		sum[p] += r;
		size[p] += Math.abs(r);
		sum[p + 1] += loss;
		size[p + 1] += loss;
	}
	return { sum, size };
}

const buffersOf = (X: Float64Array, y: Float64Array, w: Float64Array, partials: number): LinearBuffers => ({
	X,
	y,
	weights: new Float64Array(0),
	valX: new Float64Array(0),
	valY: new Float64Array(0),
	vec: w,
	partials: new Float64Array(partials)
});

describe('the WebAssembly SIMD logistic pass', () => {
	it('runs here (Node 20 has WebAssembly SIMD), so the fits below take it', () => {
		expect(logisticWasmAvailable()).toBe(true);
	});

	it.each([20, 9])('agrees with the JavaScript pass and with Math row by row (%i features)', (p) => {
		const n = 5003;
		const { X, y, w } = problem(n, p, p);
		const chunks = Math.ceil(n / LOGISTIC_CHUNK);
		const b = buffersOf(X, y, w, partialsLength('logistic.binary', n, p, LOGISTIC_CHUNK));
		const args = [LOGISTIC_CHUNK, n, p, 0];
		runAllChunks(b, 'logistic.binary', chunks, args);
		const wasm = sumPartials(b.partials, chunks, width.binary(p), new Float64Array(p + 2));
		const js = new Float64Array(p + 2);
		binaryRowsJs(b, 0, n, p, js);
		const { sum, size } = reference(X, y, w, p);
		for (let k = 0; k < p + 2; k++) {
			expect(Math.abs(wasm[k] - sum[k])).toBeLessThanOrEqual(1e-13 * size[k]);
			expect(Math.abs(wasm[k] - js[k])).toBeLessThanOrEqual(1e-13 * size[k]);
		}
		// The far rows count: at z = ±400 a row costs 400 (wrong side) or ~0.
		expect(sum[p + 1]).toBeGreaterThan(400);
	});

	it('gives each block of four rows its loss to a few units in the last place (exp and log of fdlibm)', () => {
		// One feature and w = 1: z is the row's value, from −50 to 50, and a lone block per call.
		const out = new Float64Array(3);
		const w = Float64Array.from([1, 0]);
		let worst = 0;
		for (let t = 0; t < 400; t++) {
			const X = Float64Array.from({ length: 4 }, (_, k) => -50 + (t * 4 + k) * 0.0625 + 0.01 * k);
			const y = Float64Array.from([1, 0, 1, 0]);
			expect(wasmBinaryRows({}, X, y, 1, { from: 0, to: 4 }, w, 0, 4, out)).toBe(0);
			const { sum } = reference(X, y, w, 1);
			worst = Math.max(worst, Math.abs(out[2] - sum[2]) / sum[2], Math.abs(out[1] - sum[1]) / Math.max(Math.abs(sum[1]), 1e-300));
		}
		expect(worst).toBeLessThan(1e-14);
	});

	it('stages rows through a window to the same bits as when a thread keeps its rows resident', () => {
		const p = 9;
		const n = 2048 + 13;
		const { X, y, w } = problem(n, p, 5);
		const resident = new Float64Array(p + 2);
		const staged = new Float64Array(p + 2);
		const owner = {};
		expect(wasmBinaryRows(owner, X, y, p, { from: 0, to: n }, w, 0, n, resident)).toBe(1);
		// A range that does not hold the rows: they are copied per call instead.
		expect(wasmBinaryRows(owner, X, y, p, { from: 0, to: 0 }, w, 0, n, staged)).toBe(1);
		expect(staged).toEqual(resident);
		// And the resident copy is used again, not stale: new weights give new sums, equal to staging them.
		w[0] = -w[0];
		wasmBinaryRows(owner, X, y, p, { from: 0, to: n }, w, 0, n, resident);
		wasmBinaryRows({}, X, y, p, { from: 0, to: 0 }, w, 0, n, staged);
		expect(staged).toEqual(resident);
	});

	it('scores validation rows as the JavaScript pass does, skipping gaps and unknown classes', () => {
		const p = 9;
		const n = 1001;
		const { X, y, w } = problem(n, p, 11);
		X[5 * p + 3] = NaN;
		y[8] = -1;
		y[9] = -1;
		const out = new Float64Array(2);
		const left = wasmValidationRows(X, y, p, w, 0, n, out);
		expect(left).toBe(1);
		// The last row by hand, then the whole sum against Math row by row.
		let loss = out[0];
		let counted = out[1];
		const counts = (i: number) => y[i] >= 0 && !X.subarray(i * p, (i + 1) * p).some(Number.isNaN);
		for (let i = n - 1; i < n; i++)
			if (counts(i)) {
				const one = reference(X.subarray(i * p, (i + 1) * p), y.subarray(i, i + 1), w, p);
				loss += one.sum[p + 1];
				counted++;
			}
		let expected = 0;
		let rows = 0;
		for (let i = 0; i < n; i++) {
			if (!counts(i)) continue;
			expected += reference(X.subarray(i * p, (i + 1) * p), y.subarray(i, i + 1), w, p).sum[p + 1];
			rows++;
		}
		expect(rows).toBe(n - 3);
		expect(counted).toBe(rows);
		expect(Math.abs(loss - expected)).toBeLessThan(1e-13 * expected);
		// The same through the pooled kernel's entry (runAllChunks): its JS tail included.
		const b = { ...buffersOf(new Float64Array(0), new Float64Array(0), w, 2 * Math.ceil(n / LOGISTIC_CHUNK)), valX: X, valY: y };
		const chunks = Math.ceil(n / LOGISTIC_CHUNK);
		runAllChunks(b, 'logistic.validation', chunks, [LOGISTIC_CHUNK, n, p, 0]);
		const s = sumPartials(b.partials, chunks, 2, new Float64Array(2));
		expect(s[1]).toBe(rows);
		expect(Math.abs(s[0] - expected)).toBeLessThan(1e-13 * expected);
	});
});
