import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pngWith, tinyPng } from './hostile-archives';
import { decodePng, isPng, pngSize } from './png';

// Written by fixtures/png/make-png-fixtures.py with Python's zlib; every row filter appears.
const DIR = join(__dirname, 'fixtures', 'png');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
	string,
	{ width: number; height: number; rgba: number[] }
>;

describe('decodePng', () => {
	for (const name of ['gray', 'rgb', 'rgba', 'gray-alpha']) {
		it(`decodes ${name} written by Python's zlib encoder`, () => {
			const bytes = new Uint8Array(readFileSync(join(DIR, `${name}.png`)));
			expect(isPng(bytes)).toBe(true);
			const image = decodePng(bytes, `${name}.png`);
			expect([image.width, image.height]).toEqual([expected[name].width, expected[name].height]);
			expect(Array.from(image.pixels)).toEqual(expected[name].rgba);
		});
	}

	it('decodes a palette image with transparency', () => {
		const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
		const chunk = (type: string, body: number[]) => [...u32(body.length), ...Array.from(type, (c) => c.charCodeAt(0)), ...body, 0, 0, 0, 0];
		const raw = new Uint8Array([0, 0, 1, 1, 1, 0]); // two rows of two indices, filters None and Sub
		const bytes = new Uint8Array([
			0x89,
			0x50,
			0x4e,
			0x47,
			0x0d,
			0x0a,
			0x1a,
			0x0a,
			...chunk('IHDR', [...u32(2), ...u32(2), 8, 3, 0, 0, 0]),
			...chunk('PLTE', [10, 20, 30, 200, 100, 50]),
			...chunk('tRNS', [0]),
			...chunk('IDAT', Array.from(zlibSync(raw))),
			...chunk('IEND', [])
		]);
		const image = decodePng(bytes);
		expect(Array.from(image.pixels)).toEqual([10, 20, 30, 0, 200, 100, 50, 255, 200, 100, 50, 255, 200, 100, 50, 255]);
	});

	it('says what is wrong and where', () => {
		expect(() => decodePng(new Uint8Array([1, 2, 3]), 'cats/3.png')).toThrow('cats/3.png: not a PNG file');
		const gray = new Uint8Array(readFileSync(join(DIR, 'gray.png')));
		const interlaced = gray.slice();
		interlaced[8 + 8 + 12] = 1; // IHDR's interlace byte
		expect(() => decodePng(interlaced, 'a.png')).toThrow('a.png: interlaced PNGs are not supported');
		const corrupt = gray.slice();
		const idat = Buffer.from(gray).indexOf('IDAT');
		corrupt.fill(0xff, idat + 6, idat + 12);
		expect(() => decodePng(corrupt, 'b.png')).toThrow(/b\.png: /);
	});
});

describe('hostile PNGs', () => {
	it('refuses a PNG that claims 100,000 × 100,000 pixels from its header, before inflating', () => {
		const claim = pngWith(100_000, 100_000, new Uint8Array([1, 2, 3]));
		expect(pngSize(claim)).toEqual({ width: 100_000, height: 100_000 });
		expect(() => decodePng(claim, 'huge.png')).toThrow('huge.png: image size 100,000×100,000 is out of range (at most 67,108,864 pixels)');
		expect(() => decodePng(pngWith(0, 5, new Uint8Array(3)), 'flat.png')).toThrow('flat.png: image size 0×5 is out of range');
	});

	it('refuses truncated and corrupt PNGs with a message naming the file', () => {
		const good = tinyPng(3, 2, 77);
		expect(Array.from(decodePng(good).pixels.subarray(0, 4))).toEqual([77, 77, 77, 255]);
		const errors = new Set<string>();
		// Every cut of the file: either the chunk, the image data or the header is found missing.
		for (let cut = 8; cut < good.length - 16; cut++) {
			expect(() => decodePng(good.subarray(0, cut), 'cut.png')).toThrow(/^cut\.png: /);
			try {
				decodePng(good.subarray(0, cut), 'cut.png');
			} catch (e) {
				errors.add((e as Error).message.replace(/\d+/g, 'N'));
			}
		}
		expect([...errors].sort()).toEqual(
			expect.arrayContaining(['cut.png: the IDAT chunk is truncated', 'cut.png: the IHDR chunk is truncated'])
		);
		// IDAT whose zlib stream is not one; IDAT that inflates to fewer rows than the header says.
		expect(() => decodePng(pngWith(2, 2, new Uint8Array([1, 2, 3, 4])), 'bad.png')).toThrow(
			/^bad\.png: the compressed image data is corrupt/
		);
		expect(() => decodePng(pngWith(2, 50, zlibSync(new Uint8Array(6))), 'short.png')).toThrow(
			'short.png: image data is truncated (6 of 150 bytes)'
		);
	});

	// The output buffer is sized from the header (png.ts), so the 16 MB are never allocated; a test
	// cannot see memory, only that the extra data is ignored rather than refused or misread.
	it('an IDAT of 16 MB of zeros behind a 2 × 2 header gives the 2 × 2 image', () => {
		const bomb = pngWith(2, 2, zlibSync(new Uint8Array(16 << 20)));
		expect(bomb.length).toBeLessThan(100_000);
		const image = decodePng(bomb, 'bomb.png');
		expect([image.width, image.height, image.pixels.length]).toEqual([2, 2, 16]);
	});
});
