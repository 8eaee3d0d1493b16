import { gbdtShapModel } from '../../ml/explain/tree-shap';
import type { GbdtState } from '../../ml/trees/hist-gbdt';
import { predictGbdtOn, predictRaw } from '../../ml/trees/hist-predict';
import type { ModelFamilyDescriptor } from './types';
import { treeArraysIssue } from '../../ml/trees/check';

export const boostingFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'gbdt',
		node: 'model.gbdt',
		tasks: ['classification', 'regression'],
		quickModel: true,
		predict: (s, X, opts) => predictGbdtOn(opts?.compute, s as GbdtState, X),
		shap: {
			method: 'tree',
			model: (s) => gbdtShapModel(s as GbdtState),
			// TreeSHAP explains the raw margins (stored class-major), not the probabilities.
			margins: {
				names: (classes, K) => (K === 1 ? [`log-odds of ${classes[1]}`] : classes.map((c) => `margin of ${c}`)),
				values: (s, X, K) => {
					const raw = predictRaw(s as GbdtState, X);
					return Float64Array.from({ length: X.rows * K }, (_, at) => raw[(at % K) * X.rows + Math.floor(at / K)]);
				}
			}
		},
		check: (s, features) => {
			const trees = (s as GbdtState).trees;
			if (!Array.isArray(trees)) return 'the model has no list of trees';
			for (let i = 0; i < trees.length; i++) {
				const issue = treeArraysIssue(`tree ${i + 1}`, trees[i], features);
				if (issue) return issue;
			}
			return null;
		},
		curveStep: 'boosting round'
	}
];
