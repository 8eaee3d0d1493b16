import type { NodeDefinition } from '../../define';
import schema from '../io/schema';

/** Node types of the importing toolkit (issue 4); listed in the catalog by ../index.ts. */
export const importingNodes: readonly NodeDefinition[] = [schema];
