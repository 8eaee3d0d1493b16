import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../nodes/test-kit';
import { readTableBytes } from '../readers/readers';
import { imageShapeOf, imageShapeOfColumns } from './images';
import { schemaOf } from './frame';
import { pixelsOfRow, thumbnailRgba } from './thumbnails';

describe('thumbnails of image rows', () => {
	it('the digits sample: 8×8 grayscale, drawn from its pixel columns as stored', async () => {
		const frame = await readTableBytes(new Uint8Array(readFileSync(join(SAMPLES, 'digits.zip'))), { fileName: 'digits.zip' });
		const shape = imageShapeOf(frame)!;
		expect(shape).toMatchObject({ height: 8, width: 8, channels: 1 });
		// The schema the page holds gives the same shape.
		expect(imageShapeOfColumns(schemaOf(frame))).toEqual(shape);
		const values = shape.columns.map((name) => (frame.columns.find((c) => c.name === name) as { values: Float64Array }).values[0]);
		const rgba = thumbnailRgba(values, shape);
		expect(rgba.length).toBe(8 * 8 * 4);
		for (let p = 0; p < 64; p++) {
			const grey = Math.round(values[p] * 255);
			expect([rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2], rgba[p * 4 + 3]]).toEqual([grey, grey, grey, 255]);
		}
	});

	it('stretches scaled values over their range, keeps RGB channels, and leaves a missing pixel transparent', () => {
		const scaled = thumbnailRgba([-1, 0, 1, NaN], { height: 2, width: 2, channels: 1 });
		expect([...scaled]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 0]);
		const rgb = thumbnailRgba([1, 0, 0.5], { height: 1, width: 1, channels: 3 });
		expect([...rgb]).toEqual([255, 0, 128, 255]);
	});

	it('reads pixel cells from a row window by column index', () => {
		expect([...pixelsOfRow(['a', '0.5', '', '1'], [1, 3, 2])]).toEqual([0.5, 1, NaN]);
	});
});
