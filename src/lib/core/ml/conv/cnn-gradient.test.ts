import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { initialWeights, layerSizes, type CnnShape } from '../models/cnn-shape';
import { backwardCnn, doubleMath, forwardCnn, planCnn } from './cnn-net';
import { writeWeights } from './cnn-train';

/**
 * The whole CNN's gradient (two conv + ReLU + pool blocks, dropout, dense ReLU, dropout,
 * softmax cross-entropy) against central finite differences of its loss, in double precision,
 * on a tiny network: 5×6 images ('same' pooling keeps the odd row), 2 channels, 3 images.
 */
describe('the CNN on our kernels: gradient', () => {
	const shape: CnnShape = { height: 5, width: 6, channels: 2, classes: 3, filters: 2, denseUnits: 4 };
	const rows = 3;
	const labels = Int32Array.from([2, 0, 1]);

	function setUp(dropout: boolean) {
		const net = planCnn(shape, rows);
		const m = doubleMath(net.floats);
		const h = m.heap;
		writeWeights(h, net, initialWeights(shape, 7));
		const random = createRandom(11);
		// Non-zero biases, so a bias's gradient is not read at a symmetric start.
		for (let i = 0; i < net.paramCount; i++) h[net.params + i] += (random() - 0.5) * 0.2;
		for (let i = 0; i < rows * shape.height * shape.width * shape.channels; i++) h[net.x + i] = random();
		const [flat, u] = layerSizes(shape).dense;
		for (let i = 0; i < rows * flat; i++) h[net.mask0 + i] = random() < 0.3 ? 0 : 1 / 0.7;
		for (let i = 0; i < rows * u; i++) h[net.mask1 + i] = random() < 0.3 ? 0 : 1 / 0.7;
		const loss = () => {
			forwardCnn(m, net, rows, dropout);
			let s = 0;
			for (let r = 0; r < rows; r++) s -= Math.log(h[net.probs + r * shape.classes + labels[r]]);
			return s / rows;
		};
		return { net, h, m, loss };
	}

	for (const dropout of [false, true])
		it(`matches finite differences for every parameter (${dropout ? 'with' : 'without'} dropout masks)`, () => {
			const { net, h, m, loss } = setUp(dropout);
			forwardCnn(m, net, rows, dropout);
			const summed = backwardCnn(m, net, rows, labels, dropout);
			expect(summed / rows).toBeCloseTo(loss(), 12);
			const analytic = h.slice(net.grads, net.grads + net.paramCount);
			const eps = 1e-6;
			let worst = 0;
			for (let i = 0; i < net.paramCount; i++) {
				const at = net.params + i;
				const keep = h[at];
				h[at] = keep + eps;
				const up = loss();
				h[at] = keep - eps;
				const down = loss();
				h[at] = keep;
				const numeric = (up - down) / (2 * eps);
				worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric)));
			}
			expect(net.paramCount).toBe(2 * 2 * 9 + 2 + 2 * 4 * 9 + 4 + 2 * 2 * 4 * 4 + 4 + 4 * 3 + 3);
			// Every gradient is not zero (dead units would hide a wrong backward pass).
			expect(analytic.filter((g) => g !== 0).length).toBeGreaterThan(net.paramCount * (dropout ? 0.35 : 0.6));
			expect(worst).toBeLessThan(1e-6);
		});
});
