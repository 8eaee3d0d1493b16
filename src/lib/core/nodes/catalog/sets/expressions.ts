import type { NodeDefinition } from '../../define';
import filter from '../clean/filter';
import derive from '../features/derive';

/** Node types of the expressions toolkit (issue 4); listed in the catalog by ../index.ts. */
export const expressionsNodes: readonly NodeDefinition[] = [filter, derive];
