import type { NodeDefinition } from '../../define';

/** Node types of the columns toolkit (issue 4); listed in the catalog by ../index.ts. */
export const columnsNodes: readonly NodeDefinition[] = [];
