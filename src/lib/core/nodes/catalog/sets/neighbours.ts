import type { NodeDefinition } from '../../define';

/** Node types of the model zoo (issue 5): k-nearest neighbours and naive Bayes; listed in the catalog by ../index.ts. */
export const neighboursNodes: readonly NodeDefinition[] = [];
