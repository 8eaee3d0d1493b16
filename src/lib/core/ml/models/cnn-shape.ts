import { assertFinite, type Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import type { EpochStop } from './tf-epochs';

/**
 * The small CNN's shape, weights, options and state, free of TensorFlow.js: both trainers
 * (cnn.ts on tfjs, conv/cnn-train.ts on our kernels) start from here, so a seed gives the same
 * initial weights on either and a state trained by one predicts on the other.
 *
 * The network: two blocks of 3×3 convolution ('same' padding) + ReLU + 2×2 max-pool (the second
 * with twice the filters), then dropout, a dense ReLU layer, dropout and a softmax output.
 */
export interface CnnShape {
	height: number;
	width: number;
	channels: number;
	classes: number;
	filters: number;
	denseUnits: number;
}

/** Weights as plain arrays; conv kernels are [3, 3, in, out] flattened row-major (tf.conv2d's filter layout). */
export interface CnnWeights {
	conv1: { kernel: number[]; bias: number[] };
	conv2: { kernel: number[]; bias: number[] };
	dense: { kernel: number[]; bias: number[] };
	output: { kernel: number[]; bias: number[] };
}

export type LayerName = keyof CnnWeights;
export const LAYERS: readonly LayerName[] = ['conv1', 'conv2', 'dense', 'output'];

/** 2×2 pooling with 'same' padding rounds odd sizes up. */
export const pooled = (n: number) => Math.ceil(n / 2);

/** [inputs, outputs] of each layer's kernel as a matrix. */
export function layerSizes(s: CnnShape): Record<LayerName, [number, number]> {
	const flat = pooled(pooled(s.height)) * pooled(pooled(s.width)) * s.filters * 2;
	return {
		conv1: [9 * s.channels, s.filters],
		conv2: [9 * s.filters, s.filters * 2],
		dense: [flat, s.denseUnits],
		output: [s.denseUnits, s.classes]
	};
}

/**
 * Glorot-uniform kernels (Keras's default; for a convolution fan in and out count the 3×3
 * window) and zero biases, drawn from our seeded generator so that a seed gives the same
 * start on every backend.
 */
export function initialWeights(s: CnnShape, seed: number): CnnWeights {
	const random = createRandom(seed);
	const sizes = layerSizes(s);
	const layer = (name: LayerName) => {
		const [fanIn, units] = sizes[name];
		const fanOut = name.startsWith('conv') ? 9 * units : units;
		const limit = Math.sqrt(6 / (fanIn + fanOut));
		return { kernel: Array.from({ length: fanIn * units }, () => (random() * 2 - 1) * limit), bias: new Array<number>(units).fill(0) };
	};
	return { conv1: layer('conv1'), conv2: layer('conv2'), dense: layer('dense'), output: layer('output') };
}

/** One training image's augmentation: a shift by (dx, dy) pixels and maybe a mirror. */
export interface Shift {
	dx: number;
	dy: number;
	mirror: boolean;
}

/** Draws one image's shift (dx, then dy, then the mirror coin: the order both trainers use). */
export function drawShift(random: () => number, shift: number, flip: boolean): Shift {
	const dx = Math.floor(random() * (2 * shift + 1)) - shift;
	const dy = Math.floor(random() * (2 * shift + 1)) - shift;
	return { dx, dy, mirror: flip && random() < 0.5 };
}

/** The source pixel (sy·w + sx) of output pixel (y, x) under a shift, or -1 where the image moved away (a zero). */
export function shiftSource(s: Shift, y: number, x: number, h: number, w: number): number {
	const sy = y - s.dy;
	const sx = (s.mirror ? w - 1 - x : x) - s.dx;
	return sy >= 0 && sy < h && sx >= 0 && sx < w ? sy * w + sx : -1;
}

export interface CnnEpochLogs {
	loss: number;
	accuracy: number;
	valLoss?: number;
	valAccuracy?: number;
	/** Remaining epochs × mean epoch time so far. */
	etaMs: number;
}

export interface CnnOptions {
	/** Image size and classes; rows of X are images, row-major height × width × channels. */
	height: number;
	width: number;
	channels: number;
	classes: number;
	/** Filters of the first convolution; the second has twice as many. */
	filters?: number;
	denseUnits?: number;
	/** Share of units dropped before and after the dense layer, in [0, 1). */
	dropout?: number;
	/** Training images move by up to this many pixels (0: no shifts). */
	shift?: number;
	/** Mirror half the training images left to right (not for digits or text). */
	flip?: boolean;
	epochs?: number;
	batchSize?: number;
	learningRate?: number;
	seed?: number;
	/** Checked after every batch; the weights of the last whole epoch are kept. */
	signal?: AbortSignal;
	/** After each epoch; `epoch` counts from 0. */
	onEpoch?: (epoch: number, logs: CnnEpochLogs) => void;
	validation?: { X: Matrix; y: Int32Array };
}

/** Same shape as nodes' TrainingStop (core/ml does not import core/nodes). */
export type CnnStop = EpochStop;

/** Plain JSON: enough to predict on any backend, whichever trainer made it. */
export interface CnnState extends CnnShape {
	weights: CnnWeights;
	epochsRun: number;
	stopped: CnnStop | null;
	warning: string | null;
	history: { loss: number[]; accuracy: number[]; valLoss: number[]; valAccuracy: number[] };
	backend: string;
}

export type CnnSettings = Required<Omit<CnnOptions, 'signal' | 'onEpoch' | 'validation'>>;

/** The options with defaults filled in and checked, the shape they give, and checked labels: how both trainers start. */
export function cnnSettings(X: Matrix, y: Int32Array, opts: CnnOptions): { o: CnnSettings; shape: CnnShape } {
	const o: CnnSettings = {
		filters: 16,
		denseUnits: 64,
		dropout: 0.25,
		shift: 1,
		flip: false,
		epochs: 15,
		batchSize: 32,
		learningRate: 0.005,
		seed: 0,
		...definedOnly(opts)
	};
	check(o);
	const shape: CnnShape = {
		height: o.height,
		width: o.width,
		channels: o.channels,
		classes: o.classes,
		filters: o.filters,
		denseUnits: o.denseUnits
	};
	const n = X.rows;
	if (n === 0) throw new Error('CNN: no training rows');
	if (y.length !== n) throw new Error(`CNN: ${y.length} labels for ${n} rows`);
	checkPixels(X, shape, 'training');
	assertFinite(X, 'X');
	checkLabels(y, o.classes, 'training');
	if (opts.validation) {
		checkPixels(opts.validation.X, shape, 'validation');
		checkLabels(opts.validation.y, o.classes, 'validation');
	}
	return { o, shape };
}

export function checkPixels(X: Matrix, s: CnnShape, what: string): void {
	const p = s.height * s.width * s.channels;
	if (X.cols !== p) throw new Error(`CNN: ${what} rows have ${X.cols} values; ${s.height}×${s.width}×${s.channels} images need ${p}`);
}

function checkLabels(y: Int32Array, k: number, what: string): void {
	y.forEach((c, i) => {
		if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`CNN: ${what} class code ${c} at row ${i} is outside 0..${k - 1}`);
	});
}

function check(o: CnnSettings): void {
	const bad = (what: string) => {
		throw new Error(`CNN: ${what}`);
	};
	const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;
	if (!whole(o.height, 1) || !whole(o.width, 1) || !(o.channels === 1 || o.channels === 3))
		bad(`image shape ${o.height}×${o.width}×${o.channels}: use whole sizes and 1 or 3 channels`);
	if (!whole(o.classes, 2)) bad(`classes ${o.classes}: classification needs at least 2`);
	if (!whole(o.filters, 1) || !whole(o.denseUnits, 1))
		bad(`filters ${o.filters} and dense units ${o.denseUnits}: use whole numbers of at least 1`);
	if (!(o.dropout >= 0 && o.dropout < 1)) bad(`dropout ${o.dropout}: use a rate from 0 up to (not including) 1`);
	if (!whole(o.shift, 0)) bad(`shift ${o.shift}: use a whole number of pixels, 0 for none`);
	if (!whole(o.epochs, 1) || !whole(o.batchSize, 1))
		bad(`epochs ${o.epochs} and batch size ${o.batchSize}: use whole numbers of at least 1`);
	if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) bad(`learning rate ${o.learningRate}: use a positive number such as 0.001`);
}

/** Options left undefined fall back to the defaults instead of overriding them. */
function definedOnly<T extends object>(o: T): T {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
