import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activateBackend, chooseBackend, detectBackends, type DetectedBackend } from './backends';

describe('backend selection', () => {
	it('detects wasm and cpu in Node, not WebGPU or WebGL', async () => {
		const d = await detectBackends();
		const byName = Object.fromEntries(d.map((b) => [b.name, b.available]));
		expect(byName).toMatchObject({ wasm: true, cpu: true, webgpu: false, webgl: false });
		expect(chooseBackend('auto', d)).toBe('wasm');
		expect(chooseBackend('webgpu', d)).toBe('wasm');
		expect(chooseBackend('cpu', d)).toBe('cpu');
	});

	it('ranks a software WebGPU adapter below WASM, a real one above', () => {
		const list = (fallback: boolean): DetectedBackend[] => [
			{ name: 'cpu', available: true, note: '' },
			{ name: 'webgpu', available: true, softwareFallback: fallback, note: '' },
			{ name: 'wasm', available: true, note: '' }
		];
		expect(chooseBackend('auto', list(true))).toBe('wasm');
		expect(chooseBackend('auto', list(false))).toBe('webgpu');
		expect(chooseBackend('webgpu', list(true))).toBe('webgpu');
	});

	it('activates wasm in Node from the package folder, falls back from webgl, ends on cpu', async () => {
		expect(await activateBackend('wasm')).toBe('wasm');
		expect(tf.getBackend()).toBe('wasm');
		expect(tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]).toBe(6);
		expect(await activateBackend('webgl', { fallbacks: ['cpu'] })).toBe('cpu');
		expect(tf.getBackend()).toBe('cpu');
	});
});
