import type { NodeDefinition } from '../../define';
import bin from '../features/bin';
import frequency from '../features/frequency';
import ordinal from '../features/ordinal';
import power from '../features/power';
import targetEncode from '../features/target-encode';

/** Node types of the encoding toolkit (issue 4); listed in the catalog by ../index.ts. */
export const encodingNodes: readonly NodeDefinition[] = [ordinal, frequency, targetEncode, power, bin];
