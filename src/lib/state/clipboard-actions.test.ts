import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDoc } from '$lib/core/nodes/test-kit';
import { CanvasViewState } from './canvas-view.svelte';
import type { Studio } from './context';
import { DatasetsState } from './datasets.svelte';
import { ProjectState } from './project.svelte';
import { RunState } from './run.svelte';
import { SelectionState } from './selection.svelte';
import { actionForKey, actionTitle, perform } from './studio-actions';
import { MessagesState } from './toasts.svelte';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean } = {}) => ({
	key: k,
	ctrlKey: !!mods.ctrl,
	metaKey: false,
	shiftKey: !!mods.shift,
	altKey: false
});

/** A studio on Dataset → Split. No system clipboard here (Node): the in-page copy serves. */
function studio(): { s: Studio; a: string; b: string } {
	const project = new ProjectState();
	project.doc = emptyDoc();
	const a = project.addNode('io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'iris' })!;
	const b = project.addNode('split.train-test', { x: 300, y: 0 })!;
	project.connect({ node: a, port: 'data' }, { node: b, port: 'data' });
	const s: Studio = {
		project,
		run: new RunState(),
		selection: new SelectionState(),
		datasets: new DatasetsState(),
		messages: new MessagesState(),
		canvas: new CanvasViewState()
	};
	return { s, a, b };
}

describe('clipboard actions', () => {
	it('keys: Ctrl+C/X/V/D and F2; never while typing', () => {
		expect(['c', 'x', 'v', 'd', 'F2'].map((k) => actionForKey(key(k, { ctrl: k !== 'F2' }), false))).toEqual([
			'copy',
			'cut',
			'paste',
			'duplicate',
			'renameNode'
		]);
		expect(actionForKey(key('v', { ctrl: true }), true)).toBeNull();
		expect(actionTitle('duplicate')).toBe('Duplicate (Ctrl+D)');
	});

	it('cut is one undo step; paste into another project brings the nodes and their edge, selected', async () => {
		const { s, a, b } = studio();
		const start = s.project.doc;
		expect(await perform(s, 'copy')).toBe(false); // nothing selected
		s.selection.setCanvas([a, b], []);
		expect(s.selection.node).toBeNull();
		expect(await perform(s, 'cut')).toBe(true);
		expect(s.project.doc!.nodes).toEqual([]);
		expect(s.project.undoLabel).toBe('cut 2 nodes');
		expect(s.selection.canvas).toEqual({ nodes: [], edges: [] });
		s.project.undo();
		expect(s.project.doc).toBe(start);

		const other = studio().s;
		other.project.doc = emptyDoc();
		other.selection.pointer = { x: 100, y: 200 };
		expect(await perform(other, 'paste')).toBe(true);
		expect(other.project.doc!.nodes.map((n) => [n.type, n.position])).toEqual([
			['io.dataset', { x: 100, y: 200 }],
			['split.train-test', { x: 400, y: 200 }]
		]);
		expect(other.project.doc!.edges).toHaveLength(1);
		expect(other.selection.canvas.nodes).toEqual(other.project.doc!.nodes.map((n) => n.id));
		expect(other.messages.current?.text).toBe('Pasted 2 nodes.');
	});

	it('duplicate selects the copies; one copy becomes the inspected node', async () => {
		const { s, b } = studio();
		s.selection.select(b);
		expect(await perform(s, 'duplicate')).toBe(true);
		expect(s.selection.canvas.nodes).toEqual(['train-test-2']);
		expect(s.selection.node).toBe('train-test-2');
		expect(s.project.doc!.nodes).toHaveLength(3);
	});
});
