import type { Matrix } from '../matrix';
import { createKernels, type KernelChoice } from './kernels';
import { planLayout, type OutputActivation } from './network';
import { forwardRows, type DenseMlpState } from './mlp-state';

const PREDICT_ROWS = 1024;

/**
 * Class probabilities (rows × classes, row-major) or regression values (rows) from a state of
 * fitDenseMlp (or of the tfjs MLP, which has the same layout), on the dense kernels.
 */
export function predictDenseMlp(
	state: Pick<DenseMlpState, 'layers' | 'activation' | 'target'>,
	X: Matrix,
	kernels: KernelChoice = 'auto'
): Float64Array {
	const sizes = [state.layers[0].inputs, ...state.layers.map((l) => l.units)];
	const net = planLayout(sizes, Math.max(1, Math.min(PREDICT_ROWS, X.rows)));
	const kern = createKernels(net.floats, kernels);
	state.layers.forEach((l, i) => {
		kern.heap.set(l.kernel, net.params + net.kernel[i]);
		kern.heap.set(l.bias, net.params + net.bias[i]);
	});
	const width = sizes[sizes.length - 1];
	const output = state.layers[state.layers.length - 1].activation as OutputActivation;
	const out = new Float64Array(X.rows * width);
	forwardRows(kern, net, X, state.activation, output, (at, start, rows) => {
		out.set(kern.heap.subarray(at, at + rows * width), start * width);
	});
	if (state.target) {
		const { mean, std } = state.target;
		for (let i = 0; i < out.length; i++) out[i] = out[i] * std + mean;
	}
	return out;
}
