import type { NodeDefinition } from '../../define';
import forest from '../model/forest';
import tree from '../model/tree';

/** Node types of the model zoo (issue 5): decision tree and random forest; listed in the catalog by ../index.ts. */
export const treesNodes: readonly NodeDefinition[] = [tree, forest];
