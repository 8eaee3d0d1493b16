/**
 * Image datasets as ordinary frames, so that storage, Split, Evaluate and Predict need no
 * special case (DESIGN.md §6):
 *
 * - `label`: the class (category; missing for unlabelled images),
 * - `image`: the file's path inside the archive (text),
 * - one number column per pixel value in [0, 1], named `px_<row>_<col>_<channel>` and
 *   ordered row-major (row, then column, then channel) — the H×W×C layout a CNN reads.
 *
 * The names carry the shape: `imageShapeOf` recovers {height, width, channels} from the
 * largest indices, so no metadata travels beside the frame. Every image is resized to one
 * size at import (area averaging) and converted to grayscale (1 channel) or RGB (3).
 */
import { createFrame } from './frame';
import type { Column, Frame } from './types';

/** Pixels as a canvas returns them: RGBA, 8 bits per channel, row-major. */
export interface DecodedImage {
	readonly width: number;
	readonly height: number;
	readonly pixels: Uint8ClampedArray;
}

export interface LabelledImage extends DecodedImage {
	/** Path inside the archive, e.g. `cats/001.png`. */
	readonly path: string;
	/** null: unlabelled (an image to score). */
	readonly label: string | null;
}

/** Turns a file's bytes into pixels; `path` is for the error message when it cannot. */
export type ImageDecoder = (bytes: Uint8Array, path: string) => DecodedImage | Promise<DecodedImage>;

export interface ImageFrameOptions {
	/** Target size in pixels; omitted: the images' own size when they all share one no larger than 28×28, else 28×28. */
	readonly height?: number;
	readonly width?: number;
	/** 1: grayscale, 3: RGB; omitted: grayscale when every pixel is gray. */
	readonly channels?: 1 | 3;
}

export interface ImageShape {
	readonly height: number;
	readonly width: number;
	readonly channels: 1 | 3;
}

export const LABEL_COLUMN = 'label';
export const IMAGE_COLUMN = 'image';
export const DEFAULT_IMAGE_SIZE = 28;
/** Pixel columns per image at most: 128×128 RGB. A frame holds one Float64Array per column. */
export const MAX_PIXEL_COLUMNS = 128 * 128 * 3;

const PIXEL_NAME = /^px_(\d+)_(\d+)_(\d+)$/;

export function pixelColumnName(row: number, col: number, channel: number): string {
	return `px_${row}_${col}_${channel}`;
}

/** The pixel column names for a shape, in the order a CNN reads them (row, column, channel). */
export function pixelColumnNames(shape: ImageShape): string[] {
	const names: string[] = [];
	for (let r = 0; r < shape.height; r++)
		for (let c = 0; c < shape.width; c++) for (let ch = 0; ch < shape.channels; ch++) names.push(pixelColumnName(r, c, ch));
	return names;
}

/**
 * The image shape a frame's pixel columns describe, with those columns in reading order;
 * null when the frame has no pixel columns. Throws when some are missing or not numbers,
 * since a network cannot read a partial image.
 */
export function imageShapeOf(frame: Frame): (ImageShape & { columns: string[] }) | null {
	return imageShapeOfColumns(frame.columns);
}

/** `imageShapeOf` from column names and kinds alone: a schema, as the page holds it. */
export function imageShapeOfColumns(
	frameColumns: readonly { readonly name: string; readonly kind: string }[]
): (ImageShape & { columns: string[] }) | null {
	let height = 0;
	let width = 0;
	let channels = 0;
	let count = 0;
	for (const col of frameColumns) {
		const m = PIXEL_NAME.exec(col.name);
		if (!m) continue;
		if (col.kind !== 'number') throw new Error(`pixel column "${col.name}" is ${col.kind}; pixel columns must stay numbers`);
		height = Math.max(height, Number(m[1]) + 1);
		width = Math.max(width, Number(m[2]) + 1);
		channels = Math.max(channels, Number(m[3]) + 1);
		count++;
	}
	if (count === 0) return null;
	if (channels !== 1 && channels !== 3) throw new Error(`pixel columns name ${channels} channels; images have 1 (grayscale) or 3 (RGB)`);
	const shape: ImageShape = { height, width, channels };
	const columns = pixelColumnNames(shape);
	if (count !== columns.length) {
		const present = new Set(frameColumns.map((c) => c.name));
		const missing = columns.filter((n) => !present.has(n));
		throw new Error(
			`the pixel columns are incomplete for ${height}×${width}×${channels} images: ${missing.length} missing (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); keep every px_ column`
		);
	}
	return { ...shape, columns };
}

/**
 * Box-filter weights for resampling `from` samples to `to`: destination i covers the source
 * interval [i·from/to, (i+1)·from/to) and each source sample weighs by its overlap with it.
 * This is area averaging when shrinking and a linear blend of at most two samples when
 * enlarging; unlike bilinear sampling it never skips source pixels.
 */
function boxWeights(from: number, to: number): { index: Int32Array; weight: Float64Array; start: Int32Array } {
	const scale = from / to;
	const index: number[] = [];
	const weight: number[] = [];
	const start = new Int32Array(to + 1);
	for (let i = 0; i < to; i++) {
		start[i] = index.length;
		const a = i * scale;
		const b = (i + 1) * scale;
		for (let s = Math.floor(a); s < Math.min(from, Math.ceil(b)); s++) {
			const w = Math.min(b, s + 1) - Math.max(a, s);
			if (w > 1e-12) {
				index.push(s);
				weight.push(w / scale);
			}
		}
	}
	start[to] = index.length;
	return { index: Int32Array.from(index), weight: Float64Array.from(weight), start };
}

/**
 * Resizes interleaved samples (height × width × channels, row-major) by area averaging,
 * separably: rows first, then columns.
 */
export function resizeArea(
	src: Float64Array,
	width: number,
	height: number,
	channels: number,
	toWidth: number,
	toHeight: number
): Float64Array {
	if (width === toWidth && height === toHeight) return src.slice();
	const wx = boxWeights(width, toWidth);
	const wy = boxWeights(height, toHeight);
	const mid = new Float64Array(height * toWidth * channels);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < toWidth; x++)
			for (let k = wx.start[x]; k < wx.start[x + 1]; k++) {
				const s = (y * width + wx.index[k]) * channels;
				const d = (y * toWidth + x) * channels;
				for (let c = 0; c < channels; c++) mid[d + c] += wx.weight[k] * src[s + c];
			}
	const out = new Float64Array(toHeight * toWidth * channels);
	for (let y = 0; y < toHeight; y++)
		for (let k = wy.start[y]; k < wy.start[y + 1]; k++) {
			const s = wy.index[k] * toWidth * channels;
			const d = y * toWidth * channels;
			for (let i = 0; i < toWidth * channels; i++) out[d + i] += wy.weight[k] * mid[s + i];
		}
	return out;
}

/**
 * RGBA bytes to `channels` values in [0, 1]. Alpha is composited over black, which is what a
 * canvas returns for transparent pixels, so the browser's decoder and ours agree; gray is
 * ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B), as PIL's "L" mode.
 */
export function toChannels(image: DecodedImage, channels: 1 | 3): Float64Array {
	const n = image.width * image.height;
	if (image.pixels.length !== n * 4)
		throw new Error(`${image.width}×${image.height} image has ${image.pixels.length} bytes of RGBA; expected ${n * 4}`);
	const out = new Float64Array(n * channels);
	const px = image.pixels;
	for (let i = 0; i < n; i++) {
		const alpha = px[i * 4 + 3];
		// Opaque pixels divide by 255 exactly, so 8-bit values map to v / 255 as in other tools.
		const of = (v: number) => (alpha === 255 ? v / 255 : (v * alpha) / 65025);
		const [r, g, b] = [of(px[i * 4]), of(px[i * 4 + 1]), of(px[i * 4 + 2])];
		if (channels === 3) {
			out[i * 3] = r;
			out[i * 3 + 1] = g;
			out[i * 3 + 2] = b;
		} else out[i] = r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b;
	}
	return out;
}

function isGray(image: DecodedImage): boolean {
	const px = image.pixels;
	for (let i = 0; i < px.length; i += 4) if (px[i] !== px[i + 1] || px[i] !== px[i + 2]) return false;
	return true;
}

/** The size and channels every image becomes, from the options or from the images themselves. */
export function resolveImageShape(images: readonly DecodedImage[], options: ImageFrameOptions = {}): ImageShape {
	const first = images[0];
	const shared = first && images.every((im) => im.width === first.width && im.height === first.height);
	// Small images that already share a size keep it: enlarging adds columns, not information.
	const keep = shared && first.width <= DEFAULT_IMAGE_SIZE && first.height <= DEFAULT_IMAGE_SIZE;
	const height = options.height ?? (keep ? first.height : DEFAULT_IMAGE_SIZE);
	const width = options.width ?? (keep ? first.width : DEFAULT_IMAGE_SIZE);
	const channels = options.channels ?? (images.every(isGray) ? 1 : 3);
	for (const [name, v] of [
		['height', height],
		['width', width]
	] as const)
		if (!Number.isInteger(v) || v < 1 || v > 128) throw new Error(`image ${name} ${v}: use a whole number of pixels from 1 to 128`);
	if (channels !== 1 && channels !== 3) throw new Error(`image channels ${String(channels)}: use 1 (grayscale) or 3 (RGB)`);
	if (height * width * channels > MAX_PIXEL_COLUMNS)
		throw new Error(`${height}×${width}×${channels} images make too many pixel columns; use a smaller size`);
	return { height, width, channels };
}

/** Natural order, so class "10" follows "9". */
function compareLabels(a: string, b: string): number {
	return a.localeCompare(b, 'en', { numeric: true });
}

/** One row per image: label, path, then the resized pixels (see the module comment). */
export function imagesToFrame(images: readonly LabelledImage[], options: ImageFrameOptions = {}): Frame {
	if (images.length === 0) throw new Error('no images to import');
	const shape = resolveImageShape(images, options);
	const names = pixelColumnNames(shape);
	const values = names.map(() => new Float64Array(images.length));
	images.forEach((im, row) => {
		const resized = resizeArea(toChannels(im, shape.channels), im.width, im.height, shape.channels, shape.width, shape.height);
		for (let j = 0; j < resized.length; j++) values[j][row] = resized[j];
	});
	const dictionary = [...new Set(images.flatMap((im) => (im.label === null ? [] : [im.label])))].sort(compareLabels);
	const index = new Map(dictionary.map((l, i) => [l, i]));
	const columns: Column[] = [
		{
			kind: 'category',
			name: LABEL_COLUMN,
			codes: Int32Array.from(images, (im) => (im.label === null ? -1 : index.get(im.label)!)),
			dictionary
		},
		{ kind: 'text', name: IMAGE_COLUMN, values: images.map((im) => im.path) },
		...names.map((name, j): Column => ({ kind: 'number', name, values: values[j] }))
	];
	return createFrame(columns, images.length);
}
