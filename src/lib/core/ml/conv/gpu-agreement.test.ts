import { describe, expect, it } from 'vitest';
import { createCpuConvDevice } from './cpu';
import { AGREEMENT_SHAPES, convAgreement } from './gpu-agreement';
import { CONV_KERNELS, convDispatch, packConvRecords } from './gpu-plan';
import { CONV_RECORD_FIELDS, CONV_TILE, CONV_WGSL } from './wgsl';
import { blockPass } from './gpu-agreement';

/**
 * The agreement harness the browser runs on WebGPU (e2e/gpu-kernels.spec.ts), run here with
 * the single-precision reference kernels standing in for the GPU against the double-precision
 * ones: single precision must meet the tolerance the GPU is held to, and the finite-difference
 * check must pass on kernels known to be right (cpu.test.ts).
 */
describe('conv kernel agreement harness', () => {
	it('single-precision reference kernels meet the GPU tolerance against double precision', async () => {
		const report = await convAgreement(createCpuConvDevice('f32'), createCpuConvDevice('f64'));
		expect(report.checks.length).toBe(AGREEMENT_SHAPES.length * 6 + 2);
		for (const c of report.checks) expect(c.worst, c.name).toBeLessThanOrEqual(c.tolerance);
		// Not vacuous: single precision differs from double somewhere.
		expect(Math.max(...report.checks.map((c) => c.worst))).toBeGreaterThan(0);
	});
});

describe('conv dispatch plan', () => {
	it('covers every output with whole tiles and packs the record in the struct order', () => {
		const { geometry, relu } = AGREEMENT_SHAPES[3];
		const pass = blockPass(geometry, relu);
		const [fwd] = pass.forward;
		const d = convDispatch(fwd);
		// 3 images × 7×5 pixels = 105 rows, 17 channels: 7 × 2 tiles, the last of each ragged.
		expect(d).toMatchObject({ kernel: 'conv_forward', groups: [2, 7] });
		expect(d.groups[1] * CONV_TILE).toBeGreaterThanOrEqual(105);
		const u = new Uint32Array(packConvRecords([d.record]), 0, CONV_RECORD_FIELDS.length);
		expect(Array.from(u)).toEqual([3, 7, 5, 3, 17, 3, 3, 7, 5, 1, 1, 1, pass.at.x, pass.at.w, pass.at.b, pass.at.y, 0]);
		const dw = convDispatch(pass.backward[2]);
		// 27 patch entries + the bias row = 28 rows: 2 tiles.
		expect(dw).toMatchObject({ kernel: 'conv_filter_grad', groups: [2, 2] });
	});

	it('refuses a batch whose rows need more workgroups than WebGPU allows, by name', () => {
		const geometry = {
			batch: 2000,
			height: 28,
			width: 28,
			inChannels: 1,
			outChannels: 16,
			kernelHeight: 3,
			kernelWidth: 3,
			padding: 'same' as const
		};
		expect(() => convDispatch({ op: 'conv', geometry, x: 0, w: 0, bias: 0, y: 0, relu: false })).toThrow(/conv2d on WebGPU.*smaller batch/);
	});

	it('names the WGSL entry points and the record struct as the shader declares them', () => {
		const entries = [...CONV_WGSL.matchAll(/@compute[^\n]*\nfn (\w+)/g)].map((m) => m[1]);
		expect(entries).toEqual([...CONV_KERNELS]);
		const struct = /struct P \{([^}]*)\}/.exec(CONV_WGSL)![1];
		expect([...struct.matchAll(/(\w+): u32/g)].map((m) => m[1])).toEqual([...CONV_RECORD_FIELDS]);
	});
});
