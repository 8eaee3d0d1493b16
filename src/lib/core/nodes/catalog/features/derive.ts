import { derivedColumn } from '../../../expr';
import { replaceColumns } from '../../columns';
import { withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { dataWith, emptyFrame, withColumnsSchema } from '../../schema-rules';

/**
 * A step with no fitted state: it sits in the recipe so that Predict and the CLI compute
 * the same column on raw rows before a model reads it. The expression is checked
 * against whatever frame it meets, so a new file with a missing column fails clearly.
 */
export default defineNode({
	type: 'features.derive',
	version: 1,
	category: 'features',
	title: 'Derived column',
	description:
		"Add a column computed from others with a formula, e.g. `Body Mass (g)` / 1000 or if(`Flipper Length (mm)` > 200, 'long', 'short'). A column of the same name is replaced in place.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		name: p.string({
			default: 'derived',
			maxLength: 200,
			label: 'Column name',
			help: 'Name of the new column; an existing column with this name is replaced.'
		}),
		expression: p.string({
			default: '',
			maxLength: 2_000,
			label: 'Formula',
			help: "Columns by name, or in `backticks` / [brackets] when the name has spaces; text in quotes. Operators: + - * / % ^, = != < <= > >=, and or not, `is null`. Functions: if, abs, log, exp, sqrt, round, min, max, pow, length, contains, lower, upper, year, month, day, weekday, hour, datediff, isnull, coalesce. The result's kind (number, text, true/false, date) becomes the column's kind; missing inputs give missing values."
		})
	},
	// The expression's type decides the kind: typed on a frame with the input's columns and no rows.
	schema: ({ data }, params) => {
		const name = params.name.trim();
		const expression = params.expression.trim();
		if (!data || !name || !expression) return {};
		const column = derivedColumn(expression, emptyFrame(data.columns), name);
		return dataWith(data, withColumnsSchema(data.columns, [{ name, kind: column.kind }]));
	},
	step: {
		fit: () => null,
		apply(data, _state, params) {
			const name = params.name.trim();
			const expression = params.expression.trim();
			if (!name) throw new Error('give the new column a name');
			if (!expression) throw new Error('write a formula, e.g. `Body Mass (g)` / 1000');
			const column = derivedColumn(expression, data.frame, name);
			const frame = data.frame;
			const exists = frame.columns.some((c) => c.name === name);
			const next = exists
				? replaceColumns(frame, new Map([[name, [column]]]))
				: { columns: [...frame.columns, column], rowCount: frame.rowCount };
			return withFrame(data, next);
		}
	}
});
