/**
 * A folder the user picked (an <input webkitdirectory> file list) packed as one stored zip,
 * so an image folder imports through the same path as an image zip: one Blob, one content
 * hash, the same class-per-folder reader in the worker. Stored (level 0), not compressed:
 * images are compressed already and packing must stay quick on the page.
 */
const IMAGE_OR_INDEX = /\.(png|jpe?g|gif|webp|bmp|csv)$/i;

export interface PackedFolder {
	readonly name: string;
	readonly blob: Blob;
	readonly files: number;
}

export async function packFolder(files: readonly File[]): Promise<PackedFolder> {
	const kept = files.filter((f) => IMAGE_OR_INDEX.test(f.name) && !f.name.startsWith('.'));
	if (!kept.length)
		throw new Error('the folder holds no images (PNG, JPEG, GIF, WebP or BMP) — pick the folder whose sub-folders are the classes');
	// webkitRelativePath is "<picked folder>/<class>/<file>": the picked folder names the dataset.
	const root = (kept[0].webkitRelativePath || kept[0].name).split('/')[0];
	const entries: Record<string, Uint8Array> = {};
	for (const f of kept) {
		const path = (f.webkitRelativePath || f.name).split('/').slice(1).join('/') || f.name;
		entries[path] = new Uint8Array(await f.arrayBuffer());
	}
	const { zipSync } = await import('fflate');
	const zipped = zipSync(entries, { level: 0 });
	return { name: `${root}.zip`, blob: new Blob([zipped], { type: 'application/zip' }), files: kept.length };
}
