import type { NodeDefinition } from '../../define';
import bin from '../features/bin';
import frequency from '../features/frequency';
import ordinal from '../features/ordinal';
import power from '../features/power';

/** Node types of the encoding toolkit (issue 4); listed in the catalog by ../index.ts. */
export const encodingNodes: readonly NodeDefinition[] = [ordinal, frequency, power, bin];
