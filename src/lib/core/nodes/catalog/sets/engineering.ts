import type { NodeDefinition } from '../../define';
import dateParts from '../features/date-parts';
import polynomial from '../features/polynomial';
import groupAggregate from '../features/group-aggregate';
import lag from '../features/lag';
import text from '../features/text-vectorise';
import pca from '../features/pca';

/** Node types of the engineering toolkit (issue 4); listed in the catalog by ../index.ts. */
export const engineeringNodes: readonly NodeDefinition[] = [dateParts, polynomial, groupAggregate, lag, text, pca];
