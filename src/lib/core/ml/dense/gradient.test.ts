import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { adamStep, ADAM_DEFAULTS } from './adam';
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
		const sum = output === 'softmax' ? softmaxCrossEntropy(h, out, rows, k, codes, net.delta[0]) : squaredError(h, out, rows, targets, net.delta[0]) / 2;
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

	it('takes the Adam step scikit-learn takes', () => {
		const h = Float32Array.from([1, -2, 0.5, -0.25, 0, 0, 0, 0]);
		adamStep(h, 0, 2, 4, 6, 2, 1, ADAM_DEFAULTS);
		// First step: m̂ = g, v̂ = g², so each parameter moves by lr · g / (|g| + ε·…) ≈ lr · sign(g).
		expect(h[0]).toBeCloseTo(1 - 1e-3, 6);
		expect(h[1]).toBeCloseTo(-2 + 1e-3, 6);
		expect(h[4]).toBeCloseTo(0.1 * 0.5, 6);
		expect(h[7]).toBeCloseTo(0.001 * 0.0625, 8);
	});
});
