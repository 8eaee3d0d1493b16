import { correlationMatrix, limitPairwise, pairwiseNote, type CorrelationMatrix } from '../../../stats/correlation';
import { principalOrder } from '../../../stats/matrix-order';
import { mixedMatrix, type PairMeasure } from '../../../stats/mixed-correlation';
import { spearmanMatrix } from '../../../stats/spearman';
import type { ColumnKind } from '../../../frame/types';
import { pickColumns } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

export type CorrelationMethod = 'pearson' | 'spearman' | 'mixed';

/** The body of the correlations report; the studio's CorrelationView draws it as a heatmap. */
export interface CorrelationsReport {
	readonly type: 'correlations';
	readonly method: CorrelationMethod;
	readonly columns: readonly string[];
	readonly kinds: readonly ColumnKind[];
	/** columns × columns, row-major; null where a pair cannot be measured (no variance, no complete rows). */
	readonly values: readonly (number | null)[];
	/** The measure of each cell, row-major like values. */
	readonly measures: readonly PairMeasure[];
	/** Column indices ordered by the first principal direction, so related columns sit together. */
	readonly principalOrder: readonly number[];
	/** Set when a wide table's columns were capped (stats/correlation.ts MAX_MATRIX_COLUMNS): what was left out. */
	readonly note?: string;
}

const KINDS: Record<CorrelationMethod, ColumnKind[]> = {
	pearson: ['number'],
	spearman: ['number'],
	mixed: ['number', 'category', 'boolean']
};

export default defineNode({
	type: 'explore.correlations',
	version: 1,
	category: 'explore',
	title: 'Correlations',
	description:
		'A heatmap of how strongly columns move together. Pearson and Spearman compare numbers; "mixed" also takes categories, using Cramér\'s V between two categories and the correlation ratio η between a category and a number (both 0 to 1). Rows missing either value of a pair are left out of that pair.',
	inputs: { data: port.dataset('data') },
	outputs: { correlations: port.report('correlations') },
	params: {
		method: p.choice(['pearson', 'spearman', 'mixed'], {
			default: 'mixed',
			label: 'Method',
			help: "pearson: linear correlation of numbers. spearman: correlation of ranks (monotonic relations, robust to outliers; ties get average ranks). mixed: Pearson for number pairs, Cramér's V for category pairs, correlation ratio η for a category and a number."
		}),
		columns: p.columns({
			kinds: ['number', 'category', 'boolean'],
			label: 'Columns',
			help: 'Columns to compare. Empty: every column the method accepts, the target included.'
		})
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const method = params.method;
		const chosen = params.columns;
		const kinds = KINDS[method];
		const all =
			chosen.length > 0
				? pickColumns(data, chosen, kinds).map((c) => c.name)
				: data.frame.columns.filter((c) => kinds.includes(c.kind)).map((c) => c.name);
		const { kept: names, omitted } = limitPairwise(all);
		if (names.length === 0) throw new Error(`no ${kinds.join(' or ')} columns to correlate; pick another method or convert columns first`);
		let m: CorrelationMatrix;
		let measures: PairMeasure[];
		if (method === 'mixed') {
			const mixed = mixedMatrix(data.frame, names);
			m = mixed;
			measures = [...mixed.measures];
		} else {
			m = method === 'pearson' ? correlationMatrix(data.frame, names) : spearmanMatrix(data.frame, names);
			measures = new Array<PairMeasure>(m.values.length).fill(method);
		}
		const byName = new Map(data.frame.columns.map((c) => [c.name, c.kind]));
		const report: CorrelationsReport = {
			type: 'correlations',
			method,
			columns: m.columns,
			kinds: m.columns.map((c) => byName.get(c)!),
			values: Array.from(m.values, (v) => (Number.isNaN(v) ? null : v)),
			measures,
			principalOrder: principalOrder(m.values, m.columns.length),
			...(omitted ? { note: pairwiseNote(names.length, omitted, `${kinds.join(', ')} columns`) } : {})
		};
		return { correlations: { kind: 'report', report } };
	}
});
