import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { fittedIndexPerRow, labelCounts, requireCoded, type CodedColumn } from './category-labels';
import { dataWith, numberColumn, pickSchema, replaceSchema } from '../../schema-rules';

interface OrdinalState {
	/** Per column, the training labels in code order: label i gets code i. */
	columns: { name: string; categories: string[] }[];
	/** The code of a missing or unseen category: -1, or NaN (missing) when null. */
	unknown: number | null;
}

function ordered(counts: ReadonlyMap<string, number>, order: string): string[] {
	const labels = [...counts.keys()].sort();
	// Most frequent first; ties keep the alphabetical order.
	return order === 'frequency' ? labels.sort((a, b) => counts.get(b)! - counts.get(a)!) : labels;
}

export default defineNode({
	type: 'features.ordinal',
	version: 1,
	category: 'features',
	title: 'Ordinal encode',
	description:
		'Replace each category column by a whole-number code per category of the training rows (0, 1, 2, …), in alphabetical order or by frequency. Missing and unseen categories get -1 or stay missing.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({ kinds: ['category', 'boolean'], label: 'Columns', help: 'Empty: every category column except the target' }),
		order: p.choice(['sorted', 'frequency'], {
			default: 'sorted',
			label: 'Code order',
			help: "sorted: alphabetical order of the labels (as scikit-learn's OrdinalEncoder). frequency: the most frequent category in training gets 0"
		}),
		unknown: p.choice(['-1', 'missing'], {
			default: '-1',
			label: 'Missing or unseen',
			help: 'What a missing value, or a category never seen in the training rows, becomes: the code -1, or a missing value'
		})
	},
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['category', 'boolean']) : null;
		return data && cols ? dataWith(data, replaceSchema(data.columns, new Map(cols.map((c) => [c.name, [numberColumn(c.name)]])))) : {};
	},
	step: {
		fit(data, params): OrdinalState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns, ['category', 'boolean']);
			return {
				columns: cols.map((col) => ({ name: col.name, categories: ordered(labelCounts(col as CodedColumn, rows), params.order) })),
				unknown: params.unknown === 'missing' ? null : -1
			};
		},
		apply(data, state) {
			const unknown = state.unknown ?? NaN;
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = requireCoded(data.frame.columns, s.name, 'ordinal encoding');
				const at = fittedIndexPerRow(col, s.categories);
				const values = Float64Array.from(at, (k) => (k >= 0 ? k : unknown));
				replacements.set(s.name, [{ kind: 'number', name: s.name, values }]);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
