import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { getColumn } from '../frame/frame';
import { imageShapeOf, type ImageDecoder } from '../frame/images';
import { readImageZip } from './zip';

// A trivial test format: one byte per gray pixel, 2×2.
const decodeRaw: ImageDecoder = (bytes, path) => {
	if (bytes.length !== 4) throw new Error(`${path}: not a raw 2×2 image`);
	const pixels = new Uint8ClampedArray(16);
	bytes.forEach((v, i) => pixels.set([v, v, v, 255], i * 4));
	return { width: 2, height: 2, pixels };
};
const raw = (...v: number[]) => new Uint8Array(v);
const labels = (frame: Awaited<ReturnType<typeof readImageZip>>) => {
	const c = getColumn(frame, 'label');
	return c.kind === 'category' ? Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k])) : [];
};
const paths = (frame: Awaited<ReturnType<typeof readImageZip>>) => {
	const c = getColumn(frame, 'image');
	return c.kind === 'text' ? c.values : [];
};

describe('readImageZip', () => {
	it('labels images by their class folder and skips what is not an image', async () => {
		const zip = zipSync({
			'set/dogs/2.png': raw(255, 255, 255, 255),
			'set/cats/1.png': raw(0, 51, 102, 153),
			'set/cats/b.png': raw(0, 0, 0, 0),
			'set/README.txt': strToU8('hello'),
			'__MACOSX/set/cats/._1.png': raw(1),
			'set/.DS_Store': raw(1)
		});
		const frame = await readImageZip(zip, { decodeImage: decodeRaw });
		expect(paths(frame)).toEqual(['set/cats/1.png', 'set/cats/b.png', 'set/dogs/2.png']);
		expect(labels(frame)).toEqual(['cats', 'cats', 'dogs']);
		expect(imageShapeOf(frame)).toMatchObject({ height: 2, width: 2, channels: 1 });
		const px = getColumn(frame, 'px_0_1_0');
		expect(px.kind === 'number' && Array.from(px.values)).toEqual([0.2, 0, 1]);
	});

	it('reads path,label from a CSV inside the zip, relative to its folder', async () => {
		const zip = zipSync({
			'data/labels.csv': strToU8('file,class\nimg/a.png,yes\n./img/b.png,no\nimg/c.png,\n'),
			'data/img/a.png': raw(1, 2, 3, 4),
			'data/img/b.png': raw(5, 6, 7, 8),
			'data/img/c.png': raw(9, 9, 9, 9),
			'data/img/unlisted.png': raw(0, 0, 0, 0)
		});
		const frame = await readImageZip(zip, { decodeImage: decodeRaw, height: 1, width: 1 });
		expect(paths(frame)).toEqual(['data/img/a.png', 'data/img/b.png', 'data/img/c.png']);
		expect(labels(frame)).toEqual(['yes', 'no', null]);
		const px = getColumn(frame, 'px_0_0_0');
		expect(px.kind === 'number' && px.values[0]).toBeCloseTo(2.5 / 255, 12);
	});

	it('decodes PNGs with the default decoder and names the file that fails', async () => {
		const png = new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'png', 'rgb.png')));
		const frame = await readImageZip(zipSync({ 'x/a.png': png, 'y/b.png': png }));
		expect(imageShapeOf(frame)).toMatchObject({ height: 6, width: 7, channels: 3 });
		await expect(readImageZip(zipSync({ 'x/a.png': png, 'photos/cat 3.jpg': raw(1, 2) }))).rejects.toThrow(
			'photos/cat 3.jpg: not a PNG image'
		);
		await expect(readImageZip(zipSync({ 'x/a.png': raw(1) }), { decodeImage: decodeRaw })).rejects.toThrow('x/a.png: not a raw 2×2 image');
	});

	it('explains layouts it cannot label', async () => {
		await expect(
			readImageZip(zipSync({ 'a.png': raw(1, 1, 1, 1), 'c/b.png': raw(1, 1, 1, 1) }), { decodeImage: decodeRaw })
		).rejects.toThrow('a.png: sits outside the class folders');
		const unlabelled = await readImageZip(zipSync({ 'a.png': raw(1, 1, 1, 1) }), { decodeImage: decodeRaw });
		expect(labels(unlabelled)).toEqual([null]);
		await expect(
			readImageZip(zipSync({ 'l.csv': strToU8('path,label\nmissing.png,x\n'), 'a.png': raw(1, 1, 1, 1) }), { decodeImage: decodeRaw })
		).rejects.toThrow('l.csv row 2: "missing.png" is not an image in the archive');
		await expect(readImageZip(zipSync({ 'notes.txt': strToU8('x') }))).rejects.toThrow('the zip holds no images');
		await expect(readImageZip(strToU8('not a zip at all'))).rejects.toThrow('not a readable zip archive');
	});

	it('reads the digits sample: 1,797 8×8 gray images in ten class folders', async () => {
		const frame = await readImageZip(
			new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', '..', 'static', 'samples', 'digits.zip')))
		);
		expect(frame.rowCount).toBe(1797);
		expect(imageShapeOf(frame)).toMatchObject({ height: 8, width: 8, channels: 1 });
		const label = getColumn(frame, 'label');
		expect(label.kind === 'category' && label.dictionary).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
	});
});
