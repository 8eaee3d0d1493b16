import { engine } from '$lib/client/engine';
import type { CheckedImport, DatasetMeta, ImportOptions, ImportProgress, TextPreview } from '$lib/core/engine/api';
import type { DatasetNeed } from './dataset-needs';
import type { DataSourceRef } from '$lib/core/nodes/define';
import type { Task } from '$lib/core/nodes/ports';
import { listDatasets } from '$lib/persistence/datasets';

export const SAMPLES: readonly { name: string; title: string; note: string }[] = [
	{ name: 'penguins', title: 'Palmer penguins', note: '344 rows · species classification' },
	{ name: 'iris', title: 'Iris', note: '150 rows · species classification' },
	{ name: 'seattle-weather', title: 'Seattle weather', note: '1,461 rows · weather type, dates' },
	{ name: 'wine', title: 'Wine', note: '178 rows · 13 measurements, 3 cultivars' },
	{ name: 'diabetes', title: 'Diabetes', note: '442 rows · disease progression (regression)' },
	{ name: 'digits', title: 'Handwritten digits', note: '1,797 images 8×8 · digit classes (image classifier)' },
	{ name: 'reviews', title: 'Product reviews (synthetic)', note: '800 short texts · sentiment (text classification)' },
	// Synthetic samples the templates gallery runs on (scripts/make-template-data.mjs).
	{ name: 'churn', title: 'Customer churn (synthetic)', note: '2,000 customers · churned yes/no, 27% yes' },
	{ name: 'transactions', title: 'Card transactions (synthetic)', note: '5,000 payments · 1.8% fraud' },
	{ name: 'store-sales', title: 'Store sales (synthetic)', note: '3 stores × 730 days · units sold' },
	{ name: 'houses', title: 'House prices (synthetic)', note: '1,500 sales · skewed price (regression)' },
	{ name: 'customers', title: 'Customer spending (synthetic)', note: '600 customers · no label (segmentation)' },
	{ name: 'sensors', title: 'Machine sensors (synthetic)', note: '2,000 readings · 3.6% faults' },
	{ name: 'loans', title: 'Loan decisions (synthetic)', note: '2,000 applicants · approved/declined, with sex' }
];

export interface ImportProgressState {
	readonly name: string;
	readonly bytes: number;
	readonly total: number;
}

/** A file that is not the dataset a node recorded: what was expected, what came, and the file itself. */
export interface DifferentFile {
	readonly node: string;
	readonly file: Blob;
	readonly options: ImportOptions;
	readonly expected: DatasetNeed;
	readonly actual: Extract<CheckedImport, { kind: 'different' }>['actual'];
}

/** Stored datasets, the upload in progress, and the import choices of this session. */
export class DatasetsState {
	list = $state.raw<DatasetMeta[]>([]);
	/** Encoding, delimiter and decimal separator for the next uploads; kept for the session. */
	options = $state<{
		encoding: NonNullable<ImportOptions['encoding']>;
		delimiter: NonNullable<ImportOptions['delimiter']>;
		decimal: NonNullable<ImportOptions['decimal']>;
	}>({
		encoding: 'auto',
		delimiter: 'auto',
		decimal: 'auto'
	});
	/** Open the column-kinds review after each upload. */
	reviewAfterImport = $state(false);
	/** The Dataset node whose column kinds are being reviewed (ImportDialog), if any. */
	reviewing = $state<string | null>(null);
	importing = $state.raw<ImportProgressState | null>(null);
	/** A file refused because it is not the one a Dataset node recorded, awaiting "use anyway". */
	different = $state.raw<DifferentFile | null>(null);
	error = $state<string | null>(null);

	async refresh(): Promise<void> {
		try {
			this.list = await listDatasets();
		} catch (e) {
			this.error = `Could not list stored datasets: ${e instanceof Error ? e.message : String(e)}`;
		}
	}

	/** Parse and store a file in the worker; null when cancelled or failed (see `error`). */
	async upload(
		file: Blob,
		name = file instanceof File ? file.name : 'data.csv',
		options: ImportOptions = this.options
	): Promise<DatasetMeta | null> {
		return this.importing
			? null
			: this.withProgress(file, name, (onProgress) => engine().importFile(file, name, onProgress, { ...options }));
	}

	/**
	 * Parse a file meant to be the dataset whose content hash a pipeline recorded: stored only
	 * when it is that file; a different one comes back unstored, for the person to decide.
	 */
	async uploadChecked(
		file: Blob,
		name: string,
		expectedHash: string,
		options: ImportOptions = this.options
	): Promise<CheckedImport | null> {
		return this.importing
			? null
			: this.withProgress(file, name, (onProgress) => engine().importChecked(file, name, onProgress, { ...options }, expectedHash));
	}

	/** Runs an import with the progress bar and the error line; null when cancelled or failed. */
	private async withProgress<T>(
		file: Blob,
		fileName: string,
		start: (onProgress: (p: ImportProgress) => void) => Promise<T>
	): Promise<T | null> {
		this.error = null;
		this.importing = { name: fileName, bytes: 0, total: file.size };
		let pending: ImportProgressState | null = null;
		let scheduled = false;
		try {
			const result = await start((p) => {
				// Progress can be chatty: apply at most once per frame.
				pending = { name: fileName, bytes: p.bytes, total: p.total };
				if (!scheduled) {
					scheduled = true;
					requestAnimationFrame(() => {
						scheduled = false;
						if (pending && this.importing) this.importing = pending;
					});
				}
			});
			await this.refresh();
			return result;
		} catch (e) {
			const message = e instanceof Error ? e.message : String(e);
			// A full quota's message already names the file, what it needed and what is free.
			const full = e instanceof Error && e.name === 'StorageFullError';
			this.error = full ? message : /abort|cancel/i.test(message) ? null : `Import of ${fileName} failed: ${message}`;
			return null;
		} finally {
			this.importing = null;
		}
	}

	async cancel(): Promise<void> {
		try {
			await engine().cancelImport();
		} catch {
			/* the import ends either way */
		}
	}

	/** A pasted table's first rows and inferred kinds, parsed in the worker. */
	preview(text: string, limit = 8): Promise<TextPreview> {
		return engine().previewText(text, limit);
	}

	/** Schema of a source, for Quick model and the column-kinds review. */
	inspect(ref: DataSourceRef) {
		return engine().inspectSource(ref);
	}

	/** What Quick model would do with each column for this target (the task inferred unless given). */
	quickRecipe(ref: DataSourceRef, target: string, task?: Task) {
		return engine().quickRecipe(ref, target, task);
	}
}
