import type { Matrix } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';
import { yielder } from '../../util/yield';
import { ADAM_DEFAULTS, adamStep } from './adam';
import { createKernels, type DenseKernels, type KernelChoice } from './kernels';
import { sharedCopy, type ComputeJob, type ComputePool } from '../../compute/pool';
import { CHOICES, CHUNK_ROWS, GradArg, HIDDEN, OUTPUT, type DenseTrainBuffers } from './train-kernels';
import { softmaxCrossEntropy, squaredError } from './loss';
import { backward, forward, planLayout, type HiddenActivation, type NetLayout } from './network';
import { evaluateLoss, targetEncoding, type DenseMlpState, type DenseTask } from './mlp-state';

export interface DenseMlpOptions {
	task: DenseTask;
	/** Number of classes (codes 0..classes-1); required for classification. */
	classes?: number;
	hidden?: number[];
	activation?: HiddenActivation;
	epochs?: number;
	batchSize?: number;
	/** Adam step size. */
	learningRate?: number;
	/** L2 penalty on the kernels, as scikit-learn's alpha (gradient += l2 · W / batch rows). */
	l2?: number;
	seed?: number;
	/** Checked after every batch: training stops there and keeps the weights learnt so far. */
	signal?: AbortSignal;
	/** Called after each epoch; `epoch` counts from 0, as in Keras. */
	onEpoch?: (epoch: number, logs: { loss: number; valLoss?: number }) => void;
	validation?: { X: Matrix; y: Int32Array | Float64Array };
	/** Which multiply to run on; 'auto' takes WebAssembly SIMD where it validates. */
	kernels?: KernelChoice;
	/**
	 * Threads for the batch gradients (train-kernels.ts): with a pool, batches of at least
	 * 2 × CHUNK_ROWS rows are cut into fixed chunks whose gradients add up in chunk order, so
	 * the weights do not depend on the pool's thread count (they differ from the unchunked
	 * sums without a pool by rounding only).
	 */
	pool?: ComputePool;
}

export const DEFAULTS = {
	hidden: [64, 64],
	activation: 'relu' as HiddenActivation,
	epochs: 30,
	batchSize: 64,
	learningRate: 1e-3,
	l2: 0,
	seed: 0
};
/** Rows per pass when evaluating validation rows, whatever the batch size. */
export const EVAL_ROWS = 256;

/** The options with defaults filled in and the inputs checked, as both trainers (CPU, GPU) start. */
export function checkFit(X: Matrix, y: Int32Array | Float64Array, opts: DenseMlpOptions) {
	const o = { ...DEFAULTS, ...definedOnly(opts) };
	const n = X.rows;
	const p = X.cols;
	if (y.length !== n) throw new Error(`MLP: ${y.length} targets for ${n} rows`);
	if (n === 0) throw new Error('MLP: no training rows');
	for (let i = 0; i < X.data.length; i++)
		if (!Number.isFinite(X.data[i])) throw new Error(`MLP: X is non-finite at row ${Math.floor(i / p)}`);
	const k = o.task === 'classification' ? (opts.classes ?? 0) : 1;
	if (o.task === 'classification' && k < 2) throw new Error('MLP classification needs classes >= 2');
	const enc = targetEncoding(o.task, k, y);
	const batch = Math.max(1, Math.min(Math.floor(o.batchSize), n));
	return { o, n, p, k, enc, batch };
}

/** The note of a fit stopped by a non-finite loss or gradient. */
export function divergedNote(epoch: number): string {
	return (
		`MLP training stopped at epoch ${epoch + 1}: the loss became non-finite. ` +
		'The weights are the last ones with a finite loss; lower the learning rate or standardise the features.'
	);
}

/**
 * Trains a dense network (Glorot-uniform kernels, zero biases, Adam, seeded shuffles) on our
 * own single-precision kernels, outside tfjs. The result has the layout of the tfjs MLP's
 * state, so either predictor reads it. A non-finite batch loss stops training before that
 * batch's update, keeping the last weights that gave a finite loss.
 */
export async function fitDenseMlp(X: Matrix, y: Int32Array | Float64Array, opts: DenseMlpOptions): Promise<DenseMlpState> {
	const { o, n, p, k, enc, batch } = checkFit(X, y, opts);

	const net = planLayout([p, ...o.hidden, k], Math.max(batch, EVAL_ROWS));
	const kern = createKernels(net.floats, o.kernels);
	const h = kern.heap;
	const random = createRandom(o.seed);
	initialise(h, net, random);

	const pooled = opts.pool && poolsBatches(batch) ? await openGradients(opts.pool, X, enc, net, o.activation, o.kernels ?? 'auto') : null;
	const x32 = pooled ? pooled.buffers.x : Float32Array.from(X.data);
	const batchCodes = new Int32Array(batch);
	const batchTargets = new Float32Array(batch);
	const order = pooled ? pooled.buffers.order : new Int32Array(n);
	for (let i = 0; i < n; i++) order[i] = i;
	const adam = { ...ADAM_DEFAULTS, learningRate: o.learningRate };
	const history = { loss: [] as number[], valLoss: [] as number[] };
	let stopped: DenseMlpState['stopped'] = 'completed';
	let note: string | null = null;
	let step = 0;
	const breathe = yielder();
	const aborted = () => opts.signal?.aborted === true;

	try {
		epochs: for (let epoch = 0; epoch < o.epochs; epoch++) {
			if (aborted()) {
				stopped = 'aborted';
				break;
			}
			shuffleInPlace(order, random);
			let sum = 0;
			for (let start = 0; start < n; start += batch) {
				const rows = Math.min(batch, n - start);
				let loss: number;
				if (pooled) loss = await pooled.gradient(kern, start, rows);
				else {
					for (let r = 0; r < rows; r++) {
						const i = order[start + r];
						// A plain loop: a subarray per row would allocate 80,000 views an epoch.
						for (let j = 0, src = i * p, dst = net.acts[0] + r * p; j < p; j++) h[dst + j] = x32[src + j];
						if (enc.codes) batchCodes[r] = enc.codes[i];
						else batchTargets[r] = enc.targets[i];
					}
					const out = forward(kern, net, rows, o.activation, enc.output);
					const d = net.delta[0];
					loss = enc.codes ? softmaxCrossEntropy(h, out, rows, k, batchCodes, d) : squaredError(h, out, rows, batchTargets, d);
					if (Number.isFinite(loss)) backward(kern, net, rows, o.activation);
				}
				if (Number.isFinite(loss) && o.l2 > 0) addL2(h, net, o.l2 / rows);
				// A finite loss can still overflow the single-precision gradients; either way the
				// update is skipped, so the weights kept are the last ones that behaved.
				if (!Number.isFinite(loss) || !allFinite(h, net.grads, net.paramCount)) {
					stopped = 'diverged';
					note = divergedNote(epoch);
					break epochs;
				}
				adamStep(kern, net.params, net.grads, net.adamM, net.adamV, net.paramCount, ++step, adam);
				sum += loss;
				await breathe();
				if (aborted()) {
					stopped = 'aborted';
					break epochs;
				}
			}
			const loss = (sum / n) * enc.lossScale;
			const valLoss = opts.validation ? evaluateLoss(kern, net, opts.validation.X, opts.validation.y, o.activation, enc) : undefined;
			history.loss.push(loss);
			if (valLoss !== undefined) history.valLoss.push(valLoss);
			opts.onEpoch?.(epoch, valLoss === undefined ? { loss } : { loss, valLoss });
		}
	} finally {
		pooled?.job.close();
	}

	return {
		task: o.task,
		activation: o.activation,
		classes: o.task === 'classification' ? k : null,
		layers: readLayers(h, net, o.activation, enc.output),
		target: enc.target,
		epochsRun: history.loss.length,
		stopped,
		note,
		history,
		backend: `dense-${kern.kind}`
	};
}

/** Whether batches of this many rows are cut into chunks for a pool: two chunks at least, or there is nothing to share. */
export const poolsBatches = (batch: number): boolean => batch >= 2 * CHUNK_ROWS;

/** The pool's job for the batch gradients, and the call that fills the caller's gradient block for one batch. */
async function openGradients(
	pool: ComputePool,
	X: Matrix,
	enc: ReturnType<typeof checkFit>['enc'],
	net: NetLayout,
	activation: HiddenActivation,
	choice: KernelChoice
): Promise<{ buffers: DenseTrainBuffers; job: ComputeJob; gradient(kern: DenseKernels, start: number, rows: number): Promise<number> }> {
	const count = net.paramCount;
	const chunksMax = Math.ceil(net.maxRows / CHUNK_ROWS);
	const buffers: DenseTrainBuffers = {
		x: sharedCopy(pool, Float32Array, X.data),
		codes: enc.codes ? sharedCopy(pool, Int32Array, enc.codes) : pool.alloc(Int32Array, 0),
		targets: enc.targets ? sharedCopy(pool, Float32Array, enc.targets) : pool.alloc(Float32Array, 0),
		order: pool.alloc(Int32Array, X.rows),
		params: pool.alloc(Float32Array, count),
		grads: pool.alloc(Float32Array, chunksMax * count),
		losses: pool.alloc(Float64Array, chunksMax),
		sizes: sharedCopy(pool, Int32Array, net.sizes)
	};
	const job = await pool.open(buffers);
	const args = new Array<number>(GradArg.Length);
	args[GradArg.Hidden] = HIDDEN.indexOf(activation);
	args[GradArg.Output] = OUTPUT.indexOf(enc.output);
	args[GradArg.Choice] = CHOICES.indexOf(choice);
	return {
		buffers,
		job,
		async gradient(kern, start, rows) {
			const h = kern.heap;
			buffers.params.set(h.subarray(net.params, net.params + count));
			const chunks = Math.ceil(rows / CHUNK_ROWS);
			args[GradArg.Start] = start;
			args[GradArg.Rows] = rows;
			await job.run('dense.gradients', chunks, args);
			let loss = 0;
			for (let c = 0; c < chunks; c++) loss += buffers.losses[c];
			if (!Number.isFinite(loss)) return loss;
			// In chunk order, whichever thread computed which chunk.
			const g = buffers.grads;
			h.set(g.subarray(0, count), net.grads);
			for (let c = 1; c < chunks; c++) for (let i = 0, at = c * count; i < count; i++) h[net.grads + i] += g[at + i];
			return loss;
		}
	};
}

/** Glorot-uniform kernels (limit √(6 / (fan_in + fan_out)), as Keras) and zero biases. */
export function initialise(h: Float32Array, net: NetLayout, random: () => number): void {
	for (let l = 0; l + 1 < net.sizes.length; l++) {
		const fanIn = net.sizes[l];
		const fanOut = net.sizes[l + 1];
		const limit = Math.sqrt(6 / (fanIn + fanOut));
		const w = net.params + net.kernel[l];
		for (let i = 0; i < fanIn * fanOut; i++) h[w + i] = (2 * random() - 1) * limit;
	}
}

function allFinite(h: Float32Array, from: number, count: number): boolean {
	// Infinity · 0 and NaN · 0 are NaN, so one sum tells whether any value is non-finite.
	let s = 0;
	for (let i = from; i < from + count; i++) s += h[i] * 0;
	return s === 0;
}

function addL2(h: Float32Array, net: NetLayout, scale: number): void {
	for (let l = 0; l + 1 < net.sizes.length; l++) {
		const count = net.sizes[l] * net.sizes[l + 1];
		const w = net.params + net.kernel[l];
		const g = net.grads + net.kernel[l];
		for (let i = 0; i < count; i++) h[g + i] += scale * h[w + i];
	}
}

export function readLayers(
	h: Float32Array,
	net: NetLayout,
	activation: HiddenActivation,
	output: 'softmax' | 'linear'
): DenseMlpState['layers'] {
	return net.sizes.slice(1).map((units, l) => {
		const inputs = net.sizes[l];
		const w = net.params + net.kernel[l];
		const b = net.params + net.bias[l];
		return {
			inputs,
			units,
			activation: l + 2 < net.sizes.length ? activation : output,
			kernel: Array.from(h.subarray(w, w + inputs * units)),
			bias: Array.from(h.subarray(b, b + units))
		};
	});
}

/** Options left undefined fall back to the defaults instead of overriding them. */
function definedOnly<T extends object>(o: T): T {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
