/** What is selected on the canvas. UI-only: never part of the pipeline document. */
export class SelectionState {
	node = $state<string | null>(null);
	/** A column the selected node's result view should scroll to and highlight (UI-only). */
	focusColumn = $state<string | null>(null);

	select(id: string | null): void {
		if (id !== this.node) this.focusColumn = null;
		this.node = id;
	}

	clear(): void {
		this.node = null;
		this.focusColumn = null;
	}
}
