import type { NodeDefinition } from '../../define';
import diagnostics from '../evaluate/diagnostics';

/** Node types of evaluation and explanation (issue 6); listed in the catalog by ../index.ts. */
export const evaluationNodes: readonly NodeDefinition[] = [diagnostics];
