import type { NodeDefinition } from '../../define';
import classBalance from '../explore/class-balance';
import correlations from '../explore/correlations';
import distributions from '../explore/distributions';
import missingPattern from '../explore/missing-pattern';
import quality from '../explore/quality';
import scatter from '../explore/scatter';
import scatterMatrix from '../explore/scatter-matrix';
import segments from '../explore/segments';
import summary from '../explore/summary';
import targetRelations from '../explore/target-relations';

/** Node types of the exploring toolkit (issue 4); listed in the catalog by ../index.ts. */
export const exploringNodes: readonly NodeDefinition[] = [
	summary,
	correlations,
	quality,
	scatter,
	distributions,
	classBalance,
	missingPattern,
	segments,
	scatterMatrix,
	targetRelations
];
