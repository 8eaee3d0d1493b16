import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodePng, isPng } from './png';

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
