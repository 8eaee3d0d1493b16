import type { Kernel } from '../../compute/kernel';
import { createKernels, type DenseKernels, type KernelChoice } from './kernels';
import { softmaxCrossEntropy, squaredError } from './loss';
import { backward, forward, planLayout, type HiddenActivation, type NetLayout } from './network';

/**
 * The dense trainer's mini-batch gradient as compute-pool kernels (data-parallel). A batch is
 * cut into chunks of CHUNK_ROWS rows, a size that never depends on the threads; each chunk's
 * gradient is computed whole by one thread and left in its own slot, and the caller sums the
 * slots in chunk order. So the weights are the same bits on 1 thread or N.
 */
export const CHUNK_ROWS = 64;

export type DenseTrainBuffers = {
	/** Training rows, n × p, float32. */
	readonly x: Float32Array;
	/** Class codes (classification; empty otherwise) or standardised targets (regression; empty otherwise). */
	readonly codes: Int32Array;
	readonly targets: Float32Array;
	/** The epoch's shuffled row order (the caller writes it before the epoch's first batch). */
	readonly order: Int32Array;
	/** The weights the batch's gradient is taken at (the caller writes them before every call). */
	readonly params: Float32Array;
	/** Per chunk: its gradient (paramCount values), and its summed loss. */
	readonly grads: Float32Array;
	readonly losses: Float64Array;
	/** Units per layer, inputs first. */
	readonly sizes: Int32Array;
};

/** The arguments of a `dense.gradients` call, by position. */
export const GradArg = { Start: 0, Rows: 1, Hidden: 2, Output: 3, Choice: 4, Length: 5 } as const;
export const HIDDEN: readonly HiddenActivation[] = ['relu', 'tanh'];
export const OUTPUT = ['softmax', 'linear'] as const;
export const CHOICES: readonly KernelChoice[] = ['auto', 'wasm', 'js'];

interface Scratch {
	readonly kernels: DenseKernels;
	readonly net: NetLayout;
	readonly codes: Int32Array;
	readonly targets: Float32Array;
}

function scratchOf(job: { local: Record<string, unknown> }, b: DenseTrainBuffers, choice: KernelChoice): Scratch {
	const have = job.local.dense as Scratch | undefined;
	if (have) return have;
	const net = planLayout(Array.from(b.sizes), CHUNK_ROWS);
	const scratch: Scratch = {
		kernels: createKernels(net.floats, choice),
		net,
		codes: new Int32Array(CHUNK_ROWS),
		targets: new Float32Array(CHUNK_ROWS)
	};
	job.local.dense = scratch;
	return scratch;
}

/**
 * Chunks [from, to) of the batch of `Rows` rows at order[Start ..]: forward, loss (its error
 * divided by the whole batch's rows, so the chunks' gradients add up to the batch's) and
 * backward. A chunk whose loss is not finite leaves its gradient unwritten; the caller sees
 * the loss and stops before any update.
 */
const gradients: Kernel<DenseTrainBuffers> = (job, from, to, a) => {
	const b = job.buffers;
	const { kernels, net, codes, targets } = scratchOf(job, b, CHOICES[a[GradArg.Choice]]);
	const h = kernels.heap;
	const p = net.sizes[0];
	const k = net.sizes[net.sizes.length - 1];
	const hidden = HIDDEN[a[GradArg.Hidden]];
	const output = OUTPUT[a[GradArg.Output]];
	// Int32, not the doubles a Float64Array holds, for the row indices built from them.
	const start = a[GradArg.Start] | 0;
	const batch = a[GradArg.Rows] | 0;
	const count = net.paramCount;
	h.set(b.params.subarray(0, count), net.params);
	for (let c = from; c < to; c++) {
		const r0 = c * CHUNK_ROWS;
		const rows = Math.min(CHUNK_ROWS, batch - r0);
		for (let r = 0; r < rows; r++) {
			const i = b.order[start + r0 + r];
			for (let j = 0, src = i * p, dst = net.acts[0] + r * p; j < p; j++) h[dst + j] = b.x[src + j];
			if (output === 'softmax') codes[r] = b.codes[i];
			else targets[r] = b.targets[i];
		}
		const out = forward(kernels, net, rows, hidden, output);
		const d = net.delta[0];
		const loss =
			output === 'softmax' ? softmaxCrossEntropy(h, out, rows, k, codes, d, batch) : squaredError(h, out, rows, targets, d, batch);
		b.losses[c] = loss;
		if (!Number.isFinite(loss)) continue;
		backward(kernels, net, rows, hidden);
		b.grads.set(h.subarray(net.grads, net.grads + count), c * count);
	}
};

export const denseTrainKernels = { 'dense.gradients': gradients };
