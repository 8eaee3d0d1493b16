import type { NodeDefinition } from '../../define';
import convert from '../clean/convert';
import text from '../clean/text';
import columns from '../clean/columns';
import sample from '../clean/sample';

/** Node types of the columns toolkit (issue 4); listed in the catalog by ../index.ts. */
export const columnsNodes: readonly NodeDefinition[] = [convert, text, columns, sample];
