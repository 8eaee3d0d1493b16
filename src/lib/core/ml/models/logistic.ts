import type { Matrix } from '../matrix';
import { assertFinite } from '../matrix';
import { yielder } from '../../util/yield';
import { argmaxRows } from './argmax';
import { rowWeights, type ClassWeight } from './class-weights';
import { binaryObjective, binaryValidationLoss, meanLogLoss, multinomialObjective } from './logistic-objective';
import { LOGISTIC_CHUNK, openRowPasses, partialsLength, rowPassesHere } from './linear-kernels';
import type { ComputePool } from '../../compute/pool';
import { minimizeOwlqn, minimizeOwlqnAsync, type IterationStep, type OwlqnOptions, type OwlqnResult } from './owlqn';
import type { SmoothObjective } from './logistic-objective';

export type LogisticPenalty = 'none' | 'l2' | 'l1' | 'elasticnet';

export interface LogisticOptions {
	/** Default 'l2', as sklearn. */
	penalty?: LogisticPenalty;
	/** Inverse regularisation strength, as sklearn's C (default 1). */
	C?: number;
	/** Share of L1 in the elastic net (sklearn's l1_ratio), default 0.5. */
	l1Ratio?: number;
	classWeight?: ClassWeight;
	/** Per-row weights, multiplied with the class weights (sklearn's sample_weight). */
	sampleWeight?: ArrayLike<number>;
	/** Quasi-Newton iterations, default 100 (sklearn's max_iter). */
	maxIter?: number;
	/** Gradient tolerance as sklearn's tol (on the summed objective), default 1e-4. */
	tol?: number;
	/** Ends the fit after the current iteration with converged: false (seen between iterations by fitLogisticAsync). */
	signal?: AbortSignal;
	/** Rows to report a validation log-loss on after each iteration (class codes; -1 skipped). */
	validation?: { X: Matrix; y: Int32Array };
	/**
	 * loss = the objective actually minimised (mean weighted log-loss + penalty / (C·n));
	 * valLoss = mean log-loss on the validation rows, when given.
	 */
	onIteration?: (iteration: number, loss: number, valLoss?: number) => void;
}

/** Plain JSON. Binary models have one coefficient row (the positive class, code 1), like sklearn. */
export interface LogisticState {
	classes: number;
	coef: number[][];
	intercept: number[];
	iterations: number;
	converged: boolean;
}

/**
 * Regularised logistic regression, the same model as sklearn's LogisticRegression(C, penalty,
 * l1_ratio, class_weight): binary sigmoid for 2 classes, full multinomial softmax (k coefficient
 * rows) above that — for every penalty —, intercepts unpenalised.
 *
 * sklearn states the objective as C·Σ sᵢ·logloss + r(W), r = ½‖W‖² (l2), ‖W‖₁ (l1) or
 * l1_ratio‖W‖₁ + ½(1 − l1_ratio)‖W‖² (elastic net). Like sklearn ≥ 1.1 we minimise it divided
 * by C·n, which has the same minimiser but a gradient whose scale does not grow with n, so
 * `tol` means the same thing for 100 or 100,000 rows. The smooth part is minimised by L-BFGS;
 * the L1 part by its orthant-wise variant (OWL-QN), which reaches the exact optimum that
 * sklearn's saga approaches, exact zeros included.
 */
export function fitLogistic(X: Matrix, y: Int32Array, k: number, opts: LogisticOptions = {}): LogisticState {
	const prob = setUp(X, y, k, opts);
	const objective = k === 2 ? binaryObjective(rowPassesHere(X, y, prob.sw, binarySizes(X)), prob.lambda).here : multinomial(X, y, k, prob);
	return stateOf(minimizeOwlqn(objective, prob.x0, prob.solver), prob);
}

/**
 * The same fit, letting the event loop turn between iterations so that a worker sees Cancel.
 * With `pool`, a binary fit's passes over the rows run on its threads: the same coefficients,
 * to the bit, as in this thread.
 */
export async function fitLogisticAsync(
	X: Matrix,
	y: Int32Array,
	k: number,
	opts: LogisticOptions & { readonly pool?: ComputePool } = {}
): Promise<LogisticState> {
	const prob = setUp(X, y, k, opts);
	if (k !== 2) return stateOf(await minimizeOwlqnAsync(multinomial(X, y, k, prob), prob.x0, prob.solver, yielder()), prob);
	// The validation curve's forward pass runs on the pool too, between iterations.
	const v = opts.validation?.X.rows ? opts.validation : null;
	const passes = await openRowPasses(opts.pool, X, y, prob.sw, binarySizes(X, v?.X.rows ?? 0), v);
	try {
		const tick = yielder();
		const valLoss = v ? binaryValidationLoss(passes) : null;
		const solver: OwlqnOptions = { ...prob.solver, onIteration: undefined };
		const between = async (step: IterationStep) => {
			if (opts.onIteration) opts.onIteration(step.iteration, step.f, valLoss ? await valLoss(step.x) : undefined);
			await tick();
		};
		return stateOf(await minimizeOwlqnAsync(binaryObjective(passes, prob.lambda).evaluate, prob.x0, solver, between), prob);
	} finally {
		passes.close();
	}
}

/** Buffers of a binary fit: w and b; partials for the wider of its passes (training rows, validation rows). */
const binarySizes = (X: Matrix, validationRows = 0) => ({
	vec: X.cols + 1,
	partials: Math.max(
		partialsLength('logistic.binary', X.rows, X.cols, LOGISTIC_CHUNK),
		partialsLength('logistic.validation', validationRows, X.cols, LOGISTIC_CHUNK)
	)
});
const multinomial = (X: Matrix, y: Int32Array, k: number, prob: Problem): SmoothObjective =>
	multinomialObjective(X, y, k, prob.sw, prob.lambda);

interface Problem {
	/** Row weights (null: every row weighs 1) and the L2 strength of the smooth part. */
	sw: Float64Array | null;
	lambda: number;
	x0: Float64Array;
	solver: OwlqnOptions;
	k: number;
	p: number;
}

function setUp(X: Matrix, y: Int32Array, k: number, opts: LogisticOptions): Problem {
	const C = opts.C ?? 1;
	const penalty = opts.penalty ?? 'l2';
	if (!(C > 0)) throw new Error(`Logistic regression: C must be > 0, got ${C}`);
	const l1Ratio = penalty === 'l1' ? 1 : penalty === 'elasticnet' ? (opts.l1Ratio ?? 0.5) : 0;
	if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new Error(`Logistic regression: l1 ratio must be in [0, 1], got ${l1Ratio}`);
	if (k < 2) throw new Error('Logistic regression needs at least 2 classes');
	if (y.length !== X.rows) throw new Error(`Logistic regression: ${y.length} labels for ${X.rows} rows`);
	if (X.rows === 0) throw new Error('Logistic regression: no training rows');
	if (!allFinite(X.data)) assertFinite(X, 'X');
	for (let i = 0; i < y.length; i++) {
		if (y[i] < 0 || y[i] >= k) throw new Error(`Logistic regression: label ${y[i]} at row ${i} is outside 0..${k - 1}`);
	}
	const sw = rowWeights(y, k, opts.classWeight, opts.sampleWeight);
	const n = X.rows;
	const p = X.cols;
	const scale = penalty === 'none' ? 0 : 1 / (C * n);
	const rows = k === 2 ? 1 : k;
	const solver: OwlqnOptions = {
		l1: scale * l1Ratio,
		penalised: rows * p,
		maxIter: opts.maxIter ?? 100,
		// sklearn ≤ 1.2 (our reference) applies tol to the gradient of the summed objective; on the
		// mean objective that is tol / n. Looser (tol on the mean) stops ~0.5% short of the optimum.
		gtol: (opts.tol ?? 1e-4) / n,
		// scipy's default ftol, which sklearn 1.2 leaves in place and which usually ends its fits
		// first. It is relative to max(|f|, 1) on sklearn's summed objective, i.e. to
		// max(|f|, 1/n) on our mean: the same test, so both stop after about as many iterations.
		// A tighter tol than sklearn's default tightens it in proportion, so tol still means "closer".
		ftol: 2.220446049250313e-9 * Math.min(1, (opts.tol ?? 1e-4) / 1e-4),
		fScale: 1 / n,
		signal: opts.signal,
		onIteration:
			opts.onIteration &&
			((it, f, x) => {
				const v = opts.validation;
				opts.onIteration?.(it, f, v && v.X.rows ? meanLogLoss(v.X, v.y, k, x) : undefined);
			})
	};
	return { sw, lambda: scale * (1 - l1Ratio), x0: new Float64Array(rows * (p + 1)), solver, k, p };
}

/** True when no value is NaN or ±Infinity (x·0 is NaN exactly for those), four lanes at a time. */
function allFinite(v: Float64Array): boolean {
	let s0 = 0;
	let s1 = 0;
	let s2 = 0;
	let s3 = 0;
	const tail = v.length - (v.length % 4);
	for (let i = 0; i < tail; i += 4) {
		s0 += v[i] * 0;
		s1 += v[i + 1] * 0;
		s2 += v[i + 2] * 0;
		s3 += v[i + 3] * 0;
	}
	for (let i = tail; i < v.length; i++) s0 += v[i] * 0;
	return s0 + s1 + s2 + s3 === 0;
}

function stateOf(r: OwlqnResult, { k, p }: Problem): LogisticState {
	const rows = k === 2 ? 1 : k;
	const coef: number[][] = [];
	for (let c = 0; c < rows; c++) coef.push(Array.from(r.x.subarray(c * p, (c + 1) * p)));
	const intercept = Array.from(r.x.subarray(rows * p));
	return { classes: k, coef, intercept, iterations: r.iterations, converged: r.converged };
}

/** Class probabilities, rows × classes, row-major. */
export function predictProbaLogistic(state: LogisticState, X: Matrix): Float64Array {
	const k = state.classes;
	const p = state.coef[0].length;
	if (X.cols !== p) throw new Error(`Logistic model expects ${p} features, got ${X.cols}`);
	const W = Float64Array.from(state.coef.flat());
	const out = new Float64Array(X.rows * k);
	const scores = new Float64Array(state.coef.length);
	for (let i = 0; i < X.rows; i++) {
		const off = i * p;
		for (let c = 0; c < state.coef.length; c++) {
			let s = state.intercept[c];
			for (let j = 0; j < p; j++) s += W[c * p + j] * X.data[off + j];
			scores[c] = s;
		}
		if (k === 2) {
			const z = scores[0];
			const p1 = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
			out[i * 2] = 1 - p1;
			out[i * 2 + 1] = p1;
		} else {
			let max = -Infinity;
			for (let c = 0; c < k; c++) if (scores[c] > max) max = scores[c];
			let sum = 0;
			for (let c = 0; c < k; c++) sum += scores[c] = Math.exp(scores[c] - max);
			for (let c = 0; c < k; c++) out[i * k + c] = scores[c] / sum;
		}
	}
	return out;
}

export function predictLogistic(state: LogisticState, X: Matrix): Int32Array {
	return argmaxRows(predictProbaLogistic(state, X), state.classes);
}
