import type { NodeDefinition } from '../core/nodes/define';
import { createRegistry, type Registry } from '../core/nodes/registry';
import schema from '../core/nodes/catalog/io/schema';
import missing from '../core/nodes/catalog/clean/missing';
import scale from '../core/nodes/catalog/clean/scale';
import outliers from '../core/nodes/catalog/clean/outliers';
import convert from '../core/nodes/catalog/clean/convert';
import cleanText from '../core/nodes/catalog/clean/text';
import columns from '../core/nodes/catalog/clean/columns';
import derive from '../core/nodes/catalog/features/derive';
import oneHot from '../core/nodes/catalog/features/one-hot';
import ordinal from '../core/nodes/catalog/features/ordinal';
import frequency from '../core/nodes/catalog/features/frequency';
import targetEncode from '../core/nodes/catalog/features/target-encode';
import power from '../core/nodes/catalog/features/power';
import bin from '../core/nodes/catalog/features/bin';
import dateParts from '../core/nodes/catalog/features/date-parts';
import polynomial from '../core/nodes/catalog/features/polynomial';
import groupAggregate from '../core/nodes/catalog/features/group-aggregate';
import lag from '../core/nodes/catalog/features/lag';
import textVectorise from '../core/nodes/catalog/features/text-vectorise';
import pca from '../core/nodes/catalog/features/pca';
import kmeans from '../core/nodes/catalog/model/kmeans';
import isolationForest from '../core/nodes/catalog/model/isolation-forest';
import textSequence from '../core/nodes/catalog/features/text-sequence';

/**
 * The node types a recipe can hold (every catalog node with a fitted `step` or a `replayable`
 * run), imported one by one rather than through `builtinNodes`: the catalog drags in every
 * explorer, search and network node, while the predictor page only ever replays these. The
 * same definitions as the studio's, so the page's numbers are the studio's.
 * `recipe-nodes.test.ts` fails when the catalog gains a replayable type this list lacks.
 */
export const recipeNodes: readonly NodeDefinition[] = [
	schema,
	missing,
	scale,
	outliers,
	convert,
	cleanText,
	columns,
	derive,
	oneHot,
	ordinal,
	frequency,
	targetEncode,
	power,
	bin,
	dateParts,
	polynomial,
	groupAggregate,
	lag,
	textVectorise,
	pca,
	kmeans,
	isolationForest,
	textSequence
];

export function recipeRegistry(): Registry {
	return createRegistry(recipeNodes);
}
