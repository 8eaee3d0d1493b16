import type { NodeDefinition } from '../../define';
import gbdt from '../model/gbdt';

/** Node types of the model zoo (issue 5): gradient-boosted trees; listed in the catalog by ../index.ts. */
export const boostingNodes: readonly NodeDefinition[] = [gbdt];
