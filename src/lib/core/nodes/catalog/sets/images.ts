import type { NodeDefinition } from '../../define';
import cnn from '../model/cnn';

/** Node types of the model zoo (issue 5): image classification; listed in the catalog by ../index.ts. */
export const imagesNodes: readonly NodeDefinition[] = [cnn];
