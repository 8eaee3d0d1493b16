import type { NodeDefinition } from '../../define';

/** Node types of the exploring toolkit (issue 4); listed in the catalog by ../index.ts. */
export const exploringNodes: readonly NodeDefinition[] = [];
