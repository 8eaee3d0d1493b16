import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { yielder } from '../../util/yield';
import type { OutputFn } from './partial-dependence';
import { abortError } from '../../util/abort';

/**
 * Model-agnostic KernelSHAP (Lundberg & Lee 2017), following the `shap` package's
 * KernelExplainer: the value of a coalition S is the interventional expectation
 * v(S) = mean over background rows b of f(x_S, b_not-S); Shapley values are the weighted
 * least-squares fit of v over coalitions with the Shapley kernel weights, constrained so that
 * they sum exactly to f(x) − E[f]. Coalitions are all enumerated when the budget allows (then
 * the values are the exact Shapley values of v), else the largest-weight subset sizes are
 * enumerated and the rest sampled in complementary pairs.
 */
export interface KernelShapOptions {
	/** Background rows (features as X): what "a feature left out" is replaced by. */
	readonly background: Matrix;
	/** Coalitions per row at most; shap's default 2M + 2048. */
	readonly maxCoalitions?: number;
	readonly seed?: number;
	readonly signal?: AbortSignal;
	/** Called after each explained row. */
	readonly onRow?: (done: number, total: number) => void;
}

export interface KernelShapResult {
	/** rows × features × outputs, laid out as TreeSHAP's: (i * features + j) * outputs + k. */
	readonly values: Float64Array;
	/** E[f] over the background, per output. */
	readonly expected: Float64Array;
	/** f(x), rows × outputs: expected + the row's values, to rounding. */
	readonly predictions: Float64Array;
	readonly outputs: number;
	/** The most coalitions any row was fitted on. */
	readonly coalitions: number;
	/** True when every row had all its coalitions enumerated (values are exact Shapley values of v). */
	readonly exact: boolean;
}

function binomial(n: number, k: number): number {
	let r = 1;
	for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
	return Math.round(r);
}

/** Coalitions (masks over M features, each a Uint8Array) and their kernel weights. */
export interface Coalitions {
	readonly masks: Uint8Array[];
	readonly weights: number[];
	readonly exact: boolean;
}

/** Every subset of {0..M-1} of the given size, as masks, in lexicographic order. */
function* subsetsOfSize(M: number, size: number): Generator<Uint8Array> {
	const idx = Array.from({ length: size }, (_, i) => i);
	for (;;) {
		const mask = new Uint8Array(M);
		for (const i of idx) mask[i] = 1;
		yield mask;
		let i = size - 1;
		while (i >= 0 && idx[i] === M - size + i) i--;
		if (i < 0) return;
		idx[i]++;
		for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
	}
}

/**
 * shap's KernelExplainer coalition scheme. Subset sizes s and M − s are paired; sizes are
 * enumerated from the ends inwards while the budget times their share of the kernel weight
 * covers every subset of that size; the remaining budget is sampled (size by the remaining
 * weight, members uniformly, each sample with its complement) and repeats add to a sample's
 * weight. Sampled weights are scaled to the kernel weight those sizes carry.
 */
export function coalitions(M: number, budget: number, random: () => number): Coalitions {
	const masks: Uint8Array[] = [];
	const weights: number[] = [];
	if (M < 2) return { masks, weights, exact: true };
	const sizes = Math.ceil((M - 1) / 2);
	const paired = Math.floor((M - 1) / 2);
	const weight = Array.from({ length: sizes }, (_, i) => ((M - 1) / ((i + 1) * (M - i - 1))) * (i < paired ? 2 : 1));
	const total = weight.reduce((a, b) => a + b, 0);
	for (let i = 0; i < sizes; i++) weight[i] /= total;

	let left = budget;
	let full = 0;
	const remaining = weight.slice();
	for (let s = 1; s <= sizes; s++) {
		const n = binomial(M, s) * (s <= paired ? 2 : 1);
		if ((left * remaining[s - 1]) / n < 1 - 1e-8) break;
		full++;
		left -= n;
		if (remaining[s - 1] < 1) {
			const scale = 1 - remaining[s - 1];
			for (let i = 0; i < sizes; i++) remaining[i] /= scale;
		}
		const w = weight[s - 1] / binomial(M, s) / (s <= paired ? 2 : 1);
		for (const mask of subsetsOfSize(M, s)) {
			masks.push(mask);
			weights.push(w);
			if (s <= paired) {
				masks.push(mask.map((v) => 1 - v));
				weights.push(w);
			}
		}
	}
	const fixed = masks.length;
	if (full === sizes) return { masks, weights, exact: true };

	// Each draw adds a sample and (for paired sizes) its complement, so paired sizes count half.
	const rest = weight.slice(full).map((w, i) => (full + i < paired ? w / 2 : w));
	const restTotal = rest.reduce((a, b) => a + b, 0);
	const cumulative: number[] = [];
	rest.reduce((acc, w) => (cumulative.push(acc + w / restTotal), acc + w / restTotal), 0);
	const seen = new Map<string, number>();
	const order = Array.from({ length: M }, (_, i) => i);
	const add = (mask: Uint8Array) => {
		const key = mask.join('');
		const at = seen.get(key);
		if (at !== undefined) weights[at] += 1;
		else {
			seen.set(key, masks.length);
			masks.push(mask);
			weights.push(1);
			left--;
		}
	};
	// shap draws 4 × the budget of sizes and stops there, so a tiny size pool cannot loop forever.
	for (let draws = 4 * Math.max(0, left); left > 0 && draws > 0; draws--) {
		const u = random();
		let pick = cumulative.findIndex((c) => u < c);
		if (pick < 0) pick = cumulative.length - 1;
		const s = full + pick + 1;
		for (let i = 0; i < s; i++) {
			const j = i + Math.floor(random() * (M - i));
			[order[i], order[j]] = [order[j], order[i]];
		}
		const mask = new Uint8Array(M);
		for (let i = 0; i < s; i++) mask[order[i]] = 1;
		add(mask);
		if (left > 0 && s <= paired) add(mask.map((v) => 1 - v));
	}
	const weightLeft = weight.slice(full).reduce((a, b) => a + b, 0);
	let sampled = 0;
	for (let i = fixed; i < weights.length; i++) sampled += weights[i];
	for (let i = fixed; i < weights.length; i++) weights[i] *= weightLeft / sampled;
	return { masks, weights, exact: false };
}

/** Solves A X = B for symmetric positive definite A (n × n) and B (n × k), by Cholesky, in place of B. */
function choleskySolve(A: Float64Array, n: number, B: Float64Array, k: number): void {
	const L = new Float64Array(n * n);
	let scale = 0;
	for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(A[i * n + i]));
	for (let i = 0; i < n; i++)
		for (let j = 0; j <= i; j++) {
			let s = A[i * n + j];
			for (let t = 0; t < j; t++) s -= L[i * n + t] * L[j * n + t];
			if (i === j) {
				if (!(s > 1e-13 * scale))
					throw new Error('KernelSHAP: the sampled coalitions do not pin down every feature; raise the coalition budget');
				L[i * n + i] = Math.sqrt(s);
			} else L[i * n + j] = s / L[j * n + j];
		}
	for (let c = 0; c < k; c++) {
		for (let i = 0; i < n; i++) {
			let s = B[i * k + c];
			for (let t = 0; t < i; t++) s -= L[i * n + t] * B[t * k + c];
			B[i * k + c] = s / L[i * n + i];
		}
		for (let i = n - 1; i >= 0; i--) {
			let s = B[i * k + c];
			for (let t = i + 1; t < n; t++) s -= L[t * n + i] * B[t * k + c];
			B[i * k + c] = s / L[i * n + i];
		}
	}
}

/**
 * The constrained weighted least squares of shap's KernelExplainer: with d = f(x) − E[f],
 * substitute the last varying feature's value d − Σ others, and fit the others by WLS on
 * v(S) − E[f] − z_last·d against z_j − z_last. `ey` is coalitions × K.
 */
function solve(c: Coalitions, ey: Float64Array, K: number, d: Float64Array): Float64Array {
	const M = c.masks[0].length;
	const n = M - 1;
	const last = M - 1;
	const A = new Float64Array(n * n);
	const B = new Float64Array(n * K);
	const row = new Float64Array(n);
	c.masks.forEach((mask, s) => {
		const w = c.weights[s];
		for (let j = 0; j < n; j++) row[j] = mask[j] - mask[last];
		for (let i = 0; i < n; i++) {
			if (row[i] === 0) continue;
			const wi = w * row[i];
			for (let j = 0; j <= i; j++) A[i * n + j] += wi * row[j];
			for (let k = 0; k < K; k++) B[i * K + k] += wi * (ey[s * K + k] - mask[last] * d[k]);
		}
	});
	for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j];
	choleskySolve(A, n, B, K);
	const phi = new Float64Array(M * K);
	phi.set(B);
	for (let k = 0; k < K; k++) {
		let s = 0;
		for (let j = 0; j < n; j++) s += B[j * K + k];
		phi[last * K + k] = d[k] - s;
	}
	return phi;
}

const same = (a: number, b: number) => a === b || (a !== a && b !== b);

/**
 * KernelSHAP values for every row of X. One predict call per explained row, on all its
 * coalitions × background rows at once (predictions may be async: a worker, tfjs).
 * Features whose value in the row equals every background row's get 0, as in shap: leaving
 * them out changes nothing.
 */
export async function kernelShap(f: OutputFn, X: Matrix, o: KernelShapOptions): Promise<KernelShapResult> {
	const bg = o.background;
	const M = X.cols;
	if (bg.cols !== M) throw new Error(`the background rows have ${bg.cols} features; the explained rows have ${M}`);
	if (bg.rows === 0) throw new Error('KernelSHAP needs at least one background row');
	const N = bg.rows;
	const budget = o.maxCoalitions ?? 2 * M + 2048;
	const random = createRandom(o.seed ?? 0);
	const tick = yielder();

	const fBg = await f(bg);
	const K = fBg.length / N;
	const expected = new Float64Array(K);
	for (let b = 0; b < N; b++) for (let k = 0; k < K; k++) expected[k] += fBg[b * K + k] / N;
	const predictions = Float64Array.from(X.rows > 0 ? await f(X) : []);
	const values = new Float64Array(X.rows * M * K);
	let most = 0;
	let exact = true;

	for (let i = 0; i < X.rows; i++) {
		if (o.signal?.aborted) throw abortError();
		const x = X.data.subarray(i * M, (i + 1) * M);
		const varying: number[] = [];
		for (let j = 0; j < M; j++) {
			for (let b = 0; b < N; b++)
				if (!same(bg.data[b * M + j], x[j])) {
					varying.push(j);
					break;
				}
		}
		const d = Float64Array.from({ length: K }, (_, k) => predictions[i * K + k] - expected[k]);
		const out = values.subarray(i * M * K, (i + 1) * M * K);
		if (varying.length === 1) out.set(d, varying[0] * K);
		else if (varying.length > 1) {
			const c = coalitions(varying.length, budget, random);
			most = Math.max(most, c.masks.length);
			exact &&= c.exact;
			// All coalitions × background rows in one matrix: background row b with the coalition's features set to x.
			const S = c.masks.length;
			const data = new Float64Array(S * N * M);
			for (let s = 0; s < S; s++) {
				const mask = c.masks[s];
				for (let b = 0; b < N; b++) {
					const at = (s * N + b) * M;
					data.set(bg.data.subarray(b * M, (b + 1) * M), at);
					for (let v = 0; v < varying.length; v++) if (mask[v]) data[at + varying[v]] = x[varying[v]];
				}
			}
			const fy = await f({ rows: S * N, cols: M, data });
			const ey = new Float64Array(S * K);
			for (let s = 0; s < S; s++) for (let b = 0; b < N; b++) for (let k = 0; k < K; k++) ey[s * K + k] += fy[(s * N + b) * K + k] / N;
			for (let s = 0; s < S; s++) for (let k = 0; k < K; k++) ey[s * K + k] -= expected[k];
			const phi = solve(c, ey, K, d);
			varying.forEach((j, v) => out.set(phi.subarray(v * K, (v + 1) * K), j * K));
		}
		o.onRow?.(i + 1, X.rows);
		await tick();
	}
	return { values, expected, predictions, outputs: K, coalitions: most, exact };
}
