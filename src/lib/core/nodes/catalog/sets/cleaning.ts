import type { NodeDefinition } from '../../define';
import duplicates from '../clean/duplicates';
import outliers from '../clean/outliers';

/** Node types of the cleaning toolkit (issue 4); listed in the catalog by ../index.ts. */
export const cleaningNodes: readonly NodeDefinition[] = [duplicates, outliers];
