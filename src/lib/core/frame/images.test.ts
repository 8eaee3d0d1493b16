import { describe, expect, it } from 'vitest';
import { getColumn } from './frame';
import { imageShapeOf, imagesToFrame, pixelColumnNames, resizeArea, resolveImageShape, toChannels, type LabelledImage } from './images';
import type { Frame } from './types';

function gray(width: number, height: number, values: number[], path = 'x.png', label: string | null = 'a'): LabelledImage {
	const pixels = new Uint8ClampedArray(width * height * 4);
	values.forEach((v, i) => pixels.set([v, v, v, 255], i * 4));
	return { width, height, pixels, path, label };
}

describe('resizeArea', () => {
	it('averages 2×2 blocks when halving', () => {
		const src = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
		// (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, (9+10+13+14)/4 = 11.5, (11+12+15+16)/4 = 13.5
		expect(Array.from(resizeArea(src, 4, 4, 1, 2, 2))).toEqual([3.5, 5.5, 11.5, 13.5]);
	});

	it('weighs partly covered pixels by their overlap (3 → 2)', () => {
		// Destination 0 covers source [0, 1.5): (1·a + 0.5·b) / 1.5; destination 1 covers [1.5, 3).
		const out = resizeArea(Float64Array.from([0, 3, 6]), 3, 1, 1, 2, 1);
		expect(out[0]).toBeCloseTo((0 + 0.5 * 3) / 1.5, 12);
		expect(out[1]).toBeCloseTo((0.5 * 3 + 6) / 1.5, 12);
	});

	it('enlarges by blending at most two neighbours (2 → 3), per channel', () => {
		// Destination 1 covers source [2/3, 4/3): half from each pixel.
		const out = resizeArea(Float64Array.from([0, 10, 6, 20]), 2, 1, 2, 3, 1);
		expect(Array.from(out).map((v) => +v.toFixed(10))).toEqual([0, 10, 3, 15, 6, 20]);
	});
});

describe('toChannels', () => {
	it('uses ITU-R 601 luma and composites alpha over black', () => {
		const image = { width: 2, height: 1, pixels: new Uint8ClampedArray([255, 0, 0, 255, 255, 255, 255, 51]) };
		const g = toChannels(image, 1);
		expect(g[0]).toBeCloseTo(0.299, 12);
		expect(g[1]).toBeCloseTo(0.2, 12);
		expect(Array.from(toChannels(image, 3)).map((v) => +v.toFixed(12))).toEqual([1, 0, 0, 0.2, 0.2, 0.2]);
	});
});

describe('imagesToFrame and imageShapeOf', () => {
	it('builds label, image and pixel columns whose names carry the shape', () => {
		const frame = imagesToFrame([
			gray(2, 2, [0, 51, 102, 255], 'b/1.png', '10'),
			gray(2, 2, [255, 255, 0, 0], 'a/2.png', '9'),
			gray(2, 2, [0, 0, 0, 0], 'c.png', null)
		]);
		expect(frame.columns.map((c) => c.name)).toEqual(['label', 'image', 'px_0_0_0', 'px_0_1_0', 'px_1_0_0', 'px_1_1_0']);
		const label = getColumn(frame, 'label');
		expect(label.kind === 'category' && [label.dictionary, Array.from(label.codes)]).toEqual([
			['9', '10'],
			[1, 0, -1]
		]);
		expect(getColumn(frame, 'image')).toMatchObject({ kind: 'text', values: ['b/1.png', 'a/2.png', 'c.png'] });
		const px = getColumn(frame, 'px_0_1_0');
		expect(px.kind === 'number' && Array.from(px.values)).toEqual([0.2, 1, 0]);
		expect(imageShapeOf(frame)).toEqual({ height: 2, width: 2, channels: 1, columns: ['px_0_0_0', 'px_0_1_0', 'px_1_0_0', 'px_1_1_0'] });
	});

	it('resizes to the chosen size and keeps colour when asked', () => {
		const red = {
			width: 4,
			height: 2,
			pixels: new Uint8ClampedArray(32).map((_, i) => (i % 4 === 0 || i % 4 === 3 ? 255 : 0)),
			path: 'r.png',
			label: 'red'
		};
		const frame = imagesToFrame([red], { height: 1, width: 2, channels: 3 });
		expect(imageShapeOf(frame)).toMatchObject({ height: 1, width: 2, channels: 3 });
		expect(frame.columns.slice(2).map((c) => (c.kind === 'number' ? c.values[0] : NaN))).toEqual([1, 0, 0, 1, 0, 0]);
	});

	it('defaults: small images sharing a size keep it, others become 28×28; gray when every pixel is', () => {
		expect(resolveImageShape([gray(8, 8, []), gray(8, 8, [])])).toEqual({ height: 8, width: 8, channels: 1 });
		expect(resolveImageShape([gray(8, 8, []), gray(9, 8, [])])).toEqual({ height: 28, width: 28, channels: 1 });
		const colour = { width: 40, height: 40, pixels: new Uint8ClampedArray(6400).fill(9).map((v, i) => (i === 0 ? 200 : v)) };
		expect(resolveImageShape([colour])).toEqual({ height: 28, width: 28, channels: 3 });
		expect(() => resolveImageShape([colour], { height: 0 })).toThrow('image height 0: use a whole number of pixels from 1 to 128');
	});

	it('imageShapeOf: null without pixel columns; an error when some are gone', () => {
		const frame = imagesToFrame([gray(2, 2, [1, 2, 3, 4])]);
		expect(imageShapeOf({ columns: frame.columns.slice(0, 2), rowCount: 1 })).toBeNull();
		const partial: Frame = { columns: frame.columns.filter((c) => c.name !== 'px_1_0_0'), rowCount: 1 };
		expect(() => imageShapeOf(partial)).toThrow('the pixel columns are incomplete for 2×2×1 images: 1 missing (px_1_0_0)');
		expect(pixelColumnNames({ height: 1, width: 2, channels: 3 })).toEqual([
			'px_0_0_0',
			'px_0_0_1',
			'px_0_0_2',
			'px_0_1_0',
			'px_0_1_1',
			'px_0_1_2'
		]);
	});
});
