import type { NodeDefinition } from '../../define';
import kmeans from '../model/kmeans';
import isolationForest from '../model/isolation-forest';

/** Node types of the model zoo (issue 5): k-means and isolation forest; listed in the catalog by ../index.ts. */
export const unsupervisedNodes: readonly NodeDefinition[] = [kmeans, isolationForest];
