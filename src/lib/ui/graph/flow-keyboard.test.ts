import { describe, expect, it } from 'vitest';
import { addNode, addNote, createDocument } from '$lib/core/doc';
import { registry } from '$lib/core/nodes/test-kit';
import { canvasKey, connectionMessage, wireStep, type KeyTarget } from './flow-keyboard';
import { movedOnScreen, samePlace } from './flow-moves';
import { flowFromDocument } from './flow-nodes';
import type { CanvasFlowNode } from './types';

const NODE: KeyTarget = { kind: 'node', id: 'n1' };
const OUT = { node: 'a', port: 'data', side: 'output' } as const;
const IN = { node: 'b', port: 'data', side: 'input' } as const;
const PORT: KeyTarget = { kind: 'port', end: OUT, name: 'data out' };
const isNode = (id: string) => id === 'n1';

describe('canvas keys', () => {
	it('Escape drops a held wire, and only then', () => {
		expect(canvasKey('Escape', NODE, true, isNode)).toEqual({ kind: 'cancel-wire' });
		expect(canvasKey('Escape', NODE, false, isNode)).toEqual({ kind: 'none' });
	});
	it('arrows on a node are kept later; arrows elsewhere are not the canvas’s', () => {
		expect(canvasKey('ArrowLeft', NODE, false, isNode)).toEqual({ kind: 'arrow-moved' });
		expect(canvasKey('ArrowDown', PORT, false, isNode)).toEqual({ kind: 'none' });
		expect(canvasKey('ArrowDown', { kind: 'other' }, false, isNode)).toEqual({ kind: 'none' });
	});
	it('Enter or Space wires on a port and selects a pipeline node', () => {
		expect(canvasKey('Enter', PORT, false, isNode)).toEqual({ kind: 'wire', end: OUT, name: 'data out' });
		expect(canvasKey(' ', PORT, true, isNode)).toEqual({ kind: 'wire', end: OUT, name: 'data out' });
		expect(canvasKey('Enter', NODE, false, isNode)).toEqual({ kind: 'select', id: 'n1' });
		// A frame or note is a flow node too, but not selected into the inspector this way.
		expect(canvasKey('Enter', { kind: 'node', id: 'frame-1' }, false, isNode)).toEqual({ kind: 'none' });
		expect(canvasKey('Enter', { kind: 'node', id: undefined }, false, isNode)).toEqual({ kind: 'none' });
		expect(canvasKey('x', NODE, false, isNode)).toEqual({ kind: 'none' });
	});
});

describe('wiring from the keyboard', () => {
	it('the first port holds the wire and says where to go', () => {
		expect(wireStep(null, OUT, 'data out')).toEqual({
			kind: 'hold',
			end: OUT,
			message: 'Connecting from data out: move to an input port (Tab) and press Enter; Escape cancels.'
		});
		expect(wireStep(null, IN, 'data in')).toMatchObject({ kind: 'hold', message: expect.stringContaining('move to an output port') });
	});
	it('a port of the same side holds instead; one of the other side connects output to input', () => {
		expect(wireStep(OUT, { ...OUT, node: 'c' }, 'c')).toMatchObject({ kind: 'hold', end: { node: 'c' } });
		const forward = { kind: 'connect', from: { node: 'a', port: 'data' }, to: { node: 'b', port: 'data' } };
		expect(wireStep(OUT, IN, 'b')).toEqual(forward);
		expect(wireStep(IN, OUT, 'a')).toEqual(forward);
	});
	it('says what a connection did', () => {
		expect(connectionMessage({ ok: false, reason: 'a cycle' }, 'Connected.')).toEqual({
			text: 'Connection refused: a cycle',
			tone: 'error'
		});
		expect(connectionMessage({ ok: true, replaced: 'e1' }, null)).toEqual({
			text: 'Connected; the input’s previous connection was replaced.',
			tone: 'info'
		});
		expect(connectionMessage({ ok: true }, 'Connected to b.')).toEqual({ text: 'Connected to b.', tone: 'info' });
		expect(connectionMessage({ ok: true }, null)).toBeNull();
	});
});

describe('arrow moves', () => {
	const dataset = addNode(createDocument('arrows', new Date(Date.UTC(2026, 0, 1))), registry, 'io.dataset', { x: 10, y: 20 });
	const noted = addNote(dataset.doc, { x: 0, y: 0 });
	if (!noted.ok) throw new Error(noted.error);
	const doc = noted.doc;
	const drawn = flowFromDocument(doc, registry, { nodes: [], edges: [], selectedNodes: new Set(), selectedEdges: new Set() }).nodes;
	const flowNode = (id: string, x: number, y: number, selected: boolean): CanvasFlowNode => ({
		...drawn.find((n) => n.id === id)!,
		position: { x, y },
		selected
	});

	it('a place is the same when it rounds to the same pixel', () => {
		expect(samePlace({ x: 10, y: 20 }, { x: 10.4, y: 19.6 })).toBe(true);
		expect(samePlace({ x: 10, y: 20 }, { x: 15, y: 20 })).toBe(false);
		expect(samePlace(undefined, { x: 0, y: 0 })).toBe(false);
	});
	it('keeps only the selected nodes that stand somewhere new', () => {
		const moved = movedOnScreen(doc, [
			flowNode(dataset.id, 15, 20, true),
			flowNode(noted.id!, 0, 0, true),
			flowNode(noted.id!, 5, 5, false)
		]);
		expect(moved.map((n) => n.id)).toEqual([dataset.id]);
		expect(movedOnScreen(doc, [flowNode(dataset.id, 15, 20, false)])).toEqual([]);
		expect(movedOnScreen(doc, [flowNode(noted.id!, 0, 20, true)]).map((n) => n.id)).toEqual([noted.id]);
	});
});
