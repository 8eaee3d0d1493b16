/**
 * A folder the user picked (an <input webkitdirectory> file list) packed as one stored zip,
 * so an image folder imports through the same path as an image zip: one Blob, one content
 * hash, the same class-per-folder reader in the worker. Stored (level 0), not compressed:
 * images are compressed already and packing must stay quick on the page.
 */
import { ZIP_LIMITS } from '$lib/core/readers/zip-limits';

const IMAGE_OR_INDEX = /\.(png|jpe?g|gif|webp|bmp|csv)$/i;
/** fflate writes no zip64 records, so a packed folder holds at most 65,535 files. */
const MAX_FOLDER_FILES = Math.min(0xffff, ZIP_LIMITS.maxEntries);

export interface PackedFolder {
	readonly name: string;
	readonly blob: Blob;
	readonly files: number;
}

export async function packFolder(files: readonly File[]): Promise<PackedFolder> {
	// webkitRelativePath is "<picked folder>/<class>/<file>": the picked folder names the dataset.
	const first = files.find((f) => IMAGE_OR_INDEX.test(f.name) && !f.name.startsWith('.'));
	const root = ((first?.webkitRelativePath || first?.name) ?? 'images').split('/')[0];
	return packPaths(
		root,
		files.map((f) => ({ path: (f.webkitRelativePath || f.name).split('/').slice(1).join('/') || f.name, file: f }))
	);
}

/** A folder as files with their paths inside it (a dropped folder's entries), packed as `packFolder` packs a picked one. */
export async function packPaths(root: string, files: readonly { readonly path: string; readonly file: Blob }[]): Promise<PackedFolder> {
	const kept = files.filter((f) => IMAGE_OR_INDEX.test(f.path) && !f.path.split('/').some((p) => p.startsWith('.')));
	if (!kept.length)
		throw new Error('the folder holds no images (PNG, JPEG, GIF, WebP or BMP) — pick the folder whose sub-folders are the classes');
	// The zip reader's limits, checked before a byte is read into the page.
	if (kept.length > MAX_FOLDER_FILES)
		throw new Error(
			`the folder holds ${kept.length.toLocaleString('en')} images; at most ${MAX_FOLDER_FILES.toLocaleString('en')} are imported from a folder — zip it (a zip may hold ${ZIP_LIMITS.maxEntries.toLocaleString('en')}) or split it`
		);
	const bytes = kept.reduce((n, f) => n + f.file.size, 0);
	if (bytes > ZIP_LIMITS.maxExpanded)
		throw new Error(
			`the folder's images are ${Math.round(bytes / (1 << 20)).toLocaleString('en')} MB, more than the ${(ZIP_LIMITS.maxExpanded >> 20).toLocaleString('en')} MB that are read; import fewer or smaller images`
		);
	const entries: Record<string, Uint8Array> = {};
	for (const f of kept) entries[f.path] = new Uint8Array(await f.file.arrayBuffer());
	const { zipSync } = await import('fflate');
	const zipped = zipSync(entries, { level: 0 });
	return { name: `${root}.zip`, blob: new Blob([zipped], { type: 'application/zip' }), files: kept.length };
}
