import type { NodeDefinition } from '../../define';

/** Node types of the model zoo (issue 5): k-means and isolation forest; listed in the catalog by ../index.ts. */
export const unsupervisedNodes: readonly NodeDefinition[] = [];
