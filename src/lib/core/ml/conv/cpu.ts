import { convSizes, poolSizes, type ConvGeometry, type PoolGeometry } from './geometry';
import type { ConvDevice, ConvHeap, ConvOp } from './kernel-api';

/**
 * The reference convolution kernels: direct loops over the definitions, written for clarity,
 * not speed. Each output is one sum in a fixed order, in double precision, stored in the heap's
 * precision. The heap is single precision as the GPU's, or double for gradient checks, where
 * finite differences need more digits than a float holds.
 */
type Floats = Float32Array | Float64Array;

export function createCpuConvDevice(precision: 'f32' | 'f64' = 'f32'): ConvDevice {
	return {
		kind: 'js',
		software: true,
		description: `TypeScript reference kernels (${precision === 'f32' ? 'single' : 'double'} precision)`,
		createHeap: (floats) => cpuHeap(precision === 'f32' ? new Float32Array(floats) : new Float64Array(floats))
	};
}

function cpuHeap(h: Floats): ConvHeap {
	return {
		kind: 'js',
		floats: h.length,
		write: (offset, data) => h.set(data, offset),
		run: (ops) => ops.forEach((op) => runOp(h, op)),
		read: async (offset, count) => Float32Array.from(h.subarray(offset, offset + count)),
		destroy: () => {}
	};
}

/** Runs one operation on a heap of floats (exported for tests that work in double precision directly). */
export function runOp(h: Floats, op: ConvOp): void {
	switch (op.op) {
		case 'conv':
			return conv(h, op.geometry, op.x, op.w, op.bias, op.y, op.relu);
		case 'convInputGrad':
			return convInputGrad(h, op.geometry, op.dy, op.w, op.dx);
		case 'convFilterGrad':
			return convFilterGrad(h, op.geometry, op.x, op.dy, op.dw, op.db);
		case 'maxPool':
			return maxPool(h, op.geometry, op.x, op.y);
		case 'maxPoolGrad':
			return maxPoolGrad(h, op.geometry, op.x, op.dy, op.dx, op.reluMask);
	}
}

function conv(h: Floats, g: ConvGeometry, x: number, w: number, bias: number, y: number, relu: boolean): void {
	const s = convSizes(g);
	const { inChannels: ci, outChannels: co } = g;
	for (let b = 0; b < g.batch; b++)
		for (let oy = 0; oy < s.outHeight; oy++)
			for (let ox = 0; ox < s.outWidth; ox++)
				for (let o = 0; o < co; o++) {
					let acc = 0;
					for (let ky = 0; ky < g.kernelHeight; ky++) {
						const iy = oy + ky - s.padTop;
						if (iy < 0 || iy >= g.height) continue;
						for (let kx = 0; kx < g.kernelWidth; kx++) {
							const ix = ox + kx - s.padLeft;
							if (ix < 0 || ix >= g.width) continue;
							const xi = x + ((b * g.height + iy) * g.width + ix) * ci;
							const wi = w + (ky * g.kernelWidth + kx) * ci * co + o;
							for (let c = 0; c < ci; c++) acc += h[xi + c] * h[wi + c * co];
						}
					}
					const v = acc + h[bias + o];
					h[y + ((b * s.outHeight + oy) * s.outWidth + ox) * co + o] = relu && !(v > 0) ? 0 : v;
				}
}

function convInputGrad(h: Floats, g: ConvGeometry, dy: number, w: number, dx: number): void {
	const s = convSizes(g);
	const { inChannels: ci, outChannels: co } = g;
	for (let b = 0; b < g.batch; b++)
		for (let iy = 0; iy < g.height; iy++)
			for (let ix = 0; ix < g.width; ix++)
				for (let c = 0; c < ci; c++) {
					let acc = 0;
					for (let ky = 0; ky < g.kernelHeight; ky++) {
						const oy = iy + s.padTop - ky;
						if (oy < 0 || oy >= s.outHeight) continue;
						for (let kx = 0; kx < g.kernelWidth; kx++) {
							const ox = ix + s.padLeft - kx;
							if (ox < 0 || ox >= s.outWidth) continue;
							const di = dy + ((b * s.outHeight + oy) * s.outWidth + ox) * co;
							const wi = w + ((ky * g.kernelWidth + kx) * ci + c) * co;
							for (let o = 0; o < co; o++) acc += h[di + o] * h[wi + o];
						}
					}
					h[dx + ((b * g.height + iy) * g.width + ix) * ci + c] = acc;
				}
}

function convFilterGrad(h: Floats, g: ConvGeometry, x: number, dy: number, dw: number, db: number): void {
	const s = convSizes(g);
	const { inChannels: ci, outChannels: co } = g;
	for (let ky = 0; ky < g.kernelHeight; ky++)
		for (let kx = 0; kx < g.kernelWidth; kx++)
			for (let c = 0; c < ci; c++)
				for (let o = 0; o < co; o++) {
					let acc = 0;
					for (let b = 0; b < g.batch; b++)
						for (let oy = 0; oy < s.outHeight; oy++) {
							const iy = oy + ky - s.padTop;
							if (iy < 0 || iy >= g.height) continue;
							for (let ox = 0; ox < s.outWidth; ox++) {
								const ix = ox + kx - s.padLeft;
								if (ix < 0 || ix >= g.width) continue;
								acc += h[x + ((b * g.height + iy) * g.width + ix) * ci + c] * h[dy + ((b * s.outHeight + oy) * s.outWidth + ox) * co + o];
							}
						}
					h[dw + ((ky * g.kernelWidth + kx) * ci + c) * co + o] = acc;
				}
	const pixels = g.batch * s.outHeight * s.outWidth;
	for (let o = 0; o < co; o++) {
		let acc = 0;
		for (let p = 0; p < pixels; p++) acc += h[dy + p * co + o];
		h[db + o] = acc;
	}
}

/** The offset within the image (in pixels) of the first largest value of output window (oy, ox), channel c. */
function argmax(h: Floats, g: PoolGeometry, x: number, b: number, oy: number, ox: number, c: number): number {
	let best = -1;
	let max = -Infinity;
	for (let dy = 0; dy < 2; dy++)
		for (let dx = 0; dx < 2; dx++) {
			const iy = 2 * oy + dy;
			const ix = 2 * ox + dx;
			if (iy >= g.height || ix >= g.width) continue;
			const v = h[x + ((b * g.height + iy) * g.width + ix) * g.channels + c];
			// Strictly greater: the first of equal values wins; a NaN never does, unless all are.
			if (best < 0 || v > max) {
				best = iy * g.width + ix;
				max = v;
			}
		}
	return best;
}

function maxPool(h: Floats, g: PoolGeometry, x: number, y: number): void {
	const s = poolSizes(g);
	for (let b = 0; b < g.batch; b++)
		for (let oy = 0; oy < s.outHeight; oy++)
			for (let ox = 0; ox < s.outWidth; ox++)
				for (let c = 0; c < g.channels; c++) {
					const at = argmax(h, g, x, b, oy, ox, c);
					h[y + ((b * s.outHeight + oy) * s.outWidth + ox) * g.channels + c] = h[x + (b * g.height * g.width + at) * g.channels + c];
				}
}

function maxPoolGrad(h: Floats, g: PoolGeometry, x: number, dy: number, dx: number, reluMask: boolean): void {
	const s = poolSizes(g);
	// Every input pixel belongs to at most one window (stride = size), so each is written once:
	// zero first, then each window's gradient at its argmax.
	h.fill(0, dx, dx + g.batch * g.height * g.width * g.channels);
	for (let b = 0; b < g.batch; b++)
		for (let oy = 0; oy < s.outHeight; oy++)
			for (let ox = 0; ox < s.outWidth; ox++)
				for (let c = 0; c < g.channels; c++) {
					const at = (b * g.height * g.width + argmax(h, g, x, b, oy, ox, c)) * g.channels + c;
					if (reluMask && !(h[x + at] > 0)) continue;
					h[dx + at] = h[dy + ((b * s.outHeight + oy) * s.outWidth + ox) * g.channels + c];
				}
}
