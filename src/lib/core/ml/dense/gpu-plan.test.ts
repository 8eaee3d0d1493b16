import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { ADAM_DEFAULTS, adamStep } from './adam';
import { backwardDispatches, forwardDispatches, packRecords, stepDispatches, type GpuNetSpec } from './gpu-plan';
import { createKernels } from './kernels';
import { softmaxCrossEntropy, squaredError } from './loss';
import { backward, forward, planLayout, type HiddenActivation, type OutputActivation } from './network';
import { simulate } from './gpu-sim';
import { NO_DIVERGENCE, RECORD_BYTES, RECORD_U32 } from './wgsl';

function setup(hidden: HiddenActivation, output: OutputActivation, l2: number) {
	const k = output === 'softmax' ? 3 : 1;
	const rows = 7;
	const n = 20;
	const net = planLayout([5, 6, 4, k], rows);
	const spec: GpuNetSpec = { net, hidden, output, l2, adam: { ...ADAM_DEFAULTS, learningRate: 0.01 } };
	const random = createRandom(3);
	const params = Float32Array.from({ length: net.paramCount }, () => random() - 0.5);
	const xs = Float32Array.from({ length: n * 5 }, () => random() * 2 - 1);
	const labels = Float32Array.from({ length: n }, (_, i) => (output === 'softmax' ? i % 3 : random()));
	const order = Uint32Array.from({ length: n }, (_, i) => (i * 7) % n);
	return { k, rows, n, net, spec, params, xs, labels, order };
}

describe('the WebGPU dispatch plan', () => {
	for (const hidden of ['relu', 'tanh'] as const)
		for (const output of ['softmax', 'linear'] as const)
			it(`${hidden} → ${output}: one step's dispatches do what the CPU network does`, () => {
				const s = setup(hidden, output, 0.1);
				const start = 5;
				const cpu = createKernels(s.net.floats, 'js');
				const gpu = new Float32Array(s.net.floats);
				cpu.heap.set(s.params, s.net.params);
				gpu.set(s.params, s.net.params);
				// CPU: the trainer's own sequence (train.ts) for the rows order[start ..].
				for (let r = 0; r < s.rows; r++)
					cpu.heap.set(s.xs.subarray(s.order[start + r] * 5, s.order[start + r] * 5 + 5), s.net.acts[0] + r * 5);
				const out = forward(cpu, s.net, s.rows, hidden, output);
				const batchLabels = Array.from({ length: s.rows }, (_, r) => s.labels[s.order[start + r]]);
				const loss =
					output === 'softmax'
						? softmaxCrossEntropy(cpu.heap, out, s.rows, s.k, Int32Array.from(batchLabels), s.net.delta[0])
						: squaredError(cpu.heap, out, s.rows, Float32Array.from(batchLabels), s.net.delta[0]);
				backward(cpu, s.net, s.rows, hidden);
				for (let l = 0; l + 1 < s.net.sizes.length; l++) {
					const w = s.net.kernel[l];
					for (let i = 0; i < s.net.sizes[l] * s.net.sizes[l + 1]; i++)
						cpu.heap[s.net.grads + w + i] += (0.1 / s.rows) * cpu.heap[s.net.params + w + i];
				}
				const grads = cpu.heap.slice(s.net.grads, s.net.grads + s.net.paramCount);
				adamStep(cpu, s.net.params, s.net.grads, s.net.adamM, s.net.adamV, s.net.paramCount, 1, s.spec.adam);

				const data = { xs: s.xs, order: s.order, labels: s.labels, stepLoss: new Float32Array(4), flag: Uint32Array.of(NO_DIVERGENCE) };
				const dispatches = stepDispatches(s.spec, { start, rows: s.rows, stepIndex: 2, t: 1 });
				// gather + 3 layers + loss, 3 dW + 2 dX, Adam: eleven dispatches for a two-hidden-layer step.
				expect(dispatches.map((d) => d.kernel)).toEqual([
					'gather',
					'gemm',
					'gemm',
					'gemm',
					'loss',
					'gemm',
					'gemm',
					'gemm',
					'gemm',
					'gemm',
					'adam'
				]);
				for (const d of dispatches.slice(0, -1)) simulate(gpu, d, data);
				const worst = (a: Float32Array, b: Float32Array) => a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i])), 0);
				expect(worst(gpu.subarray(s.net.grads, s.net.grads + s.net.paramCount), grads)).toBeLessThan(1e-6);
				expect(data.stepLoss[2]).toBeCloseTo(loss, 5);
				simulate(gpu, dispatches[dispatches.length - 1], data);
				// Everything the step wrote: parameters, moments, activations, deltas (all before the
				// CPU's transposed-kernel scratch, which the GPU reads in place instead).
				expect(worst(gpu.subarray(0, s.net.kernelT), cpu.heap.subarray(0, s.net.kernelT))).toBeLessThan(1e-6);
				expect(data.flag[0]).toBe(NO_DIVERGENCE);
			});

	it('a non-finite gradient flags its step and Adam leaves the weights alone', () => {
		const s = setup('relu', 'softmax', 0);
		const h = new Float32Array(s.net.floats);
		h.set(s.params, s.net.params);
		s.xs[s.order[0] * 5] = Infinity;
		const data = { xs: s.xs, order: s.order, labels: s.labels, stepLoss: new Float32Array(1), flag: Uint32Array.of(NO_DIVERGENCE) };
		for (const d of stepDispatches(s.spec, { start: 0, rows: s.rows, stepIndex: 0, t: 1 })) simulate(h, d, data);
		expect(data.flag[0]).toBe(0);
		expect(Array.from(h.subarray(s.net.params, s.net.params + s.net.paramCount))).toEqual(Array.from(s.params));
	});

	it('reads the input layer without backpropagating into it', () => {
		const s = setup('tanh', 'linear', 0);
		const back = backwardDispatches(s.spec, s.rows, 0);
		// Three dW (one per layer) and a dX for each layer but the first.
		expect(back.map((d) => d.record.mode)).toEqual([2, 1, 2, 1, 2]);
		expect(forwardDispatches(s.spec, { start: 0, rows: s.rows, stepIndex: 0, t: 1 })[0].record.c).toBe(s.net.acts[0]);
	});

	it('packs records at the uniform alignment, refusing what is not a u32', () => {
		const buf = packRecords([{ m: 3, f: [0.5] }, { count: 7 }]);
		expect(buf.byteLength).toBe(2 * RECORD_BYTES);
		expect(new Uint32Array(buf, 0, 1)[0]).toBe(3);
		expect(new Float32Array(buf, RECORD_U32 * 4, 1)[0]).toBe(0.5);
		expect(new Uint32Array(buf, RECORD_BYTES + 20 * 4, 1)[0]).toBe(7);
		expect(() => packRecords([{ a: -1 }])).toThrow(/field a is -1/);
	});
});
