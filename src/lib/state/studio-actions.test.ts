import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyDoc, registry } from '$lib/core/nodes/test-kit';
import { quickModel } from '$lib/core/nodes/templates/quick-model';
import type { PipelineDocument } from '$lib/core/doc/types';
import { CanvasViewState } from './canvas-view.svelte';
import type { Studio } from './context';
import { DatasetsState } from './datasets.svelte';
import { ProjectState } from './project.svelte';
import { RunState } from './run.svelte';
import { SelectionState } from './selection.svelte';
import { actionForKey, actionTitle, perform } from './studio-actions';
import { MessagesState } from './toasts.svelte';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
	key: k,
	ctrlKey: !!mods.ctrl,
	metaKey: !!mods.meta,
	shiftKey: !!mods.shift,
	altKey: !!mods.alt
});

/** A studio on a Quick-model pipeline whose every node shows a finished result. */
function studio(): { studio: Studio; doc: PipelineDocument } {
	const run = new RunState();
	const project = new ProjectState({ onEdit: (doc, affected) => run.invalidate(doc, affected) });
	const doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic'
	});
	project.doc = doc;
	run.nodes = Object.fromEntries(doc.nodes.map((n) => [n.id, { status: 'done' as const }]));
	return {
		studio: {
			project,
			run,
			selection: new SelectionState(),
			datasets: new DatasetsState(),
			messages: new MessagesState(),
			canvas: new CanvasViewState()
		},
		doc
	};
}
const idOf = (doc: PipelineDocument, type: string) => doc.nodes.find((n) => n.type === type)!.id;

describe('studio actions', () => {
	it('keys map to actions; typing in a field triggers none', () => {
		expect(actionForKey(key('z', { ctrl: true }), false)).toBe('undo');
		expect(actionForKey(key('z', { meta: true }), false)).toBe('undo');
		expect(actionForKey(key('Z', { ctrl: true, shift: true }), false)).toBe('redo');
		expect(actionForKey(key('y', { ctrl: true }), false)).toBe('redo');
		expect(actionForKey(key('Delete'), false)).toBe('deleteSelection');
		expect(actionForKey(key('Backspace'), false)).toBe('deleteSelection');
		expect(actionForKey(key('Enter', { ctrl: true }), false)).toBe('runAll');
		expect(actionForKey(key('Delete'), true)).toBeNull();
		expect(actionForKey(key('z'), false)).toBeNull();
		expect(actionForKey(key('z', { ctrl: true, alt: true }), false)).toBeNull();
		expect(actionTitle('undo')).toBe('Undo (Ctrl+Z)');
		expect(actionTitle('undo', true)).toBe('Undo (⌘+Z)');
	});

	it('the toolbar and the keyboard give the same document, and one Undo step takes it back', async () => {
		const viaButton = studio();
		const viaKeys = studio();
		for (const { studio: s, doc } of [viaButton, viaKeys]) {
			const model = idOf(doc, 'model.logistic');
			const cut = doc.edges.find((e) => e.to.node === idOf(doc, 'evaluate.metrics') && e.to.port === 'data')!;
			s.selection.setCanvas([model], [cut.id]);
		}
		expect(await perform(viaButton.studio, 'deleteSelection')).toBe(true);
		expect(await perform(viaKeys.studio, actionForKey(key('Delete'), false)!)).toBe(true);
		const after = viaButton.studio.project.doc!;
		expect(viaKeys.studio.project.doc).toEqual(after);
		expect(after.nodes.some((n) => n.type === 'model.logistic')).toBe(false);
		expect(viaButton.studio.selection.canvas).toEqual({ nodes: [], edges: [] });
		// Nothing selected now: Delete does nothing.
		expect(await perform(viaButton.studio, 'deleteSelection')).toBe(false);

		expect(await perform(viaButton.studio, 'undo')).toBe(true);
		expect(viaButton.studio.project.doc).toEqual(viaButton.doc);
		expect(viaButton.studio.project.canRedo).toBe(true);
		expect(await perform(viaButton.studio, actionForKey(key('y', { ctrl: true }), false)!)).toBe(true);
		expect(viaButton.studio.project.doc).toEqual(after);
		expect(await perform(viaButton.studio, 'redo')).toBe(false);
	});

	it('an edit marks exactly what it affects stale, in one place: a param, the document seed', () => {
		const { studio: s, doc } = studio();
		const done = () =>
			Object.entries(s.run.nodes)
				.filter(([, r]) => r.status === 'done')
				.map(([id]) => id)
				.sort();
		const split = idOf(doc, 'split.train-test');
		expect(s.project.setParam(split, 'train', 0.6)).toEqual({ ok: true });
		// The split and everything after it; the dataset, its table and its profile keep their results.
		expect(done()).toEqual([idOf(doc, 'io.dataset'), idOf(doc, 'explore.table'), idOf(doc, 'explore.profile')].sort());
		// The stale ones keep their last result on show, marked out of date.
		expect(s.run.nodes[split]).toEqual({ status: 'idle', stale: true });
		// Moving a node changes no result.
		s.project.moveNodes([{ id: idOf(doc, 'io.dataset'), position: { x: 5, y: 5 } }]);
		expect(done()).toHaveLength(3);
		// The document seed is in every signature: every result is stale (it once marked none).
		expect(s.project.setSeed(7)).toEqual({ ok: true });
		expect(done()).toEqual([]);
	});
});

describe('canvas actions (issue 17: layout)', () => {
	it('keys: Shift+L tidies, F fits, Shift+F zooms to the selection, M the minimap, / the palette, ? the sheet on any layout', () => {
		expect(actionForKey(key('L', { shift: true }), false)).toBe('tidyLayout');
		expect(actionForKey(key('l'), false)).toBeNull();
		expect(actionForKey(key('f'), false)).toBe('fitView');
		expect(actionForKey(key('F', { shift: true }), false)).toBe('zoomToSelection');
		expect(actionForKey(key('m'), false)).toBe('toggleMinimap');
		expect(actionForKey(key('/'), false)).toBe('addNodeAtPointer');
		// `?` is Shift+/ on a US keyboard; the Shift is the layout's, not part of the shortcut.
		expect(actionForKey(key('?', { shift: true }), false)).toBe('showShortcuts');
		expect(actionForKey(key('?'), false)).toBe('showShortcuts');
		expect(actionForKey(key('/'), true)).toBeNull();
		expect(actionTitle('tidyLayout')).toBe('Tidy layout (Shift+L)');
	});

	it('Tidy layout is one edit: it moves nodes, marks no result stale, and one Undo puts every node back', async () => {
		const { studio: s } = studio();
		// Scramble the Quick-model graph: every node piled near the origin in reverse order.
		const n = s.project.doc!.nodes.length;
		s.project.moveNodes(s.project.doc!.nodes.map((node, i) => ({ id: node.id, position: { x: (n - i) * 30, y: i * 7 } })));
		const messy = s.project.doc!;
		expect(await perform(s, 'tidyLayout')).toBe(true);
		const tidy = s.project.doc!;
		expect(tidy).not.toEqual(messy);
		expect(tidy.edges).toEqual(messy.edges);
		for (const e of tidy.edges) {
			const from = tidy.nodes.find((x) => x.id === e.from.node)!;
			const to = tidy.nodes.find((x) => x.id === e.to.node)!;
			expect(to.position.x, `${e.from.node} → ${e.to.node}`).toBeGreaterThan(from.position.x);
		}
		expect(Object.values(s.run.nodes).every((r) => r.status === 'done')).toBe(true);
		expect(s.canvas.animateNextMove).toBe(true);
		expect(await perform(s, 'undo')).toBe(true);
		expect(s.project.doc).toEqual(messy);
	});

	it('a node added where a wire was dropped is connected to it, as one Undo step', () => {
		const { studio: s, doc } = studio();
		const model = idOf(doc, 'model.logistic');
		const r = s.project.addWired('evaluate.metrics', { x: 900, y: 400 }, { node: model, port: 'model', side: 'output' }, 'model');
		expect(r.ok).toBe(true);
		const after = s.project.doc!;
		expect(after.nodes.find((x) => x.id === r.id)!.position).toEqual({ x: 900, y: 400 });
		expect(after.edges.some((e) => e.from.node === model && e.to.node === r.id && e.to.port === 'model')).toBe(true);
		s.project.undo();
		expect(s.project.doc).toEqual(doc);
	});
});
