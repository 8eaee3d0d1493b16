import type { Size } from '$lib/core/doc/layout';
import type { Position } from '$lib/core/doc/types';
import type { WireEnd } from '$lib/core/doc/wire-drop';

/** Where the add-node palette opens on the canvas, and for what. */
export interface PaletteRequest {
	/** Where it shows, in the canvas element's own pixels. */
	readonly screen: Position;
	/** Where the chosen node goes, in the document's coordinates. */
	readonly at: Position;
	/** A wire dropped on empty canvas: only types that take its loose end are offered, and the new node is connected. */
	readonly wire?: WireEnd;
}

/** What only the mounted canvas can do (it holds the Svelte Flow instance). */
export interface CanvasControls {
	fitView(): void;
	zoomTo(ids: readonly string[]): void;
	/** The measured size of each node card, for the tidy layout. */
	sizes(): ReadonlyMap<string, Size>;
	/** The pointer's last place over the canvas (or its middle), as screen and document points. */
	pointer(): { readonly screen: Position; readonly at: Position } | null;
	/** The document point in the middle of what is visible. */
	centre(): Position | null;
}

/**
 * The canvas's view: minimap, the palette at the pointer, the shortcut sheet, and the moves
 * that animate. UI-only: nothing here enters the document. The actions in studio-actions.ts
 * reach the flow through the controls the canvas attaches while it is mounted.
 */
export class CanvasViewState {
	minimap = $state(false);
	shortcutsOpen = $state(false);
	palette = $state.raw<PaletteRequest | null>(null);
	/** A wire begun from the keyboard (Enter on a port), waiting for Enter on a port of the other side. */
	pendingWire = $state.raw<WireEnd | null>(null);
	/** Set just before an edit whose moves should glide (Tidy layout); the canvas consumes it. */
	animateNextMove = false;
	private controls: CanvasControls | null = null;

	/** Called by the canvas on mount; the returned function detaches it. */
	attach(controls: CanvasControls): () => void {
		this.controls = controls;
		return () => {
			if (this.controls === controls) this.controls = null;
		};
	}

	fitView(): void {
		this.controls?.fitView();
	}

	zoomTo(ids: readonly string[]): void {
		if (ids.length > 0) this.controls?.zoomTo(ids);
	}

	sizes(): ReadonlyMap<string, Size> {
		return this.controls?.sizes() ?? new Map();
	}

	centre(): Position | null {
		return this.controls?.centre() ?? null;
	}

	/** Opens the searchable palette where the pointer is (or the canvas's middle). */
	openPaletteAtPointer(): void {
		const p = this.controls?.pointer();
		if (p) this.palette = { screen: p.screen, at: p.at };
	}

	openPalette(request: PaletteRequest): void {
		this.palette = request;
	}

	closePalette(): void {
		this.palette = null;
	}
}
