import { describe, expect, it } from 'vitest';
import { referenceSplit } from '../reference/reference-data';
import { createSimulatedGpu } from './gpu-sim';
import { fitDenseMlp, type DenseMlpOptions } from './train';
import { fitDenseMlpGpu } from './train-gpu';

const worst = (a: readonly number[], b: readonly number[]) => a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i])), 0);
/** Relative difference: regression losses are in the target's squared units (thousands here). */
const worstRelative = (a: readonly number[], b: readonly number[]) =>
	a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]) / (1 + Math.abs(b[i]))), 0);

/**
 * The GPU trainer against the CPU trainer on the same seeds: its dispatches run here on the
 * simulated device (each WGSL kernel's semantics in JavaScript), so any difference is the
 * trainer's orchestration (weights, shuffles, steps, losses, validation), not arithmetic.
 */
describe('dense MLP trainer on the GPU interface', () => {
	const cases: [string, 'iris' | 'diabetes', Omit<DenseMlpOptions, 'classes'>][] = [
		['iris, relu, batch 32, L2', 'iris', { task: 'classification', hidden: [16, 8], l2: 1e-3, batchSize: 32, epochs: 6, seed: 4 }],
		[
			'diabetes, tanh, ragged last batch',
			'diabetes',
			{ task: 'regression', activation: 'tanh', hidden: [12], batchSize: 50, epochs: 5, seed: 2 }
		]
	];
	for (const [name, data, opts] of cases)
		it(`${name}: the same loss curve, validation losses and weights as the CPU trainer`, async () => {
			const s = referenceSplit(data, { standardise: true });
			const full = { ...opts, classes: s.classes.length || undefined, validation: { X: s.test, y: s.yTest }, kernels: 'js' as const };
			const cpu = await fitDenseMlp(s.train, s.yTrain, full);
			const gpu = await fitDenseMlpGpu(s.train, s.yTrain, full, createSimulatedGpu());
			expect(gpu.backend).toBe('dense-webgpu');
			expect(gpu.epochsRun).toBe(opts.epochs);
			expect(worstRelative(gpu.history.loss, cpu.history.loss)).toBeLessThan(1e-6);
			expect(worstRelative(gpu.history.valLoss, cpu.history.valLoss)).toBeLessThan(1e-6);
			gpu.layers.forEach((l, i) => {
				expect(worst(l.kernel, cpu.layers[i].kernel)).toBeLessThan(1e-5);
				expect(worst(l.bias, cpu.layers[i].bias)).toBeLessThan(1e-5);
			});
			// Training did something: the loss fell.
			expect(gpu.history.loss[opts.epochs! - 1]).toBeLessThan(gpu.history.loss[0]);
		});

	it('stops where the CPU trainer stops when the loss overflows, with the same weights', async () => {
		const s = referenceSplit('wine', { standardise: true });
		// Features blown up to 1e30 and a huge step size: the loss overflows single precision.
		const huge = { ...s.train, data: s.train.data.map((v) => v * 1e30) };
		const opts: DenseMlpOptions = { task: 'regression', hidden: [8], batchSize: 16, epochs: 5, learningRate: 1e10, seed: 1, kernels: 'js' };
		const y = Float64Array.from(s.yTrain);
		const cpu = await fitDenseMlp(huge, y, opts);
		const gpu = await fitDenseMlpGpu(huge, y, opts, createSimulatedGpu());
		expect(cpu.stopped).toBe('diverged');
		expect(gpu.stopped).toBe('diverged');
		expect(gpu.epochsRun).toBe(cpu.epochsRun);
		expect(gpu.note).toBe(cpu.note);
		gpu.layers.forEach((l, i) => expect(worstRelative(l.kernel, cpu.layers[i].kernel)).toBeLessThan(1e-6));
	});

	it('stops between submits when cancelled, keeping the weights so far', async () => {
		const s = referenceSplit('iris', { standardise: true });
		const ctl = new AbortController();
		const state = await fitDenseMlpGpu(
			s.train,
			s.yTrain,
			{ task: 'classification', classes: 3, epochs: 50, batchSize: 8, onEpoch: (e) => e === 1 && ctl.abort(), signal: ctl.signal },
			createSimulatedGpu()
		);
		expect(state.stopped).toBe('aborted');
		expect(state.epochsRun).toBe(2);
	});

	it('says which batch a GPU dispatch cannot hold', async () => {
		const X = { rows: 2_000_000, cols: 1, data: new Float64Array(2_000_000) };
		await expect(
			fitDenseMlpGpu(X, new Float64Array(2_000_000), { task: 'regression', batchSize: 2_000_000, epochs: 1 }, createSimulatedGpu())
		).rejects.toThrow(/batch size 2000000 is over the 1048560 rows/);
	});
});
