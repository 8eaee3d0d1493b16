import type { NodeDefinition } from '../../define';
import knn from '../model/knn';
import naiveBayes from '../model/naive-bayes';

/** Node types of the model zoo (issue 5): k-nearest neighbours and naive Bayes; listed in the catalog by ../index.ts. */
export const neighboursNodes: readonly NodeDefinition[] = [knn, naiveBayes];
