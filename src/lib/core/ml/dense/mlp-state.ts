import type { Matrix } from '../matrix';
import type { DenseKernels } from './kernels';
import { softmaxCrossEntropy, squaredError } from './loss';
import { forward, type HiddenActivation, type NetLayout, type OutputActivation } from './network';

export type DenseTask = 'classification' | 'regression';

/** One dense layer, laid out as the tfjs MLP's MlpLayerState so either predictor reads it. */
export interface DenseLayerState {
	inputs: number;
	units: number;
	activation: HiddenActivation | OutputActivation;
	/** inputs × units, row-major. */
	kernel: number[];
	bias: number[];
}

/** Plain JSON, shaped as the tfjs MLP's MlpState plus the reason training stopped. */
export interface DenseMlpState {
	task: DenseTask;
	activation: HiddenActivation;
	classes: number | null;
	layers: DenseLayerState[];
	/** Regression targets are trained standardised; predictions are mapped back with these. */
	target: { mean: number; std: number } | null;
	epochsRun: number;
	/** 'diverged': a batch loss became non-finite; the weights are those before that batch. */
	stopped: 'completed' | 'aborted' | 'diverged';
	note: string | null;
	history: { loss: number[]; valLoss: number[] };
	/** 'dense-wasm-simd', 'dense-js' or 'dense-webgpu': which kernels trained it. */
	backend: string;
}

/** How targets enter the loss: class codes for softmax, standardised float values otherwise. */
export type TargetEncoding =
	| { output: 'softmax'; codes: Int32Array; targets: null; target: null; lossScale: 1 }
	| { output: 'linear'; codes: null; targets: Float32Array; target: { mean: number; std: number }; lossScale: number };

export function targetEncoding(
	task: DenseTask,
	k: number,
	y: Int32Array | Float64Array,
	fixed?: { mean: number; std: number }
): TargetEncoding {
	if (task === 'classification') {
		for (let i = 0; i < y.length; i++) {
			if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= k) throw new Error(`MLP: class code ${y[i]} at row ${i} is outside 0..${k - 1}`);
		}
		return { output: 'softmax', codes: Int32Array.from(y), targets: null, target: null, lossScale: 1 };
	}
	for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`MLP: target is non-finite at row ${i}`);
	const target = fixed ?? standardisation(y);
	const targets = Float32Array.from(y, (v) => (v - target.mean) / target.std);
	// Losses are reported as mean squared error in the target's own units.
	return { output: 'linear', codes: null, targets, target, lossScale: target.std * target.std };
}

function standardisation(y: ArrayLike<number>): { mean: number; std: number } {
	let mean = 0;
	for (let i = 0; i < y.length; i++) mean += y[i];
	mean /= y.length;
	let v = 0;
	for (let i = 0; i < y.length; i++) v += (y[i] - mean) ** 2;
	const std = Math.sqrt(v / y.length);
	// A constant target still trains (to predict the mean) instead of dividing by zero.
	return { mean, std: std > 0 ? std : 1 };
}

/** Runs X through the network in chunks of net.maxRows, handing each chunk's output to `use`. */
export function forwardRows(
	kern: DenseKernels,
	net: NetLayout,
	X: Matrix,
	activation: HiddenActivation,
	output: OutputActivation,
	use: (out: number, start: number, rows: number) => void
): void {
	const p = net.sizes[0];
	if (X.cols !== p) throw new Error(`MLP expects ${p} features, got ${X.cols}`);
	for (let start = 0; start < X.rows; start += net.maxRows) {
		const rows = Math.min(net.maxRows, X.rows - start);
		const src = X.data.subarray(start * p, (start + rows) * p);
		const dst = net.acts[0];
		for (let i = 0; i < src.length; i++) kern.heap[dst + i] = src[i];
		use(forward(kern, net, rows, activation, output), start, rows);
	}
}

/** Mean loss over held-out rows, in the units history.loss uses. */
export function evaluateLoss(
	kern: DenseKernels,
	net: NetLayout,
	X: Matrix,
	y: Int32Array | Float64Array,
	activation: HiddenActivation,
	train: TargetEncoding
): number {
	const k = net.sizes[net.sizes.length - 1];
	const enc = train.output === 'softmax' ? targetEncoding('classification', k, y) : targetEncoding('regression', 1, y, train.target);
	let sum = 0;
	forwardRows(kern, net, X, activation, enc.output, (out, start, rows) => {
		// delta[0] is scratch here: nothing backpropagates from held-out rows.
		const d = net.delta[0];
		sum += enc.codes
			? softmaxCrossEntropy(kern.heap, out, rows, k, enc.codes.subarray(start, start + rows), d)
			: squaredError(kern.heap, out, rows, enc.targets.subarray(start, start + rows), d);
	});
	return (sum / Math.max(1, X.rows)) * enc.lossScale;
}
