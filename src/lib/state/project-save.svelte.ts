/**
 * Autosave of the open project: an edit saves after a short pause, one save at a time, each
 * based on the stored revision the previous one wrote, so a tab never conflicts with itself.
 * A refused save (another tab stored a newer revision) is handed to the project
 * (project-sync.ts shows the newer one); a failed save keeps the edit in memory and says so.
 */
import { touch } from '$lib/core/doc';
import type { PipelineDocument } from '$lib/core/doc/types';
import type { ProjectRecord } from '$lib/persistence/db';
import { saveProject } from '$lib/persistence/projects';

const SAVE_DELAY_MS = 300;

/** What a save reads from the project and tells it. */
export interface SaveTarget {
	/** The open project's id. */
	id(): string | null;
	/** Its document now. */
	doc(): PipelineDocument | null;
	/** A revision was stored (the studio pings other tabs with it). */
	saved(id: string, revision: number): void;
	/** The save was refused: `newer` was stored after this tab's document was loaded. */
	conflict(newer: ProjectRecord): void;
}

export class ProjectSave {
	saving = $state(false);
	/** Why the open document is not saved, in words for the person; null when it is. */
	error = $state<string | null>(null);
	/** The stored revision the open document is based on: the base of its next save. */
	revision = 0;

	private timer: ReturnType<typeof setTimeout> | null = null;
	private dirty = false;
	private inFlight: Promise<void> | null = null;

	constructor(private readonly target: SaveTarget) {}

	/** Whether the open document has edits not yet saved. */
	get unsaved(): boolean {
		return this.dirty;
	}

	/** The document was edited: save it after a pause (edits in quick succession make one save). */
	changed(): void {
		this.dirty = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, SAVE_DELAY_MS);
	}

	/** The document was replaced by a stored one at `revision`: nothing of it is left to save. */
	replaced(revision: number): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.dirty = false;
		this.revision = revision;
	}

	/**
	 * The save in flight, if any. Callers wait with `while (save.pending) await save.pending`,
	 * which goes on at once when there is none: a flush must claim the next save in the same
	 * turn as it was called, before another edit or flush can run.
	 */
	get pending(): Promise<void> | null {
		return this.inFlight;
	}

	retry(): void {
		this.dirty = true;
		void this.flush();
	}

	/** Save now if anything changed (also called on pagehide). */
	async flush(): Promise<void> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		while (this.inFlight) await this.inFlight;
		const id = this.target.id();
		const doc = this.target.doc();
		if (!this.dirty || !id || !doc) return;
		const base = this.revision;
		this.dirty = false;
		this.saving = true;
		const attempt = (async () => {
			try {
				const out = await saveProject(id, touch(doc), base);
				if (this.target.id() !== id) return;
				if (out.ok) {
					this.revision = out.revision;
					if (this.target.doc() === doc) this.error = null;
					this.target.saved(id, out.revision);
				} else if (out.reason === 'conflict') this.target.conflict(out.newer);
				else {
					this.dirty = true;
					this.error =
						'This project was deleted in another tab or window, so your changes cannot be saved to it. They are kept in this tab until you close it: use Export to keep them as a file.';
				}
			} catch (e) {
				this.dirty = true;
				this.error = `Your changes are not saved yet: ${e instanceof Error ? e.message : String(e)}. They are kept in this tab; Tessera retries on the next edit.`;
			} finally {
				this.saving = false;
				this.inFlight = null;
			}
		})();
		this.inFlight = attempt;
		return attempt;
	}
}
