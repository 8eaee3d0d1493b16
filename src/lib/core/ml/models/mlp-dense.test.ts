import { describe, expect, it } from 'vitest';
import { useDenseGpu, useDenseKernels } from './mlp-dense';
import type { MlpOptions } from './mlp-types';

const plain = { task: 'classification', hidden: [64, 64], epochs: 1, batchSize: 256, learningRate: 1e-3, seed: 0 } as unknown as MlpOptions;

describe('which kernels train the MLP node', () => {
	it('ours on the CPU backends, and on a found GPU while the backend is left on auto (measured faster)', () => {
		expect(useDenseKernels('auto', 'auto', 'wasm', plain)).toBe(true);
		expect(useDenseKernels('auto', 'cpu', 'cpu', plain)).toBe(true);
		expect(useDenseKernels('auto', 'auto', 'webgpu', plain)).toBe(true);
	});
	it('TensorFlow.js when the user names a GPU backend, asks for it, or uses options our kernels lack', () => {
		expect(useDenseKernels('auto', 'webgpu', 'webgpu', plain)).toBe(false);
		expect(useDenseKernels('auto', 'webgl', 'webgl', plain)).toBe(false);
		expect(useDenseKernels('tensorflow.js', 'auto', 'wasm', plain)).toBe(false);
		expect(useDenseKernels('auto', 'auto', 'wasm', { ...plain, dropout: 0.2 })).toBe(false);
	});
	it('our WGSL kernels only when WebGPU is named: Auto keeps the CPU kernels until a real GPU says otherwise', () => {
		expect(useDenseGpu('auto', 'webgpu', 'webgpu', plain)).toBe(true);
		expect(useDenseGpu('auto', 'auto', 'webgpu', plain)).toBe(false);
		// Named but unavailable: the backend falls back, and so do the kernels.
		expect(useDenseGpu('auto', 'webgpu', 'wasm', plain)).toBe(false);
		expect(useDenseGpu('tensorflow.js', 'webgpu', 'webgpu', plain)).toBe(false);
		expect(useDenseGpu('auto', 'webgpu', 'webgpu', { ...plain, batchNorm: true })).toBe(false);
	});
});
