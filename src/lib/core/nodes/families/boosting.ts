import type { GbdtState } from '../../ml/trees/hist-gbdt';
import { predictGbdt } from '../../ml/trees/hist-predict';
import type { FamilyPredictors } from './types';

export const boostingPredictors: FamilyPredictors = {
	gbdt: (s, X) => predictGbdt(s as GbdtState, X)
};
