import type { NodeDefinition } from '../../define';
import drift from '../monitor/drift';

/** Node types that watch a model after it ships (issue 15); listed in the catalog by ../index.ts. */
export const monitorNodes: readonly NodeDefinition[] = [drift];
