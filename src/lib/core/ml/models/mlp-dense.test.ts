import { describe, expect, it } from 'vitest';
import { useDenseKernels } from './mlp-dense';
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
});
