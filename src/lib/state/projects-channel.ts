/**
 * "Projects changed" between the tabs of this browser (issue 18): a studio tab that saves, and
 * a projects page that creates, renames or deletes, say so here; a projects page refreshes its
 * list, and a studio tab following that project reads the newer revision from IndexedDB.
 * Messages carry ids and revisions only: IndexedDB stays the one source of the documents.
 */
export type ProjectsChange =
	| { readonly kind: 'saved'; readonly project: string; readonly revision: number }
	| { readonly kind: 'added'; readonly project: string }
	| { readonly kind: 'removed'; readonly project: string };

const NAME = 'tessera:projects';

/** One channel per page: a BroadcastChannel never hears its own posts, so a tab is not told of its own saves. */
let channel: BroadcastChannel | null = null;
function open(): BroadcastChannel | null {
	if (typeof BroadcastChannel === 'undefined') return null;
	channel ??= new BroadcastChannel(NAME);
	return channel;
}

/** A change another tab posted, checked (any script of this origin can post on the channel). */
export function readProjectsChange(data: unknown): ProjectsChange | null {
	if (typeof data !== 'object' || data === null) return null;
	const m = data as Record<string, unknown>;
	if (typeof m.project !== 'string') return null;
	if (m.kind === 'saved' && typeof m.revision === 'number' && Number.isInteger(m.revision))
		return { kind: 'saved', project: m.project, revision: m.revision };
	if (m.kind === 'added' || m.kind === 'removed') return { kind: m.kind, project: m.project };
	return null;
}

/** Tells the other tabs; nothing where the browser has no BroadcastChannel (each tab then sees changes when it reloads). */
export function announceProjects(change: ProjectsChange): void {
	open()?.postMessage(change);
}

/** Calls `listener` with each change another tab announces; returns how to stop. */
export function onProjectsChanged(listener: (change: ProjectsChange) => void): () => void {
	const c = open();
	if (!c) return () => {};
	const handler = (e: MessageEvent) => {
		const change = readProjectsChange(e.data);
		if (change) listener(change);
	};
	c.addEventListener('message', handler);
	return () => c.removeEventListener('message', handler);
}
