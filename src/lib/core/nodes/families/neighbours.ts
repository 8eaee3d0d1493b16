import type { FamilyPredictors } from './types';

export const neighboursPredictors: FamilyPredictors = {};
