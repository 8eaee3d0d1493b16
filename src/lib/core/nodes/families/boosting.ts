import type { FamilyPredictors } from './types';

export const boostingPredictors: FamilyPredictors = {};
