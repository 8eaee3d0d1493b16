import type { Matrix } from '../matrix';
import { permutationImportance } from '../explain/permutation';
import { createRandom } from '../../util/random';
import { yielder } from '../../util/yield';
import { abortError } from '../../util/abort';

/**
 * Scores a model on rows X: a vector of metrics in a fixed order. `primary` (higher is better)
 * ranks the shuffled features; it need not be one of the reported metrics.
 */
export type MetricsScorer = (X: Matrix) => Promise<{ readonly metrics: readonly number[]; readonly primary: number }>;

export interface StressOptions {
	/** Noise levels in standard deviations of each numeric column, ascending. */
	readonly noise: readonly number[];
	/** Shares of feature cells set missing, ascending, each in (0, 1]. */
	readonly missing: readonly number[];
	readonly shuffle: boolean;
	readonly repeats: number;
	readonly seed: number;
	/** Columns that take noise (numbers; not category codes or booleans). */
	readonly numeric: readonly boolean[];
	/** Per column, what a missing cell becomes; null keeps NaN (models that read NaN themselves). */
	readonly fill: Float64Array | null;
	readonly signal?: AbortSignal;
	readonly progress?: (fraction: number) => void;
}

export type ScenarioKind = 'baseline' | 'noise' | 'missing' | 'shuffle';

export interface Scenario {
	readonly kind: ScenarioKind;
	/** σ for noise, share for missing, the column index for shuffle; 0 for the baseline. */
	readonly level: number;
	/** Metrics averaged over the repeats (the baseline is scored once: it is deterministic). */
	readonly metrics: readonly number[];
}

/**
 * A list of non-negative numbers ("0.05, 0.1 0.25"), sorted and deduplicated. Empty text means
 * no scenarios of that kind. `param` names the inspector field in the error, so the user knows
 * which box to fix.
 */
export function parseLevels(text: string, param: string, max: number): number[] {
	const parts = text.split(/[\s,;]+/).filter((s) => s.length > 0);
	const out: number[] = [];
	for (const s of parts) {
		const v = Number(s);
		if (!Number.isFinite(v) || v <= 0 || v > max)
			throw new Error(`${param}: "${s}" is not a number above 0 and at most ${max}; write a list such as "0.05, 0.1, 0.25"`);
		out.push(v);
	}
	return [...new Set(out)].sort((a, b) => a - b);
}

/** Per-column mean and population std of the finite cells (NaN cells are missing, not zero). */
export function columnStats(X: Matrix): { mean: Float64Array; std: Float64Array } {
	const { rows: n, cols: p, data } = X;
	const mean = new Float64Array(p);
	const std = new Float64Array(p);
	const count = new Float64Array(p);
	for (let i = 0; i < n; i++)
		for (let j = 0; j < p; j++) {
			const v = data[i * p + j];
			if (v === v) {
				mean[j] += v;
				count[j]++;
			}
		}
	for (let j = 0; j < p; j++) mean[j] = count[j] > 0 ? mean[j] / count[j] : 0;
	for (let i = 0; i < n; i++)
		for (let j = 0; j < p; j++) {
			const v = data[i * p + j];
			if (v === v) std[j] += (v - mean[j]) ** 2;
		}
	for (let j = 0; j < p; j++) std[j] = count[j] > 0 ? Math.sqrt(std[j] / count[j]) : 0;
	return { mean, std };
}

/** Standard normal draws by Box–Muller, from a seeded uniform stream. */
export function gaussianField(random: () => number, size: number): Float64Array {
	const z = new Float64Array(size);
	for (let i = 0; i < size; i += 2) {
		// 1 − u keeps the log's argument in (0, 1], so no −∞.
		const r = Math.sqrt(-2 * Math.log(1 - random()));
		const t = 2 * Math.PI * random();
		z[i] = r * Math.cos(t);
		if (i + 1 < size) z[i + 1] = r * Math.sin(t);
	}
	return z;
}

/** X plus level·std_j·z on the numeric columns; missing cells stay missing. */
export function addNoise(X: Matrix, z: Float64Array, level: number, std: Float64Array, numeric: readonly boolean[]): Matrix {
	const { rows: n, cols: p } = X;
	const data = X.data.slice();
	for (let j = 0; j < p; j++) {
		if (!numeric[j] || std[j] === 0) continue;
		const scale = level * std[j];
		for (let i = 0, at = j; i < n; i++, at += p) data[at] += scale * z[at];
	}
	return { rows: n, cols: p, data };
}

/**
 * The first `count` cells of a seeded partial Fisher–Yates over all cells. With the same
 * stream, a smaller count picks a prefix of a larger one's cells, so the missing sets nest
 * across rates and the rates compare like with like.
 */
export function pickCells(random: () => number, cells: number, count: number): Uint32Array {
	const order = new Uint32Array(cells);
	for (let i = 0; i < cells; i++) order[i] = i;
	for (let i = 0; i < count; i++) {
		const k = i + Math.floor(random() * (cells - i));
		const t = order[i];
		order[i] = order[k];
		order[k] = t;
	}
	return order.subarray(0, count);
}

/** X with the given cells missing: NaN, or the column's fill value. */
export function injectMissing(X: Matrix, cells: Uint32Array, fill: Float64Array | null): Matrix {
	const data = X.data.slice();
	for (const c of cells) data[c] = fill ? fill[c % X.cols] : NaN;
	return { rows: X.rows, cols: X.cols, data };
}

function average(list: readonly (readonly number[])[]): number[] {
	return list[0].map((_, m) => list.reduce((s, v) => s + v[m], 0) / list.length);
}

/**
 * The metrics on X, then under each noise level, each missing rate and (optionally) each
 * feature shuffled alone, every perturbation `repeats` times. Noise levels replay the same
 * seeded normal draws scaled by the level, and missing rates nest (see pickCells): common
 * random numbers, so a larger level differs from a smaller one only by being larger.
 * The shuffled scenario is the single feature whose shuffle costs the primary score most.
 */
export async function stressTest(score: MetricsScorer, X: Matrix, o: StressOptions): Promise<Scenario[]> {
	if (!(o.repeats >= 1)) throw new Error('repeats must be at least 1');
	if (X.rows < 2) throw new Error('a stress test needs at least two rows');
	const tick = yielder();
	const check = async () => {
		await tick();
		if (o.signal?.aborted) throw abortError();
	};
	const total = (o.noise.length + o.missing.length) * o.repeats + (o.shuffle ? X.cols * o.repeats + 1 : 0) + 1;
	let done = 0;
	const scored = async (M: Matrix) => {
		const s = await score(M);
		o.progress?.(++done / total);
		return s;
	};
	const base = await scored(X);
	const out: Scenario[] = [{ kind: 'baseline', level: 0, metrics: base.metrics }];
	const { std } = columnStats(X);
	const cells = X.rows * X.cols;
	for (const level of o.noise) {
		const random = createRandom(o.seed);
		const runs: (readonly number[])[] = [];
		for (let r = 0; r < o.repeats; r++) {
			runs.push((await scored(addNoise(X, gaussianField(random, cells), level, std, o.numeric))).metrics);
			await check();
		}
		out.push({ kind: 'noise', level, metrics: average(runs) });
	}
	for (const rate of o.missing) {
		// A different stream from the noise's; the same one for every rate (nested sets).
		const random = createRandom(o.seed ^ 0x5bd1e995);
		const runs: (readonly number[])[] = [];
		for (let r = 0; r < o.repeats; r++) {
			const picked = pickCells(random, cells, Math.round(rate * cells));
			runs.push((await scored(injectMissing(X, picked, o.fill))).metrics);
			await check();
		}
		out.push({ kind: 'missing', level: rate, metrics: average(runs) });
	}
	if (o.shuffle && X.cols > 0) {
		// Permutation importance's shuffles, recording every call's metrics: calls come as the
		// baseline, then feature by feature, repeat by repeat.
		const calls: (readonly number[])[] = [];
		const perm = await permutationImportance(
			async (M) => {
				const s = await scored(M);
				calls.push(s.metrics);
				return s.primary;
			},
			X,
			{ repeats: o.repeats, seed: o.seed, signal: o.signal }
		);
		let worst = 0;
		perm.features.forEach((f, j) => {
			if (f.mean > perm.features[worst].mean) worst = j;
		});
		const at = 1 + worst * o.repeats;
		out.push({ kind: 'shuffle', level: worst, metrics: average(calls.slice(at, at + o.repeats)) });
	}
	return out;
}
