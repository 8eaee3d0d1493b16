import type { ComputePool } from '../../compute/pool';
import type { ShapModel } from '../../ml/explain/tree-shap';
import type { Matrix } from '../../ml/matrix';
import type { Prediction } from '../modeling';
import type { Task } from '../ports';

/** How a prediction may run: `compute`, threads a family's search may spread over (k-NN). */
export interface PredictOptions {
	readonly compute?: ComputePool;
}

/** Scores rows with one family's fitted state (`ModelValue.estimator`). */
export type PredictFn = (estimator: unknown, X: Matrix, opts?: PredictOptions) => Prediction | Promise<Prediction>;

/** How the Explain node attributes a family's predictions to its features. */
export type ShapSupport =
	/** Exact TreeSHAP over the fitted trees. */
	| {
			readonly method: 'tree';
			/** The trees TreeSHAP walks; `trainingRows` gives the model's training rows (CART covers come from them). */
			model(estimator: unknown, trainingRows: () => Matrix): ShapModel;
			/**
			 * Set when TreeSHAP explains raw margins rather than probabilities (gradient boosting):
			 * the outputs' names and the margins, rows × outputs.
			 */
			readonly margins?: {
				names(classes: readonly string[], outputs: number): string[];
				values(estimator: unknown, X: Matrix, outputs: number): Float64Array;
			};
	  }
	/** Sampling KernelSHAP against a background sample: any model. */
	| { readonly method: 'kernel' }
	/** No SHAP values: features too many for KernelSHAP to say much (e.g. kind 'image', features 'pixels'). */
	| { readonly method: 'none'; readonly kind: string; readonly features: string };

/**
 * One model family, declared once (its family file) and listed in ./index.ts: Quick model,
 * `tessera train --model`, Predict/Evaluate (predict), Explain (shap) and the model view
 * (curveStep) all read it from there.
 */
export interface ModelFamilyDescriptor {
	/** `ModelValue.family`, and the name Quick model and `tessera train --model` use. */
	readonly name: string;
	/** The node type that fits it (its `run` trains the model). */
	readonly node: string;
	/** The tasks it learns. */
	readonly tasks: readonly Task[];
	/** Offered by Quick model and `tessera train --model` (it learns from a table's columns). */
	readonly quickModel: boolean;
	/** Scores rows with the fitted state. */
	readonly predict: PredictFn;
	readonly shap: ShapSupport;
	/**
	 * Whether a fitted state read from a file is safe to predict with (indices in range, trees
	 * that end): a model file's estimator is checked here before it is used. Families whose
	 * predict only does bounded arithmetic need none.
	 */
	readonly check?: (estimator: unknown, features: number) => string | null;
	/** What one step of its training curves is, when not an epoch (model view). */
	readonly curveStep?: string;
}
