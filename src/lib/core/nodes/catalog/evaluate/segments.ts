import { classificationSegments, poolSmallSegments, regressionSegments, segmentLabels } from '../../../ml/evaluation/segments';
import type { Column } from '../../../frame/types';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, labelledRows, modelMatrix, targetValues } from '../../modeling';
import { p } from '../../params';
import { port, Role, type DatasetValue, type ModelValue } from '../../ports';
import { predict } from '../../predictors';
import { tableReport } from '../../reports';

const UNSEEN = '(unseen in training)';

/** The chosen column of the data, with errors that say which param to fix. */
export function segmentColumn(data: DatasetValue, name: unknown, param: string): Column {
	if (typeof name !== 'string' || name === '') throw new Error(`choose a column in "${param}"`);
	const col = data.frame.columns.find((c) => c.name === name);
	if (!col)
		throw new Error(
			`column "${name}" (param "${param}") is not in the data: connect data that still has it (an encoding step such as One-hot encode replaces it), or choose another column`
		);
	return col;
}

export default defineNode({
	type: 'evaluate.segments',
	version: 1,
	category: 'evaluate',
	title: 'Metrics by segment',
	description:
		'Score a trained model separately on each value (or bin) of a chosen column — a region, a product line, a month — worst segment first, to find where the model lets you down.',
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('segments') },
	params: {
		rows: p.choice(['validation', 'test'], {
			default: 'validation',
			label: 'Rows',
			help: 'Which held-out rows to score. Explore on the validation rows; look at the test rows once, at the end.'
		}),
		column: p.column({
			label: 'Segment column',
			help: 'One segment per value for category and boolean columns; quantile bins for numbers; one per month for dates'
		}),
		bins: p.int({
			default: 5,
			min: 2,
			max: 100,
			label: 'Bins',
			help: 'Number of quantile bins for a number column (fewer when values repeat)'
		}),
		minRows: p.int({
			default: 10,
			min: 1,
			max: 1_000_000,
			label: 'Min rows per segment',
			help: 'Smaller segments are pooled as "(other)", so a few rows cannot top the worst list by chance'
		})
	},
	run: async (inputs, params) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		const col = segmentColumn(data, params.column, 'column');
		const which = params.rows === 'test' ? 'test' : 'validation';
		const rows = labelledRows(data.frame, model.target, rowsWithRole(data, which === 'test' ? Role.test : Role.validation));
		if (rows.length === 0) throw new Error(`the data has no ${which} rows with a target value: choose the other rows or check the Split`);
		const out = await predict(model, modelMatrix(model, data.frame, rows));
		const segments = poolSmallSegments(segmentLabels(col, rows, params.bins), params.minRows);
		const title = `Metrics by ${col.name} (${which} rows, worst first)`;
		if (model.task === 'regression') {
			const table = regressionSegments(targetValues(data.frame, model.target, rows), out.values!, segments);
			return {
				report: tableReport(
					title,
					['segment', 'rows', 'RMSE', 'MAE', 'R²'],
					table.map((s) => [s.segment, s.rows, s.rmse, s.mae, s.r2])
				)
			};
		}
		const classes = [...model.classes!];
		const raw = classCodes(data.frame, model.target, rows, classes);
		// As Evaluate: a class never seen in training is its own label, scored as an error.
		const unseen = raw.some((c) => c < 0);
		const truth = unseen ? raw.map((c) => (c < 0 ? classes.length : c)) : raw;
		const table = classificationSegments(truth, out.codes!, unseen ? [...classes, UNSEEN] : classes, segments);
		return {
			report: tableReport(
				title,
				['segment', 'rows', 'accuracy', 'macro F1'],
				table.map((s) => [s.segment, s.rows, s.accuracy, s.f1Macro])
			)
		};
	}
});
