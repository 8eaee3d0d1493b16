import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { createKernels, type KernelChoice } from '../dense/kernels';
import { runOp } from './cpu';
import { convCounts, type ConvGeometry } from './geometry';
import { im2colFloats, runIm2col } from './im2col';
import type { ConvOp } from './kernel-api';

/** Each convolution kernel through im2col + GEMM against the reference loops (cpu.ts), on the same heap contents. */
describe('im2col convolutions', () => {
	const shapes: ConvGeometry[] = [
		{ batch: 2, height: 5, width: 7, inChannels: 3, outChannels: 5, kernelHeight: 3, kernelWidth: 3, padding: 'same' },
		{ batch: 3, height: 6, width: 4, inChannels: 1, outChannels: 8, kernelHeight: 3, kernelWidth: 2, padding: 'valid' },
		{ batch: 4, height: 4, width: 4, inChannels: 16, outChannels: 32, kernelHeight: 3, kernelWidth: 3, padding: 'same' }
	];
	for (const choice of ['js', 'auto'] as KernelChoice[])
		for (const g of shapes)
			it(`${choice === 'js' ? 'JS' : 'SIMD'} multiply: ${g.batch}×${g.height}×${g.width}×${g.inChannels} → ${g.outChannels}, ${g.kernelHeight}×${g.kernelWidth} ${g.padding}`, () => {
				const c = convCounts(g);
				const sc = im2colFloats([g]);
				let at = 0;
				const take = (n: number) => ((at += n), at - n);
				const x = take(c.input);
				const w = take(c.filter);
				const bias = take(c.bias);
				const y = take(c.output);
				const dy = take(c.output);
				const dx = take(c.input);
				const dw = take(c.filter);
				const db = take(c.bias);
				const scratch = { cols: take(sc.cols), filterT: take(sc.filterT) };
				const k = createKernels(at, choice);
				const random = createRandom(3);
				for (let i = 0; i < scratch.cols; i++) k.heap[i] = random() * 2 - 1;
				const ops: ConvOp[] = [
					{ op: 'conv', geometry: g, x, w, bias, y, relu: true },
					{ op: 'conv', geometry: g, x, w, bias, y, relu: false },
					{ op: 'convFilterGrad', geometry: g, x, dy, dw, db },
					{ op: 'convInputGrad', geometry: g, dy, w, dx }
				];
				for (const op of ops) {
					const ref = Float64Array.from(k.heap);
					runOp(ref, op);
					expect(runIm2col(k, scratch, op)).toBe(true);
					let worst = 0;
					for (let i = 0; i < scratch.cols; i++) worst = Math.max(worst, Math.abs(k.heap[i] - ref[i]));
					expect(worst).toBeLessThan(1e-5);
				}
				// Some outputs are non-zero: a kernel that wrote nothing would agree with zeros.
				expect(k.heap.subarray(dx, dx + c.input).some((v) => v !== 0)).toBe(true);
				expect(
					runIm2col(k, scratch, { op: 'maxPool', geometry: { batch: 1, height: 2, width: 2, channels: 1, padding: 'same' }, x, y })
				).toBe(false);
			});
});
