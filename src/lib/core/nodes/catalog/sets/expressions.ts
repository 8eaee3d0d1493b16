import type { NodeDefinition } from '../../define';

/** Node types of the expressions toolkit (issue 4); listed in the catalog by ../index.ts. */
export const expressionsNodes: readonly NodeDefinition[] = [];
