import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { fittedIndexPerRow, labelCounts, requireCoded, type CodedColumn } from './category-labels';
import { dataWith, numberColumn, pickSchema, replaceSchema } from '../../schema-rules';

interface FrequencyState {
	/** Per column, each training label with its share of the training rows. */
	columns: { name: string; categories: string[]; shares: number[] }[];
}

export default defineNode({
	type: 'features.frequency',
	version: 1,
	category: 'features',
	title: 'Frequency encode',
	description:
		'Replace each category column by how common each category is in the training rows (its share, 0 to 1). Unseen categories get 0; missing values stay missing.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({ kinds: ['category', 'boolean'], label: 'Columns', help: 'Empty: every category column except the target' })
	},
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['category', 'boolean']) : null;
		return data && cols ? dataWith(data, replaceSchema(data.columns, new Map(cols.map((c) => [c.name, [numberColumn(c.name)]])))) : {};
	},
	step: {
		fit(data, params): FrequencyState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns, ['category', 'boolean']);
			return {
				columns: cols.map((col) => {
					const counts = labelCounts(col as CodedColumn, rows);
					const categories = [...counts.keys()].sort();
					// Share of the training rows with a value, as pandas' value_counts(normalize=True).
					let present = 0;
					for (const n of counts.values()) present += n;
					return { name: col.name, categories, shares: categories.map((c) => counts.get(c)! / present) };
				})
			};
		},
		apply(data, state) {
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = requireCoded(data.frame.columns, s.name, 'frequency encoding');
				const at = fittedIndexPerRow(col, s.categories);
				const values = Float64Array.from(at, (k, r) => (k >= 0 ? s.shares[k] : col.codes[r] < 0 ? NaN : 0));
				replacements.set(s.name, [{ kind: 'number', name: s.name, values }]);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
