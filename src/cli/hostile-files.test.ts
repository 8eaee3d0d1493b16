import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { nestedZip, pngWith, tinyPng, zipBomb, zipClaimingEntries } from '../lib/core/readers/hostile-archives';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'tessera-hostile-'));
const file = (name: string, bytes: Uint8Array) => {
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return path;
};

describe('tessera refuses hostile archives and images as a user error (exit 2), naming the problem', () => {
	const cases: [string, Uint8Array, RegExp][] = [
		['bomb.zip', zipBomb(1, 0xffffffff), /bomb\.zip: the zip's images expand to 4,096 MB, more than the 1,024 MB that are read/],
		['many.zip', zipClaimingEntries(3_000_000), /many\.zip: the zip lists 3,000,000 entries; at most 100,000 are read/],
		['nested.zip', nestedZip(), /nested\.zip: more\/inner\.zip: a zip inside the zip/],
		[
			'huge-png.zip',
			zipSync({ 'a/huge.png': pngWith(100_000, 100_000, new Uint8Array(8)), 'b/ok.png': tinyPng() }),
			/huge-png\.zip: a\/huge\.png: image size 100,000×100,000 is out of range/
		],
		[
			'cut-png.zip',
			zipSync({ 'a/cut.png': tinyPng().subarray(0, 45), 'b/ok.png': tinyPng() }),
			/cut-png\.zip: a\/cut\.png: the IDAT chunk is truncated/
		],
		['truncated.zip', zipSync({ 'a/1.png': tinyPng() }).subarray(0, 60), /truncated\.zip: not a readable zip archive/]
	];
	for (const [name, bytes, message] of cases)
		it(name, async () => {
			const res = await cli('profile', file(name, bytes));
			expect(res.stderr).toMatch(message);
			expect(res.code).toBe(2);
		});

	it('while an ordinary zip of PNGs profiles (exit 0)', async () => {
		const res = await cli(
			'profile',
			file('ok.zip', zipSync({ 'cats/1.png': tinyPng(2, 2, 10), 'dogs/2.png': tinyPng(2, 2, 200) })),
			'--json'
		);
		expect(res.code).toBe(0);
		expect(res.json()).toMatchObject({ rows: 2 });
	});
});
