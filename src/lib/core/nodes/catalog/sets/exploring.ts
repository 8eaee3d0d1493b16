import type { NodeDefinition } from '../../define';
import correlations from '../explore/correlations';
import quality from '../explore/quality';
import summary from '../explore/summary';

/** Node types of the exploring toolkit (issue 4); listed in the catalog by ../index.ts. */
export const exploringNodes: readonly NodeDefinition[] = [summary, correlations, quality];
