import type { Matrix } from '../../ml/matrix';
import { forestShapModel, treeShapModel } from '../../ml/explain/tree-shap';
import type { TreeState } from '../../ml/trees/cart';
import { predictForestClasses, predictForestOutput, type ForestState } from '../../ml/trees/forest';
import { argmaxRows } from '../../ml/models/argmax';
import { predictTreeProba, predictTreeValues } from '../../ml/trees/tree-predict';
import type { ModelFamilyDescriptor } from './types';
import { treeArraysIssue } from '../../ml/trees/check';

export const treesFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'tree',
		node: 'model.tree',
		tasks: ['classification', 'regression'],
		quickModel: true,
		predict: (s, X) => {
			const tree = s as TreeState;
			if (tree.classes === 0) return { values: predictTreeValues(tree, X) };
			const proba = predictTreeProba(tree, X);
			return { codes: argmaxRows(proba, tree.classes), proba };
		},
		shap: { method: 'tree', model: (s, train: () => Matrix) => treeShapModel(s as TreeState, train()) },
		check: (s, features) => treeArraysIssue('the tree', s as TreeState, features)
	},
	{
		name: 'forest',
		node: 'model.forest',
		tasks: ['classification', 'regression'],
		quickModel: true,
		predict: (s, X) => {
			const forest = s as ForestState;
			return forest.classes === 0 ? { values: predictForestOutput(forest, X) } : predictForestClasses(forest, X);
		},
		shap: { method: 'tree', model: (s, train: () => Matrix) => forestShapModel(s as ForestState, train()) },
		check: (s, features) => {
			const trees = (s as ForestState).trees;
			if (!Array.isArray(trees)) return 'the forest has no list of trees';
			for (let i = 0; i < trees.length; i++) {
				const issue = treeArraysIssue(`tree ${i + 1}`, trees[i], features);
				if (issue) return issue;
			}
			return null;
		},
		curveStep: 'tree'
	}
];
