import { missingPatterns, type MissingPatterns } from '../../../analysis/missing-pattern';
import { pickColumns } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/** The body of the missing-pattern report; the studio's MissingPatternView draws it. */
export type MissingPatternReport = { readonly type: 'missing-pattern' } & MissingPatterns;

const ALL_KINDS = ['number', 'category', 'boolean', 'date', 'text'] as const;

export default defineNode({
	type: 'explore.missing-pattern',
	version: 1,
	category: 'explore',
	title: 'Missing-value patterns',
	description:
		'Missing cells per column and the most frequent combinations of columns that are missing together in a row, to tell scattered gaps from rows that lost several fields at once.',
	inputs: { data: port.dataset('data') },
	outputs: { patterns: port.report('missing patterns') },
	params: {
		columns: p.columns({ label: 'Columns', help: 'Columns to look at. Empty: every column, the target included.' }),
		top: p.int({ default: 10, min: 1, max: 50, label: 'Patterns shown', help: 'How many of the most frequent patterns to list.' })
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const chosen = params.columns;
		// pickColumns leaves the target out of "all"; missing values in the target matter here too.
		const columns = chosen.length === 0 ? data.frame.columns : pickColumns(data, chosen, ALL_KINDS);
		const report: MissingPatternReport = { type: 'missing-pattern', ...missingPatterns(columns, data.frame.rowCount, params.top) };
		return { patterns: { kind: 'report', report } };
	}
});
