import { conditionMask } from '../../../expr';
import { filterRows } from '../../columns';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';

/**
 * A plain run node, not a recipe step: filtering chooses the rows to learn from, and a
 * trained model must still score every raw row it is given (Predict would otherwise drop
 * rows silently).
 */
export default defineNode({
	type: 'clean.filter',
	version: 1,
	category: 'clean',
	title: 'Filter rows',
	description:
		"Keep the rows where a condition is true, e.g. `Body Mass (g)` > 4000 and Island = 'Biscoe'. Rows where it is false or missing are removed; split roles follow their rows.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('kept rows'), report: port.report('rows kept') },
	params: {
		expression: p.string({
			default: '',
			maxLength: 2_000,
			label: 'Condition',
			help: 'Columns by name, or in `backticks` / [brackets] when the name has spaces; text in quotes. Operators: = != < <= > >= and or not, + - * / % ^, `is null`. Functions: if, abs, log, sqrt, round, min, max, length, contains, lower, year, month, datediff, isnull, coalesce and more. A missing value never passes.'
		})
	},
	// Keeps some rows; the columns stay.
	schema: 'same',
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const expression = params.expression.trim();
		if (!expression) throw new Error('write a condition, e.g. `Body Mass (g)` > 4000');
		const keep = conditionMask(expression, data.frame);
		const out = filterRows(data.frame, data.roles, keep);
		const total = data.frame.rowCount;
		return {
			data: withFrame(data, out.frame, out.roles),
			report: factsReport('Filter rows', [
				{ label: 'rows kept', value: out.frame.rowCount },
				{ label: 'rows removed', value: total - out.frame.rowCount },
				{ label: 'rows before', value: total }
			])
		};
	}
});
