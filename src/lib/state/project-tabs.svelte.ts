import { onProjectsChanged } from './projects-channel';
import type { ProjectNotice, ProjectState } from './project.svelte';
import { canEdit, TabSync, type RoleChange, type TabChannel, type TabRole } from './tab-sync';

/** What a tab says when its role changes (none at the start: the banner says it for a follower). */
const WORDS: Readonly<Record<RoleChange, ProjectNotice | null>> = {
	first: null,
	'another-tab-editing': null,
	'editor-left': { text: 'The tab that was editing this project has closed: you can edit it here now.', tone: 'info' },
	'took-over': { text: 'You are editing this project here now; the other tab shows your changes and cannot make its own.', tone: 'info' },
	resumed: { text: 'The other tab did not take over, so you can go on editing here.', tone: 'info' },
	'handed-over': {
		text: "Another tab is editing this project now. This tab saved your changes first and shows the other tab's as they are saved.",
		tone: 'info'
	},
	'taken-over': {
		text: 'Another tab took over editing this project. Anything this tab had not saved was saved only if nothing newer was stored.',
		tone: 'warning'
	}
};

/** A BroadcastChannel as tab-sync's channel; a silent one where the browser has none. */
function broadcast(name: string): TabChannel {
	if (typeof BroadcastChannel === 'undefined') return { post: () => {}, listen: () => () => {}, close: () => {} };
	const channel = new BroadcastChannel(name);
	return {
		post: (message) => channel.postMessage(message),
		listen: (listener) => {
			const handler = (e: MessageEvent) => listener(e.data);
			channel.addEventListener('message', handler);
			return () => channel.removeEventListener('message', handler);
		},
		close: () => channel.close()
	};
}

/**
 * The studio's side of two tabs on one project: which role this tab has (tab-sync.ts), whether
 * its ProjectState may edit, and following the editor's saves through the projects channel.
 */
export class ProjectTabs {
	role = $state.raw<TabRole>({ kind: 'starting' });
	private sync: TabSync | null = null;
	private stopFollowing: () => void = () => {};
	private readonly project: ProjectState;
	private readonly notify: (notice: ProjectNotice) => void;

	constructor(project: ProjectState, notify: (notice: ProjectNotice) => void) {
		this.project = project;
		this.notify = notify;
	}

	/** Joins the tabs open on project `id` (once it has loaded); edits wait for the answer. */
	open(id: string): void {
		this.close();
		this.project.editable = false;
		this.role = { kind: 'starting' };
		this.stopFollowing = onProjectsChanged((change) => {
			if (change.project === id && change.kind !== 'added') void this.project.pull();
		});
		const sync = new TabSync({
			me: crypto.randomUUID(),
			project: id,
			locks: typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null,
			channel: broadcast(`tessera:project:${id}`),
			timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
			flush: () => this.project.flush(),
			onRole: (role, change) => void this.changed(sync, role, change)
		});
		this.sync = sync;
		sync.start();
	}

	/** "Edit here instead". */
	takeOver(): void {
		this.sync?.takeOver();
	}

	close(): void {
		this.stopFollowing();
		this.stopFollowing = () => {};
		this.sync?.close();
		this.sync = null;
	}

	private async changed(sync: TabSync, role: TabRole, change: RoleChange | null): Promise<void> {
		this.role = role;
		if (!canEdit(role)) this.project.editable = false;
		// Whichever the new role, start from the last save: an editor edits on top of it, a
		// follower shows it (a ping may have been missed while the roles changed).
		await this.project.pull();
		if (this.sync !== sync) return;
		if (canEdit(role) && canEdit(sync.role)) this.project.editable = true;
		const words = change ? WORDS[change] : null;
		if (words) this.notify(words);
	}
}
