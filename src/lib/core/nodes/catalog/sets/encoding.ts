import type { NodeDefinition } from '../../define';

/** Node types of the encoding toolkit (issue 4); listed in the catalog by ../index.ts. */
export const encodingNodes: readonly NodeDefinition[] = [];
