import { runPipeline } from './actions';
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
		shortcuts: [{ key: 'z', mod: true }],
		enabled: ({ project }) => project.canUndo,
		perform: ({ project }) => void project.undo()
	},
	redo: {
		label: 'Redo',
		shortcuts: [
			{ key: 'z', mod: true, shift: true },
			{ key: 'y', mod: true }
		],
		enabled: ({ project }) => project.canRedo,
		perform: ({ project }) => void project.redo()
	},
	deleteSelection: {
		label: 'Delete selection',
		shortcuts: [{ key: 'Delete' }, { key: 'Backspace' }],
		enabled: ({ selection }) => selection.canvas.nodes.length + selection.canvas.edges.length > 0,
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
		enabled: ({ project }) => (project.doc?.nodes.length ?? 0) > 0,
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
	}
} as const satisfies Record<string, StudioAction>;

/** The nodes selected on the canvas, or else the one the inspector shows. */
function selectedNodes(selection: Studio['selection']): readonly string[] {
	return selection.canvas.nodes.length > 0 ? selection.canvas.nodes : selection.node ? [selection.node] : [];
}

export type ActionId = keyof typeof ACTIONS;

/** A shortcut as a person reads it: `Ctrl+Shift+Z`, `/`. */
export function shortcutText(s: Shortcut, mac = false): string {
	const keys = [s.mod ? (mac ? '⌘' : 'Ctrl') : null, s.shift ? 'Shift' : null, s.key.length === 1 ? s.key.toUpperCase() : s.key].filter(
		Boolean
	);
	return keys.join('+');
}

/** The title of a button: the action's name and its first shortcut. */
export function actionTitle(id: ActionId, mac = false): string {
	const a: StudioAction = ACTIONS[id];
	const s = a.shortcuts[0];
	return s ? `${a.label} (${shortcutText(s, mac)})` : a.label;
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
