import type { NodeDefinition } from '../../define';
import explain from '../evaluate/explain';

/** Node types that explain trained models (issue 6); listed in the catalog by ../index.ts. */
export const explanationNodes: readonly NodeDefinition[] = [explain];
