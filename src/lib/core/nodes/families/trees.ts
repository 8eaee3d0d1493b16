import type { FamilyPredictors } from './types';

export const treesPredictors: FamilyPredictors = {};
