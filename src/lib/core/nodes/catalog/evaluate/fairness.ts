import { fairnessByGroup } from '../../../ml/evaluation/fairness';
import { segmentLabels } from '../../../ml/evaluation/segments';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, labelledRows, modelMatrix } from '../../modeling';
import { p } from '../../params';
import { port, Role, type ModelValue } from '../../ports';
import { predict } from '../../predictors';
import { factsReport, tableReport } from '../../reports';
import { segmentColumn } from './segments';

/** The positive class: as given, or the second sorted class of a binary model (sklearn's pos_label=1). */
function positiveClass(model: ModelValue, given: unknown): string {
	const classes = model.classes!;
	const name = typeof given === 'string' ? given.trim() : '';
	if (name === '') {
		if (classes.length === 2) return classes[1];
		throw new Error(
			`target "${model.target}" has ${classes.length} classes (${classes.join(', ')}): set "Positive class" to the one that counts as the favourable outcome`
		);
	}
	if (!classes.includes(name))
		throw new Error(`"Positive class" is "${name}", which the model does not predict: use one of ${classes.join(', ')}`);
	return name;
}

const pct = (v: number): string => `${(v * 100).toFixed(1)} pp`;

export default defineNode({
	type: 'evaluate.fairness',
	version: 1,
	category: 'evaluate',
	title: 'Fairness by group',
	description:
		'For a sensitive column (sex, age band, region…), how often a classifier predicts the positive class in each group and how its true- and false-positive rates differ, with the demographic-parity and equal-opportunity differences.',
	inputs: { model: port.model('classifier'), data: port.dataset('data') },
	outputs: { report: port.report('groups'), summary: port.report('differences') },
	params: {
		rows: p.choice(['validation', 'test'], {
			default: 'validation',
			label: 'Rows',
			help: 'Which held-out rows to score. Explore on the validation rows; look at the test rows once, at the end.'
		}),
		sensitive: p.column({
			kinds: ['category', 'boolean', 'text'],
			label: 'Sensitive column',
			help: 'The groups to compare: one per value; missing values form their own group'
		}),
		positive: p.string({
			default: '',
			maxLength: 1_000,
			label: 'Positive class',
			help: 'The favourable outcome whose rates are compared. Empty: the second class in sorted order of a two-class target'
		})
	},
	run: async (inputs, params) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		if (model.task !== 'classification')
			throw new Error('Fairness by group needs a classifier; for a regression model use Metrics by segment');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		const col = segmentColumn(data, params.sensitive, 'sensitive');
		if (col.kind === 'number' || col.kind === 'date')
			throw new Error(`sensitive column "${col.name}" is ${col.kind}: bin it into groups first (Bin node) or choose a category column`);
		const positive = positiveClass(model, params.positive);
		const which = params.rows === 'test' ? 'test' : 'validation';
		const rows = labelledRows(data.frame, model.target, rowsWithRole(data, which === 'test' ? Role.test : Role.validation));
		if (rows.length === 0) throw new Error(`the data has no ${which} rows with a target value: choose the other rows or check the Split`);
		const out = await predict(model, modelMatrix(model, data.frame, rows));
		const code = model.classes!.indexOf(positive);
		// A class unseen in training codes as -1, so it simply counts as negative here.
		const truth = Array.from(classCodes(data.frame, model.target, rows, model.classes!), (c) => c === code);
		const predicted = Array.from(out.codes!, (c) => c === code);
		const r = fairnessByGroup(truth, predicted, segmentLabels(col, rows, 1));
		const differences = `demographic-parity difference ${pct(r.demographicParityDifference)}, equal-opportunity difference ${pct(r.equalOpportunityDifference)}`;
		return {
			report: tableReport(
				`Fairness by ${col.name} for "${positive}" (${which} rows): ${differences}`,
				['group', 'rows', 'selection rate', 'true-positive rate', 'false-positive rate', 'precision'],
				r.groups.map((g) => [g.group, g.rows, g.selectionRate, g.tpr, g.fpr, g.precision])
			),
			summary: factsReport(`Fairness by ${col.name} for "${positive}"`, [
				{ label: 'Demographic-parity difference (max − min selection rate)', value: r.demographicParityDifference },
				{ label: 'Equal-opportunity difference (max − min true-positive rate)', value: r.equalOpportunityDifference },
				{ label: 'Groups', value: r.groups.length },
				{ label: 'Rows', value: rows.length }
			])
		};
	}
});
