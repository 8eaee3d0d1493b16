import { convSizes, type ConvGeometry } from './geometry';
import type { ConvOp } from './kernel-api';
import type { DenseKernels } from '../dense/kernel-api';
import { columnSums, transpose } from '../dense/network';

/**
 * The three convolution kernels as im2col + the dense multiply (dense/gemm-wasm.ts's SIMD GEMM
 * where it validates), for the CPU trainer: the reference loops (cpu.ts) read one value per
 * multiply-add, the GEMM four to eight. Results agree with the reference to float rounding
 * (the sums run in another order); im2col.test.ts checks each kernel against it.
 *
 * cols holds one row per output pixel (batch, row, column) and one column per filter tap
 * (ky, kx, in channel) — the filter's row order, so the filter is the GEMM's right operand as
 * stored. Taps that fall in the padding are zeros.
 */
export interface Im2colScratch {
	/** Offset of batch · outHeight · outWidth · kh · kw · in floats. */
	cols: number;
	/** Offset of kh · kw · in · out floats, for the transposed filter. */
	filterT: number;
}

/** Floats the scratch needs for these convolutions. */
export function im2colFloats(geometries: readonly ConvGeometry[]): { cols: number; filterT: number } {
	let cols = 0;
	let filterT = 0;
	for (const g of geometries) {
		const s = convSizes(g);
		cols = Math.max(cols, g.batch * s.outHeight * s.outWidth * s.patch);
		filterT = Math.max(filterT, s.patch * g.outChannels);
	}
	return { cols, filterT };
}

function im2col(h: Float32Array, g: ConvGeometry, x: number, cols: number): void {
	const s = convSizes(g);
	const ci = g.inChannels;
	let at = cols;
	for (let b = 0; b < g.batch; b++)
		for (let oy = 0; oy < s.outHeight; oy++)
			for (let ox = 0; ox < s.outWidth; ox++)
				for (let ky = 0; ky < g.kernelHeight; ky++) {
					const iy = oy + ky - s.padTop;
					for (let kx = 0; kx < g.kernelWidth; kx++, at += ci) {
						const ix = ox + kx - s.padLeft;
						// Plain loops: with 1 to 32 channels a tap is too short for fill/copyWithin's call to pay.
						if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) for (let c = 0; c < ci; c++) h[at + c] = 0;
						else for (let c = 0, from = x + ((b * g.height + iy) * g.width + ix) * ci; c < ci; c++) h[at + c] = h[from + c];
					}
				}
}

/** dx ← the sum, over every patch a pixel sits in, of its tap's value in cols (im2col's adjoint). */
function col2im(h: Float32Array, g: ConvGeometry, cols: number, dx: number): void {
	const s = convSizes(g);
	const ci = g.inChannels;
	h.fill(0, dx, dx + g.batch * g.height * g.width * ci);
	let at = cols;
	for (let b = 0; b < g.batch; b++)
		for (let oy = 0; oy < s.outHeight; oy++)
			for (let ox = 0; ox < s.outWidth; ox++)
				for (let ky = 0; ky < g.kernelHeight; ky++) {
					const iy = oy + ky - s.padTop;
					for (let kx = 0; kx < g.kernelWidth; kx++, at += ci) {
						const ix = ox + kx - s.padLeft;
						if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) continue;
						const to = dx + ((b * g.height + iy) * g.width + ix) * ci;
						for (let c = 0; c < ci; c++) h[to + c] += h[at + c];
					}
				}
}

/** Runs a convolution op through im2col + GEMM; false for the ops it does not cover (the pools), which the caller runs on the reference. */
export function runIm2col(k: DenseKernels, scratch: Im2colScratch, op: ConvOp): boolean {
	const h = k.heap;
	if (op.op !== 'conv' && op.op !== 'convInputGrad' && op.op !== 'convFilterGrad') return false;
	const g = op.geometry;
	const s = convSizes(g);
	const pixels = g.batch * s.outHeight * s.outWidth;
	const co = g.outChannels;
	const { cols } = scratch;
	switch (op.op) {
		case 'conv':
			im2col(h, g, op.x, cols);
			k.gemm(pixels, co, s.patch, cols, s.patch, 1, op.w, co, op.y, co, false);
			if (op.relu) k.biasRelu(op.y, pixels, co, op.bias);
			else for (let p = 0, at = op.y; p < pixels; p++, at += co) for (let o = 0; o < co; o++) h[at + o] += h[op.bias + o];
			return true;
		case 'convFilterGrad':
			im2col(h, g, op.x, cols);
			// dW = colsᵀ · dy, reading cols (pixels × patch) transposed in place.
			k.gemm(s.patch, co, pixels, cols, 1, s.patch, op.dy, co, op.dw, co, false);
			columnSums(h, op.dy, pixels, co, op.db);
			return true;
		case 'convInputGrad':
			transpose(h, op.w, s.patch, co, scratch.filterT);
			k.gemm(pixels, s.patch, co, op.dy, co, 1, scratch.filterT, s.patch, cols, s.patch, false);
			col2im(h, g, cols, op.dx);
			return true;
	}
}
