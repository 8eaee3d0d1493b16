import { describe, expect, it } from 'vitest';
import { backendNote } from './backends';

describe('backend notes', () => {
	it('explain that exact solvers ignore the header choice, and name the TensorFlow.js backend otherwise', () => {
		expect(backendNote('typed-arrays')).toContain("the header's backend is for neural networks");
		expect(backendNote('wasm')).toBe('TensorFlow.js on its wasm backend');
		expect(backendNote('tessera-wasm-simd')).toContain('SIMD');
		expect(backendNote('something-new')).toBe('');
	});
});
