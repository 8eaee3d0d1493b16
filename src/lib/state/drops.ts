import { formatOfName } from '$lib/core/readers/formats';

/**
 * What a file dropped onto the window is, so the drop does the obvious thing with it
 * (issue 17): a pipeline file or a share bundle opens as a project, a data file or an image
 * zip/folder imports into the open project, a model file belongs on the Models page, and
 * anything else is named and refused with the reason.
 */
export type DropKind =
	| { readonly kind: 'pipeline' }
	| { readonly kind: 'bundle' }
	| { readonly kind: 'data' }
	| { readonly kind: 'images' }
	| { readonly kind: 'unusable'; readonly why: string };

const PIPELINE_FORMAT = /"format"\s*:\s*"tessera\/pipeline"/;
const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;

/**
 * The kind of a file from its name, its first bytes (as text for JSON) and, for a zip, the
 * names of its entries. Pure: the caller reads the file.
 */
export function dropKindOf(name: string, head: Uint8Array, zipEntries: readonly string[] | null): DropKind {
	if (zipEntries) {
		if (zipEntries.includes('model.json') && zipEntries.includes('arrays.bin'))
			return { kind: 'unusable', why: 'it is a model file: import it on the Models page (Import model file)' };
		if (zipEntries.includes('manifest.json')) return { kind: 'bundle' };
		if (zipEntries.some((e) => IMAGE.test(e))) return { kind: 'images' };
		return { kind: 'unusable', why: 'it is a zip without a bundle manifest or images, so Tessera has nothing to read in it' };
	}
	const format = formatOfName(name);
	if (format === 'json' || (!format && head[0] === 0x7b)) {
		const text = new TextDecoder().decode(head);
		return PIPELINE_FORMAT.test(text) ? { kind: 'pipeline' } : { kind: 'data' };
	}
	if (format) return { kind: 'data' };
	if (IMAGE.test(name))
		return { kind: 'unusable', why: 'a single image is not a dataset: drop the folder of class folders, or a zip of it' };
	const dot = name.lastIndexOf('.');
	return {
		kind: 'unusable',
		why: `Tessera does not read ${dot > 0 ? `${name.slice(dot)} files` : 'files without an extension'} (it reads pipeline files, bundles, CSV, TSV, JSON, Parquet, Arrow, and image zips or folders)`
	};
}

const isZip = (head: Uint8Array) => head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

/** Reads as much of `file` as `dropKindOf` needs: 4 KB, or a zip's entry names (nothing inflated). */
export async function dropKindOfFile(file: Blob & { readonly name: string }): Promise<DropKind> {
	const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
	if (!isZip(head)) return dropKindOf(file.name, head, null);
	const { unzipSync } = await import('fflate');
	const names: string[] = [];
	try {
		unzipSync(new Uint8Array(await file.arrayBuffer()), {
			filter: (f) => {
				names.push(f.name);
				return false;
			}
		});
	} catch {
		return { kind: 'unusable', why: 'it is a damaged zip archive' };
	}
	return dropKindOf(file.name, head, names);
}

/** A dropped file, or a dropped folder with each file's path inside it. */
export type Dropped =
	| { readonly kind: 'file'; readonly file: File }
	| { readonly kind: 'folder'; readonly name: string; readonly files: readonly { readonly path: string; readonly file: File }[] };

/** A project file (pipeline or bundle) opened from a drop: where to go, and what to say. */
export type OpenedByDrop =
	| { readonly ok: true; readonly id: string; readonly name: string; readonly warnings: readonly string[] }
	| { readonly ok: false; readonly name: string; readonly errors: readonly string[] };

const nameOf = (item: Dropped) => (item.kind === 'file' ? item.file.name : `${item.name}/`);

/**
 * The one project file of a drop (a pipeline or bundle; the first, if several) opened as a
 * new project, and a line for each item that is not used, saying why. Data files and image
 * folders are `data` here: whether they can be used depends on the page.
 */
export async function sortDrop(
	items: readonly Dropped[]
): Promise<{ project: File | null; data: { item: Dropped; name: string }[]; refused: string[] }> {
	let project: File | null = null;
	const data: { item: Dropped; name: string }[] = [];
	const refused: string[] = [];
	for (const item of items) {
		if (item.kind === 'folder') {
			data.push({ item, name: nameOf(item) });
			continue;
		}
		const kind = await dropKindOfFile(item.file);
		if (kind.kind === 'unusable') refused.push(`${item.file.name} was not used: ${kind.why}.`);
		else if (kind.kind === 'pipeline' || kind.kind === 'bundle') {
			if (project) refused.push(`${item.file.name} was not opened: drop one pipeline or bundle at a time (${project.name} was opened).`);
			else project = item.file;
		} else data.push({ item, name: item.file.name });
	}
	return { project, data, refused };
}
