import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { nestedZip, tinyPng, zipBomb, zipClaimingEntries } from './hostile-archives';
import { readImageZip } from './zip';
import { surveyZip, ZIP_LIMITS, ZipLimitError } from './zip-limits';

const images = (name: string) => /\.png$/i.test(name);

describe('zip limits, judged from the central directory before inflating', () => {
	it('reads an ordinary directory: entry count and the images’ uncompressed bytes', () => {
		const zip = zipSync({ 'cats/1.png': new Uint8Array(100), 'dogs/2.png': new Uint8Array(30), 'notes.txt': strToU8('hello') });
		expect(surveyZip(zip, images)).toEqual({ entries: 3, expanded: 130 });
	});

	it('refuses a zip bomb by its declared size, without inflating a member (their data is not even deflate)', async () => {
		// One member claiming 4 GB; two claiming 600 MB each (together past the 1 GB limit).
		for (const bomb of [zipBomb(1, 0xffffffff), zipBomb(2, 600 << 20)]) {
			expect(() => surveyZip(bomb, images)).toThrow(ZipLimitError);
			await expect(readImageZip(bomb)).rejects.toThrow(/the zip's images expand to [\d,]+ MB, more than the 1,024 MB that are read/);
		}
		// Under the limit, the same kind of file reaches inflation, which fails on the garbage: the survey did pass it.
		await expect(readImageZip(zipBomb(1, 1000))).rejects.toThrow(/not a readable zip archive/);
	});

	it('refuses millions of entries from the end record alone (a 98-byte file claiming 5,000,000)', async () => {
		const zip = zipClaimingEntries(5_000_000);
		expect(zip.length).toBe(98);
		await expect(readImageZip(zip)).rejects.toThrow('the zip lists 5,000,000 entries; at most 100,000 are read');
		expect(() => surveyZip(zipClaimingEntries(2 ** 40), images)).toThrow(/lists 1,099,511,627,776 entries/);
	});

	it('refuses a directory that claims more entries than the file can hold', () => {
		const zip = zipClaimingEntries(ZIP_LIMITS.maxEntries);
		expect(() => surveyZip(zip, images)).toThrow(
			'the zip is corrupt: its directory claims 100,000 entries, more than its 98 bytes can hold'
		);
	});

	it('refuses a zip inside the zip, naming it', async () => {
		await expect(readImageZip(nestedZip())).rejects.toThrow(
			'more/inner.zip: a zip inside the zip; archives inside archives are not opened — unzip it and import the inner archive itself'
		);
		// macOS's resource forks of a zip are not nesting.
		const frame = await readImageZip(zipSync({ 'cats/1.png': tinyPng(), '__MACOSX/._x.zip': new Uint8Array(3) }));
		expect(frame.rowCount).toBe(1);
	});

	it('refuses a file that is not a zip, or a truncated one, with a message', () => {
		const zip = zipSync({ 'cats/1.png': tinyPng() });
		expect(() => surveyZip(zip.subarray(0, zip.length - 10), images)).toThrow(/not a readable zip archive: no end-of-archive record/);
		expect(() => surveyZip(strToU8('PK\u0003\u0004 but nothing else'), images)).toThrow(/not a readable zip archive/);
	});
});
