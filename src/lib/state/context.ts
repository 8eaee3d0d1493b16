import { createContext } from 'svelte';
import type { CanvasViewState } from './canvas-view.svelte';
import type { DatasetsState } from './datasets.svelte';
import type { ProjectState } from './project.svelte';
import type { RunState } from './run.svelte';
import type { SelectionState } from './selection.svelte';
import type { MessagesState } from './toasts.svelte';

/** Everything the studio's components share, set once by the studio page. */
export interface Studio {
	readonly project: ProjectState;
	readonly run: RunState;
	readonly selection: SelectionState;
	readonly datasets: DatasetsState;
	readonly messages: MessagesState;
	/** The canvas's view (minimap, palette at the pointer, shortcut sheet); UI-only. */
	readonly canvas: CanvasViewState;
}

const [get, set] = createContext<Studio>();

export const getStudio = get;
export const setStudio = set;
