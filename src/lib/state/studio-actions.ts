import { runPipeline } from './actions';
import { addNoteTo, annotationOf, frameNodes } from './annotations';
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
	addNote: {
		label: 'Add note',
		shortcuts: [],
		enabled: ({ project }) => !!project.doc,
		perform: ({ project }) => void addNoteTo(project)
	},
	frameSelection: {
		label: 'Frame selection',
		shortcuts: [],
		enabled: ({ project, selection }) => selection.canvas.nodes.some((id) => !annotationOf(project.doc, id)),
		perform: ({ project, selection, messages }) => {
			const out = frameNodes(project, selection.canvas.nodes);
			if (!out.ok) messages.say(out.error, 'error');
		}
	}
} as const satisfies Record<string, StudioAction>;

export type ActionId = keyof typeof ACTIONS;

/** The title of a button: the action's name and its first shortcut. */
export function actionTitle(id: ActionId, mac = false): string {
	const a: StudioAction = ACTIONS[id];
	const s = a.shortcuts[0];
	if (!s) return a.label;
	const keys = [s.mod ? (mac ? '⌘' : 'Ctrl') : null, s.shift ? 'Shift' : null, s.key.length === 1 ? s.key.toUpperCase() : s.key].filter(
		Boolean
	);
	return `${a.label} (${keys.join('+')})`;
}

/** The action a key press asks for, if any. Typing in a field never triggers one. */
export function actionForKey(
	e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
	typing: boolean
): ActionId | null {
	if (typing || e.altKey) return null;
	const mod = e.ctrlKey || e.metaKey;
	for (const [id, action] of Object.entries(ACTIONS) as [ActionId, StudioAction][]) {
		if (action.shortcuts.some((s) => s.key.toLowerCase() === e.key.toLowerCase() && !!s.mod === mod && !!s.shift === e.shiftKey)) return id;
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
