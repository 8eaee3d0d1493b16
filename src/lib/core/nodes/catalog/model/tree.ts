import type { Matrix } from '../../../ml/matrix';
import { fitTree, resolveMaxFeatures } from '../../../ml/trees/cart';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode, type NodeInputs } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, resolveFeatures, supervisedTask, targetValues } from '../../modeling';
import { p, type ParamValues, seedOf } from '../../params';
import { port, Role, type DatasetValue, type Task } from '../../ports';
import { tableReport } from '../../reports';

/** The rows a tree model learns from, shared by model.tree and model.forest. */
export interface TreeTraining {
	readonly data: DatasetValue & { readonly target: string };
	readonly task: Task;
	readonly features: string[];
	readonly classes: string[] | null;
	readonly X: Matrix;
	readonly y: Int32Array | Float64Array;
	/** Labelled validation rows with a class seen in training, if any. */
	readonly validation?: { readonly X: Matrix; readonly y: Int32Array | Float64Array };
}

export function treeTraining(inputs: NodeInputs, params: ParamValues & { readonly features: readonly string[] }): TreeTraining {
	const data = expectDataset(inputs.data);
	const { target, task } = supervisedTask(data, params.task);
	const features = resolveFeatures(data, params.features);
	const rows = labelledRows(data.frame, target, trainingRows(data));
	if (rows.length === 0) throw new Error(`no training row has a value in "${target}": check the Split node's target and fractions`);
	const classes = task === 'classification' ? classesIn(data.frame, target, rows) : null;
	const yOf = (r: Uint32Array) => (classes ? classCodes(data.frame, target, r, classes) : targetValues(data.frame, target, r));
	// Trees route missing values themselves, so NaN features are kept.
	const matrix = (r: Uint32Array) => featureMatrix(data.frame, features, r, { allowMissing: true });
	let valRows = labelledRows(data.frame, target, rowsWithRole(data, Role.validation));
	if (classes) {
		const codes = classCodes(data.frame, target, valRows, classes);
		valRows = valRows.filter((_, i) => codes[i] >= 0);
	}
	return {
		data: data as TreeTraining['data'],
		task,
		features,
		classes,
		X: matrix(rows),
		y: yOf(rows),
		validation: valRows.length ? { X: matrix(valRows), y: yOf(valRows) } : undefined
	};
}

/** The `maxFeatures` / `featureFraction` params as a count; 'auto' is scikit-learn's forest default. */
export function resolveMaxFeaturesParam(
	params: ParamValues & { readonly maxFeatures: string; readonly featureFraction: number },
	task: Task,
	p: number,
	model: string
): number {
	const choice = params.maxFeatures;
	if (choice === 'fraction') {
		const f = params.featureFraction;
		if (!(f > 0 && f <= 1)) throw new Error(`${model}: Feature fraction must be in (0, 1]; it is ${f}`);
		return resolveMaxFeatures(f, p);
	}
	if (choice === 'auto') return resolveMaxFeatures(task === 'classification' ? 'sqrt' : 'all', p);
	return resolveMaxFeatures(choice as 'sqrt' | 'log2' | 'all', p);
}

export function importanceReport(features: readonly string[], importances: readonly number[]) {
	const rows = features.map((f, j) => [f, importances[j]] as [string, number]).sort((a, b) => b[1] - a[1]);
	return tableReport('Feature importances (impurity decrease)', ['feature', 'importance'], rows);
}

/** Params both tree nodes share, with scikit-learn's defaults. */
export const treeParams = {
	task: p.choice(['auto', 'classification', 'regression'], {
		default: 'auto',
		label: 'Task',
		help: 'Auto: regression for a number target, classification otherwise'
	}),
	features: p.columns({
		kinds: ['number', 'boolean'],
		label: 'Features',
		help: 'Empty: every number and boolean column except the target'
	}),
	criterion: p.choice(['gini', 'entropy'], {
		default: 'gini',
		label: 'Split criterion',
		help: 'Impurity a classification split lowers; regression always uses squared error'
	}),
	maxDepth: p.int({
		default: 0,
		min: 0,
		max: 1000,
		tune: { min: 2, max: 16 },
		label: 'Max depth',
		help: '0: no limit, grow until leaves are pure; smaller trees generalise better on noisy data'
	}),
	minSamplesSplit: p.int({
		default: 2,
		min: 2,
		max: 1_000_000,
		label: 'Min rows to split',
		help: 'A node with fewer training rows becomes a leaf'
	}),
	minSamplesLeaf: p.int({
		default: 1,
		min: 1,
		max: 1_000_000,
		tune: { min: 1, max: 64, log: true },
		label: 'Min rows per leaf',
		help: 'A split that leaves fewer rows on either side is not considered; raise it to smooth predictions'
	})
};

export const featureFractionParam = p.number({
	default: 0.5,
	min: 0.01,
	max: 1,
	label: 'Feature fraction',
	help: 'Share of the features tried at each split when Max features is "fraction"'
});

export default defineNode({
	type: 'model.tree',
	version: 1,
	category: 'model',
	title: 'Decision tree',
	description:
		"A CART decision tree (as scikit-learn's DecisionTreeClassifier / Regressor) with exact thresholds; missing values are routed to the side learnt for each split. Reports impurity-based feature importances.",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('feature importances') },
	params: {
		...treeParams,
		maxFeatures: p.choice(['all', 'sqrt', 'log2', 'fraction'], {
			default: 'all',
			label: 'Max features',
			help: 'Features tried at each split, drawn at random; fewer make a more random tree'
		}),
		featureFraction: featureFractionParam,
		seed: p.seed({ help: 'Order in which features are tried; decides between equally good splits' })
	},
	run: async (inputs, params, ctx) => {
		const t = treeTraining(inputs, params);
		const started = Date.now();
		const state = await fitTree(t.X, t.y, {
			classes: t.classes?.length ?? 0,
			criterion: t.task === 'classification' ? params.criterion : 'squared_error',
			maxDepth: params.maxDepth,
			minSamplesSplit: params.minSamplesSplit,
			minSamplesLeaf: params.minSamplesLeaf,
			maxFeatures: resolveMaxFeaturesParam(params, t.task, t.features.length, 'Decision tree'),
			seed: seedOf(params.seed, ctx.seed),
			signal: ctx.signal
		});
		ctx.progress(1, `${state.feature.length} nodes`);
		return {
			model: {
				kind: 'model',
				family: 'tree',
				task: t.task,
				target: t.data.target,
				features: t.features,
				classes: t.classes,
				recipe: t.data.recipe,
				estimator: state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				curves: {},
				nativeMissing: true
			},
			report: importanceReport(t.features, state.importances)
		};
	}
});
