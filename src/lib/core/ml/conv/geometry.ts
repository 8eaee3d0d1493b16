/**
 * Shapes of the convolution kernels' operands, as tfjs names them: images NHWC (batch, rows,
 * columns, channels), filters [kh, kw, in, out] row-major (the CNN's kernel matrix
 * [kh·kw·in, out], cnn-network.ts), stride 1. 'same' pads as tf.conv2d does: floor((k − 1)/2)
 * before, the rest after, so the output keeps the input's size; 'valid' does not pad.
 */
export type Padding = 'same' | 'valid';

export interface ConvGeometry {
	batch: number;
	height: number;
	width: number;
	inChannels: number;
	outChannels: number;
	kernelHeight: number;
	kernelWidth: number;
	padding: Padding;
}

/** A 2×2 max-pool with stride 2 over NHWC images; 'same' keeps a last odd row or column as a window of its own (as tf.maxPool). */
export interface PoolGeometry {
	batch: number;
	height: number;
	width: number;
	channels: number;
	padding: Padding;
}

/** The derived sizes every kernel needs: output rows and columns, and the padding before. */
export interface ConvSizes {
	outHeight: number;
	outWidth: number;
	padTop: number;
	padLeft: number;
	/** Inputs to one output value: kh·kw·in. */
	patch: number;
}

export function convSizes(g: ConvGeometry): ConvSizes {
	checkConv(g);
	const same = g.padding === 'same';
	return {
		outHeight: same ? g.height : g.height - g.kernelHeight + 1,
		outWidth: same ? g.width : g.width - g.kernelWidth + 1,
		padTop: same ? Math.floor((g.kernelHeight - 1) / 2) : 0,
		padLeft: same ? Math.floor((g.kernelWidth - 1) / 2) : 0,
		patch: g.kernelHeight * g.kernelWidth * g.inChannels
	};
}

export function poolSizes(g: PoolGeometry): { outHeight: number; outWidth: number } {
	checkPositive('max-pool', g as unknown as Record<string, number>, ['batch', 'height', 'width', 'channels']);
	const round = g.padding === 'same' ? Math.ceil : Math.floor;
	const out = { outHeight: round(g.height / 2), outWidth: round(g.width / 2) };
	if (out.outHeight < 1 || out.outWidth < 1) throw new Error(`max-pool: a ${g.height}×${g.width} image has no full 2×2 window ('valid')`);
	return out;
}

/** Floats of each operand, for laying out a heap. */
export function convCounts(g: ConvGeometry): { input: number; filter: number; bias: number; output: number } {
	const s = convSizes(g);
	return {
		input: g.batch * g.height * g.width * g.inChannels,
		filter: s.patch * g.outChannels,
		bias: g.outChannels,
		output: g.batch * s.outHeight * s.outWidth * g.outChannels
	};
}

export function poolCounts(g: PoolGeometry): { input: number; output: number } {
	const s = poolSizes(g);
	return { input: g.batch * g.height * g.width * g.channels, output: g.batch * s.outHeight * s.outWidth * g.channels };
}

function checkConv(g: ConvGeometry): void {
	checkPositive('conv2d', g as unknown as Record<string, number>, [
		'batch',
		'height',
		'width',
		'inChannels',
		'outChannels',
		'kernelHeight',
		'kernelWidth'
	]);
	if (g.padding === 'valid' && (g.kernelHeight > g.height || g.kernelWidth > g.width))
		throw new Error(`conv2d: a ${g.kernelHeight}×${g.kernelWidth} filter does not fit a ${g.height}×${g.width} image ('valid' padding)`);
}

function checkPositive(what: string, g: Record<string, number>, keys: readonly string[]): void {
	for (const k of keys)
		if (!Number.isInteger(g[k]) || g[k] < 1) throw new Error(`${what}: ${k} must be a positive whole number, got ${g[k]}`);
}
