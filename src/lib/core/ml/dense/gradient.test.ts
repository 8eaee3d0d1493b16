import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { ADAM_DEFAULTS, adamStep } from './adam';
import { createKernels, type KernelChoice } from './kernels';
import { softmaxCrossEntropy, squaredError } from './loss';
import { backward, forward, planLayout, type HiddenActivation, type OutputActivation } from './network';

/** Backprop against central differences of the batch loss, on a 3→5→4→k network of 6 rows. */
function gradientCheck(kernels: KernelChoice, hidden: HiddenActivation, output: OutputActivation): void {
	const k = output === 'softmax' ? 3 : 1;
	const rows = 6;
	const net = planLayout([3, 5, 4, k], rows);
	const kern = createKernels(net.floats, kernels);
	const h = kern.heap;
	const random = createRandom(9);
	for (let i = 0; i < net.paramCount; i++) h[net.params + i] = random() - 0.5;
	const x = Float32Array.from({ length: rows * 3 }, () => random() * 2 - 1);
	const codes = Int32Array.from({ length: rows }, (_, i) => i % 3);
	const targets = Float32Array.from({ length: rows }, () => random());
	// The batch loss as the trainer differentiates it: mean cross-entropy, or half the mean squared error.
	const loss = () => {
		h.set(x, net.acts[0]);
		const out = forward(kern, net, rows, hidden, output);
		const sum =
			output === 'softmax'
				? softmaxCrossEntropy(h, out, rows, k, codes, net.delta[0])
				: squaredError(h, out, rows, targets, net.delta[0]) / 2;
		return sum / rows;
	};
	loss();
	backward(kern, net, rows, hidden);
	const analytic = h.slice(net.grads, net.grads + net.paramCount);
	const eps = 1e-3;
	let worst = 0;
	for (let i = 0; i < net.paramCount; i++) {
		const w = h[net.params + i];
		h[net.params + i] = w + eps;
		const up = loss();
		h[net.params + i] = w - eps;
		const down = loss();
		h[net.params + i] = w;
		const numeric = (up - down) / (2 * eps);
		worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i])));
	}
	// Single precision and a relu kink within eps of a unit bound how close the two can be.
	expect(worst).toBeLessThan(2e-2);
}

describe('dense backprop', () => {
	for (const kernels of ['js', 'auto'] as const)
		for (const hidden of ['relu', 'tanh'] as const)
			for (const output of ['softmax', 'linear'] as const)
				it(`${kernels}: ${hidden} → ${output} gradients match finite differences`, () => gradientCheck(kernels, hidden, output));

	for (const kernels of ['js', 'auto'] as const)
		it(`${kernels}: takes the Adam step scikit-learn takes`, () => {
			const k = createKernels(32, kernels);
			// Five parameters, so the SIMD path has a tail too: params, grads, m, v at 0, 8, 16, 24.
			k.heap.set([1, -2, 0.5, -0.25, 3], 0);
			k.heap.set([0.5, -4, 1e-3, 0, 2], 8);
			adamStep(k, 0, 8, 16, 24, 5, 1, ADAM_DEFAULTS);
			// First step: m̂ = g and v̂ = g², so a parameter moves by lr · g / (|g| + ε), lr · sign(g).
			const want = [1 - 1e-3, -2 + 1e-3, 0.5 - 1e-3 * (1e-3 / (1e-3 + 1e-8)), -0.25, 3 - 1e-3];
			want.forEach((w, i) => expect(k.heap[i]).toBeCloseTo(w, 6));
			expect(k.heap[16 + 1]).toBeCloseTo(0.1 * -4, 6);
			expect(k.heap[24 + 1]).toBeCloseTo(0.001 * 16, 6);
			adamStep(k, 0, 8, 16, 24, 5, 2, ADAM_DEFAULTS);
			// Second step with the same gradient: m̂ = g, v̂ = g² again (bias corrections), so again lr · sign(g).
			expect(k.heap[0]).toBeCloseTo(1 - 2e-3, 5);
		});
});
