import { engine } from '$lib/client/engine';
import type { DatasetMeta } from '$lib/core/engine/api';
import type { DataSourceRef } from '$lib/core/nodes/define';
import { listDatasets } from '$lib/persistence/datasets';

export const SAMPLES: readonly { name: string; title: string; note: string }[] = [
	{ name: 'penguins', title: 'Palmer penguins', note: '344 rows · species classification' },
	{ name: 'iris', title: 'Iris', note: '150 rows · species classification' },
	{ name: 'seattle-weather', title: 'Seattle weather', note: '1,461 rows · weather type, dates' }
];

export interface ImportProgressState {
	readonly name: string;
	readonly bytes: number;
	readonly total: number;
}

/** Stored datasets and the upload in progress. */
export class DatasetsState {
	list = $state.raw<DatasetMeta[]>([]);
	importing = $state.raw<ImportProgressState | null>(null);
	error = $state<string | null>(null);

	async refresh(): Promise<void> {
		try {
			this.list = await listDatasets();
		} catch (e) {
			this.error = `Could not list stored datasets: ${e instanceof Error ? e.message : String(e)}`;
		}
	}

	/** Parse and store a file in the worker; null when cancelled or failed (see `error`). */
	async upload(file: File): Promise<DatasetMeta | null> {
		if (this.importing) return null;
		this.error = null;
		this.importing = { name: file.name, bytes: 0, total: file.size };
		let pending: ImportProgressState | null = null;
		let scheduled = false;
		try {
			const meta = await engine().importFile(file, file.name, (p) => {
				// Progress can be chatty: apply at most once per frame.
				pending = { name: file.name, bytes: p.bytes, total: p.total };
				if (!scheduled) {
					scheduled = true;
					requestAnimationFrame(() => {
						scheduled = false;
						if (pending && this.importing) this.importing = pending;
					});
				}
			});
			await this.refresh();
			return meta;
		} catch (e) {
			const message = e instanceof Error ? e.message : String(e);
			this.error = /abort|cancel/i.test(message) ? null : `Import of ${file.name} failed: ${message}`;
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

	/** Schema of a source, for Quick model. */
	inspect(ref: DataSourceRef) {
		return engine().inspectSource(ref);
	}
}
