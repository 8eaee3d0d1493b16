import type { TreeState } from '../../ml/trees/cart';
import { predictForestClasses, predictForestOutput, type ForestState } from '../../ml/trees/forest';
import { argmaxRows } from '../../ml/models/argmax';
import { predictTreeProba, predictTreeValues } from '../../ml/trees/tree-predict';
import type { FamilyPredictors } from './types';

export const treesPredictors: FamilyPredictors = {
	tree: (s, X) => {
		const tree = s as TreeState;
		if (tree.classes === 0) return { values: predictTreeValues(tree, X) };
		const proba = predictTreeProba(tree, X);
		return { codes: argmaxRows(proba, tree.classes), proba };
	},
	forest: (s, X) => {
		const forest = s as ForestState;
		return forest.classes === 0 ? { values: predictForestOutput(forest, X) } : predictForestClasses(forest, X);
	}
};
