import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTableBytes } from '$lib/core/readers/readers';
import { packPaths } from './folder-zip';

const PNG = join(__dirname, '..', 'core', 'readers', 'fixtures', 'png');
const png = (name: string) => new Blob([readFileSync(join(PNG, name))]);

describe('a dropped folder of class folders', () => {
	it('packs as an image zip the importer reads with one label per folder; dotfiles and other files are left out', async () => {
		const packed = await packPaths('pets', [
			{ path: 'cats/a.png', file: png('gray.png') },
			{ path: 'dogs/b.png', file: png('gray.png') },
			{ path: 'dogs/.DS_Store', file: new Blob(['x']) },
			{ path: 'notes.txt', file: new Blob(['x']) }
		]);
		expect(packed).toMatchObject({ name: 'pets.zip', files: 2 });
		const frame = await readTableBytes(new Uint8Array(await packed.blob.arrayBuffer()), { fileName: packed.name });
		expect(frame.rowCount).toBe(2);
		const label = frame.columns.find((c) => c.name === 'label');
		expect(label).toMatchObject({ kind: 'category', dictionary: ['cats', 'dogs'] });
	});

	it('says so when the folder holds no images', async () => {
		await expect(packPaths('empty', [{ path: 'readme.md', file: new Blob(['x']) }])).rejects.toThrow(/the folder holds no images/);
	});

	it('refuses more files or bytes than the zip reader takes, before reading any (the Blobs say their size)', async () => {
		const many = Array.from({ length: 65_536 }, (_, i) => ({ path: `c/${i}.png`, file: new Blob([]) }));
		await expect(packPaths('many', many)).rejects.toThrow(
			'the folder holds 65,536 images; at most 65,535 are imported from a folder — zip it (a zip may hold 100,000) or split it'
		);
		// A Blob that throws when read: the size check must come first.
		const huge = { size: 600 << 20, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob;
		await expect(
			packPaths('big', [
				{ path: 'a/1.png', file: huge },
				{ path: 'b/2.png', file: huge }
			])
		).rejects.toThrow("the folder's images are 1,200 MB, more than the 1,024 MB that are read");
	});
});
