/** What is selected on the canvas. UI-only: never part of the pipeline document. */
export class SelectionState {
	node = $state<string | null>(null);
	/** A column the selected node's result view should scroll to and highlight (UI-only). */
	focusColumn = $state<string | null>(null);
	/** What is selected on the canvas (several nodes and connections), for Delete selection. */
	canvas = $state.raw<{ readonly nodes: readonly string[]; readonly edges: readonly string[] }>({ nodes: [], edges: [] });

	setCanvas(nodes: readonly string[], edges: readonly string[]): void {
		const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
		if (!same(nodes, this.canvas.nodes) || !same(edges, this.canvas.edges)) this.canvas = { nodes, edges };
	}

	select(id: string | null): void {
		if (id !== this.node) this.focusColumn = null;
		this.node = id;
	}

	clear(): void {
		this.node = null;
		this.focusColumn = null;
	}
}
