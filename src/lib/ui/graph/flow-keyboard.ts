/**
 * The canvas from the keyboard. Enter or Space on a focused node selects it in the flow
 * (Svelte Flow does that) and in the studio, so the inspector and result panel follow the
 * keyboard as they follow a click. On a port they wire: the first press picks up the wire,
 * Enter on a port of the other side connects it (through the same document rules as a drag),
 * Escape drops it. Arrow keys move the selection on screen (Svelte Flow); the document takes
 * the new places once the keys rest, as one undo step, like a drag.
 */
import type { PortRef } from '$lib/core/doc/types';
import type { WireEnd } from '$lib/core/doc/wire-drop';
import type { Studio } from '$lib/state/context';
import type { ProjectState } from '$lib/state/project.svelte';
import { keepMoves, movedOnScreen } from './flow-moves';
import type { CanvasFlowNode } from './types';

/** How long the arrow keys rest before the moves are kept. */
const ARROW_REST_MS = 350;

/** What the canvas knows of the element a key was pressed on. */
export type KeyTarget =
	| { readonly kind: 'node'; readonly id: string | undefined }
	/** `end` is null on a handle that names no node or port. */
	| { readonly kind: 'port'; readonly end: WireEnd | null; readonly name: string }
	| { readonly kind: 'other' };

/** What a key asks of the canvas. */
export type CanvasKey =
	| { readonly kind: 'cancel-wire' }
	/** Svelte Flow moved the selection on screen: keep it once the keys rest. */
	| { readonly kind: 'arrow-moved' }
	/** Enter or Space on a port: pick up or connect a wire (`end` null: nothing to wire). */
	| { readonly kind: 'wire'; readonly end: WireEnd | null; readonly name: string }
	| { readonly kind: 'select'; readonly id: string }
	| { readonly kind: 'none' };

/** A key on the canvas; `isNode` says whether an id is a pipeline node of the document (frames and notes are not selected this way). */
export function canvasKey(key: string, target: KeyTarget, wireHeld: boolean, isNode: (id: string) => boolean): CanvasKey {
	if (key === 'Escape' && wireHeld) return { kind: 'cancel-wire' };
	if (key.startsWith('Arrow') && target.kind === 'node') return { kind: 'arrow-moved' };
	if (key !== 'Enter' && key !== ' ') return { kind: 'none' };
	if (target.kind === 'port') return { kind: 'wire', end: target.end, name: target.name };
	if (target.kind === 'node' && target.id && isNode(target.id)) return { kind: 'select', id: target.id };
	return { kind: 'none' };
}

/** Svelte Flow's node and handle elements, as `canvasKey` reads them. */
export function keyTarget(el: EventTarget | null): KeyTarget {
	if (!(el instanceof HTMLElement)) return { kind: 'other' };
	if (el.classList.contains('svelte-flow__node')) return { kind: 'node', id: el.dataset.id };
	if (!el.classList.contains('svelte-flow__handle')) return { kind: 'other' };
	const node = el.dataset.nodeid;
	const port = el.dataset.handleid;
	const end: WireEnd | null = node && port ? { node, port, side: el.classList.contains('source') ? 'output' : 'input' } : null;
	return { kind: 'port', end, name: el.getAttribute('aria-label') ?? port ?? '' };
}

/** A port pressed while a wire may be held: hold this end (first press, or the same side again), or connect the two. */
export type WireStep =
	| { readonly kind: 'hold'; readonly end: WireEnd; readonly message: string }
	| { readonly kind: 'connect'; readonly from: PortRef; readonly to: PortRef };

export function wireStep(held: WireEnd | null, end: WireEnd, name: string): WireStep {
	if (!held || held.side === end.side) {
		const other = end.side === 'output' ? 'an input' : 'an output';
		return { kind: 'hold', end, message: `Connecting from ${name}: move to ${other} port (Tab) and press Enter; Escape cancels.` };
	}
	const [from, to] = held.side === 'output' ? [held, end] : [end, held];
	return { kind: 'connect', from: { node: from.node, port: from.port }, to: { node: to.node, port: to.port } };
}

/** What a connection made from the canvas says: refused (why), an input's old wire replaced, or `done` (null: nothing). */
export function connectionMessage(
	result: ReturnType<ProjectState['connect']>,
	done: string | null
): { readonly text: string; readonly tone: 'info' | 'error' } | null {
	if (!result.ok) return { text: `Connection refused: ${result.reason}`, tone: 'error' };
	if (result.replaced) return { text: 'Connected; the input’s previous connection was replaced.', tone: 'info' };
	return done === null ? null : { text: done, tone: 'info' };
}

/** The canvas's keydown handler, over the studio and the flow's nodes as they are now. */
export function canvasKeys(studio: Studio, nodes: () => readonly CanvasFlowNode[]): (e: KeyboardEvent) => void {
	const { project, selection, messages, canvas } = studio;
	let arrowRest: ReturnType<typeof setTimeout> | undefined;
	const keptAfterArrows = () => {
		clearTimeout(arrowRest);
		arrowRest = setTimeout(() => {
			const doc = project.doc;
			if (!doc) return;
			const moved = movedOnScreen(doc, nodes());
			if (moved.length > 0) keepMoves(project, moved);
		}, ARROW_REST_MS);
	};
	const wire = (end: WireEnd, name: string) => {
		const step = wireStep(canvas.pendingWire, end, name);
		if (step.kind === 'hold') {
			canvas.pendingWire = step.end;
			messages.say(step.message, 'info');
			return;
		}
		canvas.pendingWire = null;
		const said = connectionMessage(project.connect(step.from, step.to), `Connected to ${name}.`);
		if (said) messages.say(said.text, said.tone);
	};
	return (e) => {
		const key = canvasKey(e.key, keyTarget(e.target), canvas.pendingWire !== null, (id) => !!project.doc?.nodes.some((n) => n.id === id));
		switch (key.kind) {
			case 'cancel-wire':
				canvas.pendingWire = null;
				messages.say('Connection cancelled.', 'info');
				return;
			case 'arrow-moved':
				return keptAfterArrows();
			case 'wire':
				e.preventDefault();
				e.stopPropagation();
				if (key.end) wire(key.end, key.name);
				return;
			case 'select':
				e.preventDefault();
				selection.select(key.id);
				return;
			case 'none':
				return;
		}
	};
}
