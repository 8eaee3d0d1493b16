export { ProjectState, type Outcome } from './project.svelte';
export { RunState, type NodeRun } from './run.svelte';
export { SelectionState } from './selection.svelte';
export { DatasetsState, SAMPLES } from './datasets.svelte';
export { ProjectsState, type ProjectSummary } from './projects.svelte';
export { MessagesState, type StatusMessage, type MessageTone } from './toasts.svelte';
export { getStudio, setStudio, type Studio } from './context';
export { registry, CATEGORY_ORDER, CATEGORY_TITLES } from './registry';
export { WelcomeState, WELCOME_KEY } from './welcome.svelte';
