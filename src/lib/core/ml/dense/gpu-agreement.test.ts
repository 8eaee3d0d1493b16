import { describe, expect, it } from 'vitest';
import { gpuAgreement } from './gpu-agreement';
import { createSimulatedGpu } from './gpu-sim';
import type { DenseGpuDevice } from './gpu-api';

/**
 * The agreement harness that e2e/gpu-kernels.spec.ts runs on WebGPU, run here on the simulated
 * device: it must pass there, and it must catch a device that gets one thing wrong.
 */
describe('the GPU agreement harness', () => {
	it('passes every check on the simulated kernels', async () => {
		const report = await gpuAgreement(createSimulatedGpu(), 'js');
		// Per activation pair: 3 layers, error signal, loss, gradients, Adam, finite differences; then 2 × 3 curve checks.
		expect(report.checks.length).toBe(4 * 8 + 6);
		for (const c of report.checks) expect(c.worst, c.name).toBeLessThanOrEqual(c.tolerance);
	}, 60_000);

	it('fails a device whose Adam step uses the wrong step size', async () => {
		const sim = createSimulatedGpu();
		const wrong: DenseGpuDevice = {
			...sim,
			createHeap: (floats, data) => {
				const heap = sim.createHeap(floats, data);
				return {
					...heap,
					run: (steps) =>
						heap.run(
							steps.map((s) =>
								s.map((d) =>
									d.kernel === 'adam' ? { ...d, record: { ...d.record, f: [2 * d.record.f![0], ...d.record.f!.slice(1)] } } : d
								)
							)
						)
				};
			}
		};
		const report = await gpuAgreement(wrong, 'js');
		const failed = report.checks.filter((c) => !(c.worst <= c.tolerance)).map((c) => c.name);
		expect(failed).toContain('relu → softmax: one Adam step (weights, moments)');
		expect(failed).toContain('relu classifier 20→64→64→3, batch 64: training loss curve');
		expect(failed.some((n) => n.includes('activations') || n.includes('finite differences'))).toBe(false);
	}, 60_000);
});
