import type { NodeDefinition } from '../../define';

/** Node types of the cleaning toolkit (issue 4); listed in the catalog by ../index.ts. */
export const cleaningNodes: readonly NodeDefinition[] = [];
