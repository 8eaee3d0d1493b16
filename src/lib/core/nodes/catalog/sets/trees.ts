import type { NodeDefinition } from '../../define';

/** Node types of the model zoo (issue 5): decision tree and random forest; listed in the catalog by ../index.ts. */
export const treesNodes: readonly NodeDefinition[] = [];
