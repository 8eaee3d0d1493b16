import type { NodeDefinition } from '../../define';
import crossValidate from '../evaluate/cross-validate';
import diagnostics from '../evaluate/diagnostics';
import fairness from '../evaluate/fairness';
import segments from '../evaluate/segments';
import stress from '../evaluate/stress';
import tune from '../evaluate/tune';
import compareModels from '../evaluate/compare-models';

/** Node types that evaluate a trained model beyond its headline metrics (issue 6); listed in the catalog by ../index.ts. */
export const evaluationNodes: readonly NodeDefinition[] = [crossValidate, tune, compareModels, diagnostics, segments, fairness, stress];
