/**
 * The file formats the importer reads, by extension. A module of its own so the page
 * (the file chooser's `accept`) can name them without bundling the readers.
 */
export type TableFormat = 'csv' | 'json' | 'parquet' | 'arrow' | 'zip';

/** The extensions the file chooser offers; keep in step with `formatOfName`. */
export const TABLE_EXTENSIONS: readonly string[] = [
	'.csv',
	'.tsv',
	'.txt',
	'.json',
	'.ndjson',
	'.jsonl',
	'.parquet',
	'.arrow',
	'.feather',
	'.ipc',
	'.zip'
];

export function formatOfName(fileName: string): TableFormat | null {
	const dot = fileName.lastIndexOf('.');
	const ext = dot < 0 ? '' : fileName.slice(dot).toLowerCase();
	if (ext === '.csv' || ext === '.tsv' || ext === '.txt' || ext === '.tab') return 'csv';
	if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return 'json';
	if (ext === '.parquet' || ext === '.pq') return 'parquet';
	if (ext === '.arrow' || ext === '.feather' || ext === '.ipc' || ext === '.arrows') return 'arrow';
	// A zip of images, one folder per class or with a path,label CSV (zip.ts).
	if (ext === '.zip') return 'zip';
	return null;
}
