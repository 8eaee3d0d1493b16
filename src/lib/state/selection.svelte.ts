import type { Position } from '$lib/core/doc/types';

/** A request for a component to take the keyboard focus (the node's label field, the palette's search). */
export type FocusRequest = { readonly target: 'label' | 'palette'; readonly serial: number };

/**
 * What is selected on the canvas. UI-only: never part of the pipeline document.
 *
 * `canvas` is the whole selection (several nodes and connections: shift/ctrl-click, box
 * select); `node` is the one node the inspector and the result panel show. One selected node
 * is also `node`; with several, `node` stays the last one shown and the inspector says how
 * many are selected.
 */
export class SelectionState {
	node = $state<string | null>(null);
	/** A column the selected node's result view should scroll to and highlight (UI-only). */
	focusColumn = $state<string | null>(null);
	/** What is selected on the canvas (several nodes and connections), for Delete, Copy, Duplicate. */
	canvas = $state.raw<{ readonly nodes: readonly string[]; readonly edges: readonly string[] }>({ nodes: [], edges: [] });
	/** Where the pointer is on the canvas, in canvas coordinates; null when it is elsewhere. Pastes land here. */
	pointer = $state.raw<Position | null>(null);
	focusRequest = $state.raw<FocusRequest | null>(null);

	/** The canvas's own selection changed (a click, shift-click, box select). */
	setCanvas(nodes: readonly string[], edges: readonly string[]): void {
		const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
		if (same(nodes, this.canvas.nodes) && same(edges, this.canvas.edges)) return;
		this.canvas = { nodes, edges };
		if (nodes.length === 1) this.show(nodes[0]);
		else if (nodes.length === 0 && edges.length === 0) this.show(null);
	}

	/** Selects one node (or nothing) on the canvas and in the inspector. */
	select(id: string | null): void {
		this.show(id);
		this.canvas = { nodes: id ? [id] : [], edges: [] };
	}

	/** Selects these nodes (a paste, a duplicate). */
	selectNodes(ids: readonly string[]): void {
		if (ids.length === 1) return this.select(ids[0]);
		this.canvas = { nodes: [...ids], edges: [] };
	}

	clear(): void {
		this.select(null);
	}

	/** Ask a component to take the focus (see FocusRequest). */
	requestFocus(target: FocusRequest['target']): void {
		this.focusRequest = { target, serial: (this.focusRequest?.serial ?? 0) + 1 };
	}

	private show(id: string | null): void {
		if (id !== this.node) this.focusColumn = null;
		this.node = id;
	}
}
