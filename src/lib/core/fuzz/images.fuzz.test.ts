import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../readers/hostile-archives';
import { decodePng } from '../readers/png';
import { readImageZip } from '../readers/zip';
import { FUZZ, mutate, unclearError } from './kit';
import { mutations } from './mutations';

const PNG_DIR = join(__dirname, '..', 'readers', 'fixtures', 'png');
const DIGITS = join(__dirname, '..', '..', '..', '..', 'static', 'samples', 'digits.zip');

/** Valid PNGs of every colour type (written by Python's zlib; see readers/fixtures/png). */
const PNGS = ['gray', 'rgb', 'rgba', 'gray-alpha'].map((name) => ({
	name: `${name}.png`,
	bytes: new Uint8Array(readFileSync(join(PNG_DIR, `${name}.png`)))
}));

/** Small zips of images: the digits sample's 0s and 1s numbered …0 to …5 (folders name classes), and a path,label CSV. */
function seedZips(): { name: string; bytes: Uint8Array }[] {
	const digits = unzipSync(new Uint8Array(readFileSync(DIGITS)), { filter: (f) => /^[01]\/\d{3}[0-5]\.png$/.test(f.name) });
	const enc = (s: string) => new TextEncoder().encode(s);
	return [
		{ name: 'digits-folders.zip', bytes: zipSync(digits) },
		{
			name: 'labelled-csv.zip',
			bytes: zipSync(
				{ 'img/a.png': tinyPng(), 'img/b.png': tinyPng(2, 2, 9), 'labels.csv': enc('path,label\nimg/a.png,x\nimg/b.png,y\n') },
				{ level: 0 }
			)
		}
	];
}

describe('mutated PNGs decode or say why (property-based)', () => {
	it.each(PNGS.map((p) => [p.name, p] as const))(
		'%s: every mutation decodes within the pixel limit or fails with a clear error',
		(name, seed) => {
			let decoded = 0;
			let refused = 0;
			fc.assert(
				fc.property(mutations, (m) => {
					try {
						const image = decodePng(mutate(seed.bytes, m), name);
						expect(image.pixels.length).toBe(image.width * image.height * 4);
						decoded++;
					} catch (e) {
						expect(unclearError(e)).toBeNull();
						expect((e as Error).message.startsWith(`${name}: `)).toBe(true);
						refused++;
					}
				}),
				{ numRuns: FUZZ.runs, seed: FUZZ.seed }
			);
			expect(decoded + refused).toBeGreaterThanOrEqual(FUZZ.runs);
			if (FUZZ.long) console.info(`fuzz ${name}: ${decoded} decoded, ${refused} refused`);
		}
	);
});

describe('mutated zips of images open or say why (property-based)', () => {
	it.each(seedZips().map((z) => [z.name, z] as const))(
		'%s: every mutation reads to a frame or fails with a clear error',
		async (name, seed) => {
			expect((await readImageZip(seed.bytes)).rowCount).toBeGreaterThan(0);
			let opened = 0;
			let refused = 0;
			await fc.assert(
				fc.asyncProperty(mutations, async (m) => {
					try {
						const frame = await readImageZip(mutate(seed.bytes, m));
						expect(frame.rowCount).toBeGreaterThan(0);
						opened++;
					} catch (e) {
						expect(unclearError(e)).toBeNull();
						refused++;
					}
				}),
				{ numRuns: FUZZ.runs, seed: FUZZ.seed }
			);
			expect(opened + refused).toBeGreaterThanOrEqual(FUZZ.runs);
			if (FUZZ.long) console.info(`fuzz ${name}: ${opened} opened, ${refused} refused`);
		}
	);
});
