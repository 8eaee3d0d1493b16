import { runPipeline } from './actions';
import { addNoteTo, annotationOf, frameNodes } from './annotations';
import { readClipboard, writeClipboard } from './clipboard';
import type { Studio } from './context';

/**
 * The studio's editing and running actions, each one plain object used alike by its toolbar
 * button, its keyboard shortcut and (later) the command palette — so a shortcut can never do
 * something other than its button (the Excalidraw pattern). What an action changes in the
 * document goes through ProjectState, which records the step for Undo and marks the affected
 * results stale in one place.
 */
export interface Shortcut {
	readonly key: string;
	/** Ctrl on Linux and Windows, ⌘ on macOS. */
	readonly mod?: boolean;
	readonly shift?: boolean;
}

export interface StudioAction {
	readonly label: string;
	/** The label for what the action would do now ("Undo add Split"), where that says more. */
	readonly describe?: (studio: Studio) => string;
	readonly shortcuts: readonly Shortcut[];
	enabled(studio: Studio): boolean;
	perform(studio: Studio): void | Promise<void>;
}

export const ACTIONS = {
	runAll: {
		label: 'Run all',
		shortcuts: [{ key: 'Enter', mod: true }],
		enabled: ({ project, run }) => !!project.doc && !run.running,
		perform: (studio) => runPipeline(studio)
	},
	cancelRun: {
		label: 'Cancel the run',
		shortcuts: [],
		enabled: ({ run }) => run.running,
		perform: ({ run }) => run.cancel()
	},
	undo: {
		label: 'Undo',
		describe: ({ project }) => (project.undoLabel ? `Undo ${project.undoLabel}` : 'Undo'),
		shortcuts: [{ key: 'z', mod: true }],
		enabled: ({ project }) => project.editable && project.canUndo,
		perform: ({ project }) => void project.undo()
	},
	redo: {
		label: 'Redo',
		describe: ({ project }) => (project.redoLabel ? `Redo ${project.redoLabel}` : 'Redo'),
		shortcuts: [
			{ key: 'z', mod: true, shift: true },
			{ key: 'y', mod: true }
		],
		enabled: ({ project }) => project.editable && project.canRedo,
		perform: ({ project }) => void project.redo()
	},
	deleteSelection: {
		label: 'Delete selection',
		shortcuts: [{ key: 'Delete' }, { key: 'Backspace' }],
		enabled: ({ project, selection }) => project.editable && selection.canvas.nodes.length + selection.canvas.edges.length > 0,
		perform: ({ project, selection }) => {
			const { nodes, edges } = selection.canvas;
			project.remove(nodes, edges);
			if (selection.node && nodes.includes(selection.node)) selection.clear();
			selection.setCanvas([], []);
		}
	},
	// The canvas's view and layout (issue 17); what moves nodes goes through ProjectState as one edit.
	tidyLayout: {
		label: 'Tidy layout',
		shortcuts: [{ key: 'l', shift: true }],
		enabled: ({ project }) => project.editable && (project.doc?.nodes.length ?? 0) > 0,
		perform: ({ project, canvas }) => {
			canvas.animateNextMove = true;
			project.tidy(canvas.sizes());
		}
	},
	fitView: {
		label: 'Fit the view',
		shortcuts: [{ key: 'f' }],
		enabled: ({ project }) => (project.doc?.nodes.length ?? 0) > 0,
		perform: ({ canvas }) => canvas.fitView()
	},
	zoomToSelection: {
		label: 'Zoom to the selection',
		shortcuts: [{ key: 'f', shift: true }],
		enabled: ({ selection }) => selectedNodes(selection).length > 0,
		perform: ({ canvas, selection }) => canvas.zoomTo(selectedNodes(selection))
	},
	toggleMinimap: {
		label: 'Show or hide the minimap',
		shortcuts: [{ key: 'm' }],
		enabled: () => true,
		perform: ({ canvas }) => void (canvas.minimap = !canvas.minimap)
	},
	addNodeAtPointer: {
		label: 'Add a node at the pointer',
		shortcuts: [{ key: '/' }],
		enabled: ({ project }) => !!project.doc,
		perform: ({ canvas }) => canvas.openPaletteAtPointer()
	},
	showShortcuts: {
		label: 'Keyboard shortcuts',
		shortcuts: [{ key: '?' }],
		enabled: () => true,
		perform: ({ canvas }) => void (canvas.shortcutsOpen = true)
	},
	addNote: {
		label: 'Add note',
		shortcuts: [],
		enabled: ({ project }) => project.editable && !!project.doc,
		perform: ({ project }) => void addNoteTo(project)
	},
	frameSelection: {
		label: 'Frame selection',
		shortcuts: [],
		enabled: ({ project, selection }) => project.editable && selection.canvas.nodes.some((id) => !annotationOf(project.doc, id)),
		perform: ({ project, selection, messages }) => {
			const out = frameNodes(project, selection.canvas.nodes);
			if (!out.ok) messages.say(out.error, 'error');
		}
	},
	copy: {
		label: 'Copy',
		shortcuts: [{ key: 'c', mod: true }],
		enabled: hasNodes,
		perform: async (studio) => void (await copySelection(studio))
	},
	cut: {
		label: 'Cut',
		shortcuts: [{ key: 'x', mod: true }],
		enabled: (studio) => studio.project.editable && hasNodes(studio),
		perform: async (studio) => void (await cutSelection(studio))
	},
	paste: {
		label: 'Paste',
		shortcuts: [{ key: 'v', mod: true }],
		enabled: ({ project }) => project.editable && !!project.doc,
		perform: async (studio) => void (await pasteClipboard(studio))
	},
	duplicate: {
		label: 'Duplicate',
		shortcuts: [{ key: 'd', mod: true }],
		enabled: (studio) => studio.project.editable && hasNodes(studio),
		perform: ({ project, selection, messages }) => {
			const outcome = project.duplicate(selection.canvas.nodes);
			report(outcome, 'Duplicated', { selection, messages });
		}
	},
	selectAll: {
		label: 'Select all',
		// No Ctrl+A: that stays the browser's, for selecting text in tables and help.
		shortcuts: [],
		enabled: ({ project }) => (project.doc?.nodes.length ?? 0) > 0,
		perform: ({ project, selection }) => selection.selectNodes(project.doc?.nodes.map((n) => n.id) ?? [])
	},
	runToHere: {
		label: 'Run to here',
		shortcuts: [],
		enabled: ({ project, run, selection }) =>
			!!selection.node && !run.running && !project.doc?.nodes.find((n) => n.id === selection.node)?.inert,
		perform: (studio) => (studio.selection.node ? runPipeline(studio, studio.selection.node) : undefined)
	},
	renameNode: {
		label: 'Rename',
		shortcuts: [{ key: 'F2' }],
		enabled: ({ selection }) => !!selection.node,
		perform: ({ selection }) => selection.requestFocus('label')
	}
} as const satisfies Record<string, StudioAction>;

/** The nodes selected on the canvas, or else the one the inspector shows. */
function selectedNodes(selection: Studio['selection']): readonly string[] {
	return selection.canvas.nodes.length > 0 ? selection.canvas.nodes : selection.node ? [selection.node] : [];
}

function hasNodes({ selection }: Studio): boolean {
	return selection.canvas.nodes.length > 0;
}

/** Says how a paste or duplicate went, and selects what it added. */
function report(
	outcome: ReturnType<Studio['project']['duplicate']>,
	verb: string,
	{ selection, messages }: Pick<Studio, 'selection' | 'messages'>
): void {
	if (!outcome.ok) {
		messages.say(outcome.error, 'error');
		return;
	}
	selection.selectNodes(outcome.ids);
	const what = `${verb} ${outcome.ids.length} node${outcome.ids.length === 1 ? '' : 's'}.`;
	if (outcome.warnings.length) messages.say(`${what} ${outcome.warnings.join('; ')}.`, 'warning', 12_000);
	else messages.say(what, 'success');
}

/**
 * Copy, cut and paste from the keyboard arrive as the browser's clipboard events (see
 * Studio.svelte): they may write and read the system clipboard without a permission prompt.
 * The menus call the same functions without an event, through navigator.clipboard.
 */
export const CLIPBOARD_EVENT_ACTIONS: ReadonlySet<ActionId> = new Set(['copy', 'cut', 'paste']);

/** Copies the selected nodes with the edges between them, as pipeline-file JSON. */
export async function copySelection(studio: Studio, event?: ClipboardEvent): Promise<boolean> {
	const { project, selection, messages } = studio;
	const text = project.copyText(selection.canvas.nodes);
	if (!text) return false;
	await writeClipboard(text, event);
	const n = selection.canvas.nodes.length;
	messages.say(`Copied ${n} node${n === 1 ? '' : 's'}.`, 'info');
	return true;
}

/** Copy, then delete the selection, as one undo step. */
export async function cutSelection(studio: Studio, event?: ClipboardEvent): Promise<boolean> {
	const { project, selection } = studio;
	const { nodes, edges } = selection.canvas;
	const text = project.copyText(nodes);
	if (!text) return false;
	await writeClipboard(text, event);
	project.batch(`cut ${nodes.length} node${nodes.length === 1 ? '' : 's'}`, () => project.remove(nodes, edges));
	selection.clear();
	return true;
}

/** Pastes the clipboard's nodes at the pointer (or beside where they came from) and selects them. */
export async function pasteClipboard(studio: Studio, event?: ClipboardEvent): Promise<boolean> {
	const { project, selection, messages } = studio;
	if (!project.doc) return false;
	event?.preventDefault();
	const text = await readClipboard(event);
	if (!text) {
		messages.say('Nothing to paste: copy some nodes first.', 'warning');
		return false;
	}
	const outcome = project.pasteText(text, selection.pointer);
	report(outcome, 'Pasted', { selection, messages });
	return outcome.ok;
}

export type ActionId = keyof typeof ACTIONS;

/** A shortcut as a person reads it: `Ctrl+Shift+Z`, `/`. */
export function shortcutText(s: Shortcut, mac = false): string {
	const keys = [s.mod ? (mac ? '⌘' : 'Ctrl') : null, s.shift ? 'Shift' : null, s.key.length === 1 ? s.key.toUpperCase() : s.key].filter(
		Boolean
	);
	return keys.join('+');
}

/** The title of a button: the action's name (what it would do now, given the studio) and its first shortcut. */
export function actionTitle(id: ActionId, mac = false, studio?: Studio): string {
	const a: StudioAction = ACTIONS[id];
	const label = studio && a.describe ? a.describe(studio) : a.label;
	const s = a.shortcuts[0];
	return s ? `${label} (${shortcutText(s, mac)})` : label;
}

/** A symbol's Shift belongs to the keyboard layout (`?` is Shift+/ on one, not on another), so it is not compared. */
function shiftMatches(s: Shortcut, shiftKey: boolean): boolean {
	const symbol = s.key.length === 1 && s.key.toLowerCase() === s.key.toUpperCase();
	return symbol || !!s.shift === shiftKey;
}

/** The action a key press asks for, if any. Typing in a field never triggers one. */
export function actionForKey(
	e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
	typing: boolean
): ActionId | null {
	if (typing || e.altKey) return null;
	const mod = e.ctrlKey || e.metaKey;
	for (const [id, action] of Object.entries(ACTIONS) as [ActionId, StudioAction][]) {
		if (action.shortcuts.some((s) => s.key.toLowerCase() === e.key.toLowerCase() && !!s.mod === mod && shiftMatches(s, e.shiftKey)))
			return id;
	}
	return null;
}

/** Perform an action if it is enabled now; what the toolbar and the keyboard both call. */
export async function perform(studio: Studio, id: ActionId): Promise<boolean> {
	const action: StudioAction = ACTIONS[id];
	if (!action.enabled(studio)) return false;
	await action.perform(studio);
	return true;
}
