/**
 * What was dropped onto the window, as files and folders. Folders come only through
 * `webkitGetAsEntry`, which must be called during the drop event itself (the items are
 * emptied once it returns), so `droppedEntries` is synchronous and reading them is not.
 */
import type { Dropped } from '$lib/state/drops';

export type { Dropped };

type Pending = { readonly kind: 'file'; readonly file: File } | { readonly kind: 'folder'; readonly entry: FileSystemDirectoryEntry };

/** Call inside the drop handler, before any await. */
export function droppedEntries(dt: DataTransfer): Pending[] {
	const out: Pending[] = [];
	const items = [...dt.items].filter((i) => i.kind === 'file');
	for (const item of items) {
		const entry = item.webkitGetAsEntry?.();
		if (entry?.isDirectory) out.push({ kind: 'folder', entry: entry as FileSystemDirectoryEntry });
		else {
			const file = item.getAsFile();
			if (file) out.push({ kind: 'file', file });
		}
	}
	// A synthetic DataTransfer (or an old browser) may list files only.
	if (!out.length) for (const file of dt.files) out.push({ kind: 'file', file });
	return out;
}

const readBatch = (reader: FileSystemDirectoryReader) =>
	new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: { path: string; file: File }[]): Promise<void> {
	const reader = dir.createReader();
	// readEntries answers in batches (100 in Chromium) until an empty one.
	for (let batch = await readBatch(reader); batch.length; batch = await readBatch(reader))
		for (const entry of batch) {
			const path = prefix ? `${prefix}/${entry.name}` : entry.name;
			if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, path, out);
			else out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
		}
}

export async function readDropped(pending: readonly Pending[]): Promise<Dropped[]> {
	const out: Dropped[] = [];
	for (const p of pending) {
		if (p.kind === 'file') out.push(p);
		else {
			const files: { path: string; file: File }[] = [];
			await walk(p.entry, '', files);
			out.push({ kind: 'folder', name: p.entry.name, files });
		}
	}
	return out;
}
