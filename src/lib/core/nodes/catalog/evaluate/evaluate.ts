import { classificationMetrics, regressionMetrics } from '../../../ml/metrics';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, labelledRows, modelMatrix, targetValues } from '../../modeling';
import { predict } from '../../predictors';
import { port, Role, type DatasetValue, type Metrics, type ModelValue } from '../../ports';

/** The model's metrics on the rows of `data` with this role (null when there are none). */
export async function metricsFor(model: ModelValue, data: DatasetValue, role: number): Promise<Metrics | null> {
	const rows = labelledRows(data.frame, model.target, rowsWithRole(data, role));
	if (rows.length === 0) return null;
	const X = modelMatrix(model, data.frame, rows);
	const out = await predict(model, X);
	if (model.task === 'classification') {
		const classes = [...model.classes!];
		const yTrue = classCodes(data.frame, model.target, rows, classes);
		// A class never seen in training cannot be predicted; count it as its own label so it scores as an error.
		const unseen = yTrue.some((c) => c < 0);
		const labels = unseen ? [...classes, '(unseen in training)'] : classes;
		const fixed = unseen ? yTrue.map((c) => (c < 0 ? classes.length : c)) : yTrue;
		const proba = unseen ? null : (out.proba ?? null);
		return classificationMetrics(fixed, out.codes!, proba, labels);
	}
	return regressionMetrics(targetValues(data.frame, model.target, rows), out.values!);
}

export default defineNode({
	type: 'evaluate.metrics',
	version: 1,
	category: 'evaluate',
	title: 'Evaluate',
	description:
		'Score a trained model on the validation and test rows of the data it was trained with: accuracy, precision, recall, F1, ROC-AUC and the confusion matrix, or RMSE, MAE and R².',
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { metrics: port.metrics('metrics') },
	params: {},
	run: async (inputs) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		return {
			metrics: {
				kind: 'metrics',
				model: model.family,
				backend: model.backend,
				validation: await metricsFor(model, data, Role.validation),
				test: await metricsFor(model, data, Role.test)
			}
		};
	}
});
