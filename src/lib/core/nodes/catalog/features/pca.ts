import { fitPca, pcaScores, type PcaFit } from '../../../ml/pca';
import type { Column } from '../../../frame/types';
import { withColumns } from '../../../frame/verbs';
import { pickColumns, replaceColumns, requireColumn } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { tableReport } from '../../reports';
import { dataWith, numberColumn, pickSchema, replaceSchema } from '../../schema-rules';

interface PcaState extends PcaFit {
	columns: string[];
	k: number;
	output: 'replace' | 'append';
}

export default defineNode({
	type: 'features.pca',
	version: 1,
	category: 'features',
	title: 'PCA',
	description:
		'Principal component analysis: replace number columns by the few directions PC1, PC2, ... that carry most of their variance. Fitted on the training rows; the report lists the variance each component explains.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('explained variance') },
	params: {
		columns: p.columns({
			kinds: ['number'],
			label: 'Columns',
			help: 'Number columns to combine. Empty: every number column except the target'
		}),
		components: p.int({
			default: 2,
			min: 1,
			max: 1_000,
			label: 'Components',
			help: 'How many components (PC1..PCk) to output; at most the number of columns'
		}),
		standardise: p.boolean({
			default: true,
			label: 'Standardise first',
			help: 'Scale each column to standard deviation 1 before PCA, so columns in large units do not dominate'
		}),
		output: p.choice(['replace', 'append'], {
			default: 'replace',
			label: 'Output',
			help: 'replace: the components take the place of the input columns; append: keep the inputs and add the components'
		})
	},
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['number']) : null;
		if (!data || !cols?.length) return {};
		const pcs = Array.from({ length: Math.min(params.components, cols.length) }, (_, k) => numberColumn(`PC${k + 1}`));
		if (params.output === 'append') return dataWith(data, [...data.columns, ...pcs]);
		return dataWith(data, replaceSchema(data.columns, new Map(cols.map((c, i) => [c.name, i === 0 ? pcs : []]))));
	},
	step: {
		fit(data, params): PcaState {
			const cols = pickColumns(data, params.columns, ['number']) as Extract<Column, { kind: 'number' }>[];
			if (cols.length === 0) throw new Error('PCA needs at least one number column; choose columns');
			// Rows with a gap in any chosen column are left out of the fit (fill them first to use them).
			const rows: number[][] = [];
			for (const r of trainingRows(data)) {
				const row = cols.map((c) => c.values[r]);
				if (!row.some(Number.isNaN)) rows.push(row);
			}
			if (rows.length < 2)
				throw new Error(
					`PCA needs at least 2 training rows with no missing values in ${cols.map((c) => `"${c.name}"`).join(', ')}; fill missing values first`
				);
			const k = Math.min(params.components, cols.length);
			return {
				...fitPca(rows, params.standardise === true),
				columns: cols.map((c) => c.name),
				k,
				output: params.output === 'append' ? 'append' : 'replace'
			};
		},
		apply(data, state) {
			const cols = state.columns.map((name) => {
				const col = requireColumn(data.frame, name);
				if (col.kind !== 'number') throw new Error(`column "${name}" is ${col.kind}; PCA was fitted on a number column`);
				return col;
			});
			const n = data.frame.rowCount;
			const outs = Array.from({ length: state.k }, () => new Float64Array(n));
			for (let r = 0; r < n; r++) {
				const row = cols.map((c) => c.values[r]);
				// A row with a gap has no position in component space.
				const scores = row.some(Number.isNaN) ? null : pcaScores(state, row, state.k);
				for (let k = 0; k < state.k; k++) outs[k][r] = scores ? scores[k] : NaN;
			}
			const pcs: Column[] = outs.map((values, k) => ({ kind: 'number', name: `PC${k + 1}`, values }));
			if (state.output === 'append') return withFrame(data, withColumns(data.frame, pcs));
			// The components take the first input's place; the other inputs go.
			const replacements = new Map<string, Column[]>(state.columns.map((name, i) => [name, i === 0 ? pcs : []]));
			return withFrame(data, replaceColumns(data.frame, replacements));
		},
		report(_before, _after, state) {
			let cumulative = 0;
			const rows = state.explainedVariance.map((v, k) => {
				cumulative += state.explainedVarianceRatio[k];
				return [`PC${k + 1}`, v, state.explainedVarianceRatio[k], cumulative];
			});
			return tableReport('Explained variance', ['component', 'explained variance', 'ratio', 'cumulative ratio'], rows);
		}
	}
});
