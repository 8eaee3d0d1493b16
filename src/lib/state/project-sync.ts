/**
 * How a tab's open project keeps up with the stored one that other tabs write. tab-sync.ts
 * decides which tab edits (project-tabs.svelte.ts wires it); here: a follower pulls the newer
 * stored document, and an editor whose save was refused shows the newer one and keeps its own
 * as an Undo step, so neither is lost and nothing is written over.
 */
import type { PipelineDocument } from '$lib/core/doc/types';
import type { ProjectRecord } from '$lib/persistence/db';
import { getProject, revisionOf } from '$lib/persistence/projects';
import type { ProjectSave } from './project-save.svelte';

/** Why an edit was refused in a tab that only follows the project (another tab edits it). */
export const FOLLOWING =
	'This project is open for editing in another tab, so this tab only shows it. Press "Edit here instead" to edit it here.';

/** What a tab tells its person about the project changing under it (shown in the status line). */
export type ProjectNotice = { readonly text: string; readonly tone: 'info' | 'warning' | 'error' };

/** What following reads from the project and asks of it. */
export interface SyncTarget {
	id(): string | null;
	doc(): PipelineDocument | null;
	/**
	 * Show a stored record in place of this tab's document. Undo steps were snapshots of this
	 * tab's older documents, so undoing one would silently take back the other tab's edits:
	 * `clearHistory` drops them when the document came from elsewhere.
	 */
	replace(stored: ProjectRecord, clearHistory: boolean): void;
	/** Keep `doc` as an Undo step named `label`. */
	keep(doc: PipelineDocument, label: string): void;
	notice(notice: ProjectNotice): void;
}

export class ProjectSync {
	constructor(
		private readonly target: SyncTarget,
		private readonly save: ProjectSave
	) {}

	/**
	 * Shows the stored record if it is newer than this tab's document and this tab has nothing
	 * unsaved (a follower never has): how a follower follows, and how a tab that becomes the
	 * editor starts from the last save. With unsaved edits the save decides (`takeNewer`).
	 */
	async pull(): Promise<void> {
		const id = this.target.id();
		if (!id) return;
		while (this.save.pending) await this.save.pending;
		const stored = await getProject(id);
		if (this.target.id() !== id || this.save.unsaved) return;
		if (!stored) {
			this.save.error =
				'This project was deleted in another tab or window. What this tab shows is kept until you close it: use Export to keep it as a file.';
			return;
		}
		if (revisionOf(stored) > this.save.revision) this.target.replace(stored, true);
	}

	/**
	 * A save was refused: another tab or window stored a newer revision after this tab's
	 * document was loaded (it missed the other tab's messages, or had its lock taken). The
	 * newer document is shown, and this tab's own one becomes an Undo step.
	 */
	takeNewer(newer: ProjectRecord): void {
		const mine = this.target.doc();
		this.target.replace(newer, false);
		if (mine && this.target.doc() !== mine) this.target.keep(mine, 'the changes this tab could not save');
		this.target.notice({
			text: "This project was changed in another tab or window, so this tab's last changes were not saved over it. The newer version is shown; Undo brings back this tab's version.",
			tone: 'warning'
		});
	}
}
