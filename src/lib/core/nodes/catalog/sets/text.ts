import type { NodeDefinition } from '../../define';
import textSequence from '../features/text-sequence';
import textNn from '../model/text-nn';

/** Node types of the model zoo (issue 5): text classification with a network; listed in the catalog by ../index.ts. */
export const textNodes: readonly NodeDefinition[] = [textSequence, textNn];
