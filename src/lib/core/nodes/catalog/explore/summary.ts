import { frameSummary } from '../../../analysis/summary';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { port } from '../../ports';

/** The body of the summary report; the studio's SummaryView draws it. */
export type SummaryReport = { readonly type: 'summary' } & ReturnType<typeof frameSummary>;

export default defineNode({
	type: 'explore.summary',
	version: 1,
	category: 'explore',
	title: 'Dataset summary',
	description:
		'Rows, columns, estimated memory, missing cells, duplicate rows (rows equal to an earlier row in every column) and how many columns of each kind.',
	inputs: { data: port.dataset('data') },
	outputs: { summary: port.report('summary') },
	params: {},
	run: (inputs) => {
		const report: SummaryReport = { type: 'summary', ...frameSummary(expectDataset(inputs.data).frame) };
		return { summary: { kind: 'report', report } };
	}
});
