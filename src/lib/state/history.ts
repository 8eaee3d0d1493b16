/**
 * Undo history as a value: whole-document snapshots (documents are never mutated, so a
 * snapshot is a reference, not a copy), each with the name of the step that left it, so
 * the toolbar can say "Undo add Split". Bounded; a new step clears what was undone.
 */
export interface Step<T> {
	/** The document before the step (on the undo side) or after it (on the redo side). */
	readonly state: T;
	/** What the step did, in words: "add Split", "delete 3 nodes". */
	readonly label: string;
}

export interface History<T> {
	/** Newest last. */
	readonly past: readonly Step<T>[];
	readonly future: readonly Step<T>[];
}

export function emptyHistory<T>(): History<T> {
	return { past: [], future: [] };
}

/** Records that a step named `label` replaced `before`; keeps at most `limit` steps. */
export function record<T>(h: History<T>, before: T, label: string, limit: number): History<T> {
	return { past: [...h.past.slice(-(limit - 1)), { state: before, label }], future: [] };
}

/** Takes back the newest step from `current`: the document to show, and the history after. */
export function undoStep<T>(h: History<T>, current: T): { history: History<T>; state: T; label: string } | null {
	const step = h.past.at(-1);
	if (!step) return null;
	return {
		history: { past: h.past.slice(0, -1), future: [...h.future, { state: current, label: step.label }] },
		state: step.state,
		label: step.label
	};
}

/** Does again the newest undone step. */
export function redoStep<T>(h: History<T>, current: T): { history: History<T>; state: T; label: string } | null {
	const step = h.future.at(-1);
	if (!step) return null;
	return {
		history: { past: [...h.past, { state: current, label: step.label }], future: h.future.slice(0, -1) },
		state: step.state,
		label: step.label
	};
}
