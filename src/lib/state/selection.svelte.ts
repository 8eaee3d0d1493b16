/** What is selected on the canvas. UI-only: never part of the pipeline document. */
export class SelectionState {
	node = $state<string | null>(null);

	select(id: string | null): void {
		this.node = id;
	}

	clear(): void {
		this.node = null;
	}
}
