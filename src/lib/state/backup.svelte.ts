import {
	BackupError,
	openWorkspace,
	planImport,
	resolveImport,
	type ConflictChoice,
	type ImportPlan,
	type LocalInventory,
	type OpenedWorkspace,
	type PlannedItem
} from '$lib/core/backup';
import { TESSERA_VERSION } from '$lib/core/version';
import { exportWorkspace, importWorkspace, localInventory, type ImportCounts } from '$lib/persistence/backup';

/**
 * Workspace backups on the projects page (core/backup, persistence/backup.ts): Export writes
 * one archive of everything this browser stores; Import reads one, shows what it would add,
 * skip or ask about, and writes only after the person chooses.
 */
export type BackupPhase =
	| { readonly kind: 'idle' }
	| { readonly kind: 'exporting'; readonly progress: string }
	| { readonly kind: 'reading'; readonly file: string }
	| { readonly kind: 'planned'; readonly file: string; readonly plan: ImportPlan; readonly created: string }
	| { readonly kind: 'importing'; readonly file: string; readonly progress: string }
	| { readonly kind: 'done'; readonly file: string; readonly counts: ImportCounts }
	| { readonly kind: 'refused'; readonly file: string; readonly message: string };

export interface ExportedFile {
	readonly blob: Blob;
	readonly filename: string;
	/** e.g. "2 projects, 1 dataset, 3 experiments, 1 model". */
	readonly contents: string;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export class BackupState {
	phase = $state.raw<BackupPhase>({ kind: 'idle' });
	/** What to do with items that differ; keeping both loses nothing, so it is the default. */
	choice = $state<ConflictChoice>('keep-both');
	error = $state<string | null>(null);
	#opened: { opened: OpenedWorkspace; local: LocalInventory } | null = null;

	get busy(): boolean {
		return this.phase.kind === 'exporting' || this.phase.kind === 'reading' || this.phase.kind === 'importing';
	}

	/** The items that differ, for the summary to name. */
	get differing(): readonly PlannedItem[] {
		return this.phase.kind === 'planned' ? this.phase.plan.items.filter((i) => i.status === 'differs') : [];
	}

	async exportAll(now = new Date()): Promise<ExportedFile | null> {
		this.error = null;
		this.phase = { kind: 'exporting', progress: 'Reading the workspace…' };
		try {
			const { parts, manifest } = await exportWorkspace({ created: now.toISOString(), tessera: TESSERA_VERSION }, (p) => {
				this.phase = { kind: 'exporting', progress: `Writing ${p.what} (${p.done} of ${p.total})…` };
			});
			const c = manifest.counts;
			return {
				blob: new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }),
				filename: `tessera-workspace-${now.toISOString().slice(0, 10)}.zip`,
				contents: [
					plural(c.projects, 'project'),
					plural(c.datasets, 'dataset'),
					plural(c.experiments, 'experiment'),
					plural(c.models, 'model version')
				].join(', ')
			};
		} catch (e) {
			this.error = `The workspace could not be exported: ${e instanceof Error ? e.message : String(e)}`;
			return null;
		} finally {
			this.phase = { kind: 'idle' };
		}
	}

	/** Reads and checks an archive and plans the merge; nothing is written yet. */
	async read(file: File): Promise<void> {
		this.error = null;
		this.#opened = null;
		this.choice = 'keep-both';
		this.phase = { kind: 'reading', file: file.name };
		try {
			// The node catalog checks the archive's pipelines; it loads here, not with the projects
			// page, which only shows the Import button (issue 19: start-up weight).
			const { registry } = await import('./registry');
			const opened = await openWorkspace(new Uint8Array(await file.arrayBuffer()), registry);
			const local = await localInventory();
			this.#opened = { opened, local };
			this.phase = { kind: 'planned', file: file.name, plan: planImport(opened.manifest, local), created: opened.manifest.created };
		} catch (e) {
			const message = e instanceof BackupError ? `This file cannot be imported: ${e.message}.` : e instanceof Error ? e.message : String(e);
			this.phase = { kind: 'refused', file: file.name, message };
		}
	}

	/** Writes the planned import with the chosen way for items that differ. */
	async apply(): Promise<void> {
		const phase = this.phase;
		const held = this.#opened;
		if (phase.kind !== 'planned' || !held) return;
		this.phase = { kind: 'importing', file: phase.file, progress: 'Importing…' };
		try {
			const resolved = resolveImport(phase.plan, this.choice, held.local, () => crypto.randomUUID());
			const counts = await importWorkspace(held.opened, resolved, (p) => {
				this.phase = { kind: 'importing', file: phase.file, progress: `Storing ${p.what} (${p.done} of ${p.total})…` };
			});
			this.phase = { kind: 'done', file: phase.file, counts };
		} catch (e) {
			this.phase = { kind: 'refused', file: phase.file, message: e instanceof Error ? e.message : String(e) };
		} finally {
			this.#opened = null;
		}
	}

	close(): void {
		if (this.busy) return;
		this.#opened = null;
		this.phase = { kind: 'idle' };
	}
}
