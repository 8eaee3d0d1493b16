import { segmentStats, type DatePart, type SegmentColumn, type SegmentGroup } from '../../../analysis/segments';
import type { Column } from '../../../frame/types';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/** Small multiples stay readable up to this many columns. */
export const MAX_SEGMENT_COLUMNS = 12;
/** More groups than this would make each multiple too narrow to read. */
export const MAX_SEGMENTS = 24;
const COMPARED = ['number', 'category', 'boolean'] as const;

/** The body of the segments report; the studio's SegmentsView draws it. */
export interface SegmentsReport {
	readonly type: 'segments';
	readonly segment: string;
	/** For a date segment: the calendar part it is split by. */
	readonly by: DatePart | null;
	/** Groups with at least one row, in natural order (dictionary, calendar, year). */
	readonly groups: SegmentGroup[];
	readonly columns: SegmentColumn[];
	/** Rows whose segment value is missing, left out of every group. */
	readonly unsegmented: number;
	/** Columns left out because the list was empty and the data has more than MAX_SEGMENT_COLUMNS. */
	readonly omittedColumns: number;
}

export default defineNode({
	type: 'explore.segments',
	version: 1,
	category: 'explore',
	title: 'Segments',
	description:
		'The same distributions split by a chosen column (a city, a month…) to spot bias: per group the mean, median, missing share and a histogram on shared bins of each number column, and the share of the top 5 categories of each category column.',
	inputs: { data: port.dataset('data') },
	outputs: { segments: port.report('segments') },
	params: {
		segment: p.column({
			kinds: ['category', 'boolean', 'date'],
			label: 'Segment by',
			help: 'Category, true/false or date column whose values form the groups; a date is split by the calendar part chosen in By.'
		}),
		by: p.choice(['month', 'year', 'weekday'], {
			default: 'month',
			label: 'By (dates)',
			help: 'For a date segment: group rows by month of the year, by year, or by day of the week. Ignored for other columns.'
		}),
		columns: p.columns({
			kinds: [...COMPARED],
			label: 'Columns',
			help: `Number, category or true/false columns to compare across groups (at most ${MAX_SEGMENT_COLUMNS}). Empty: every other such column, the first ${MAX_SEGMENT_COLUMNS}.`
		})
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const segmentName = params.segment;
		if (!segmentName) throw new Error('Segments needs a Segment by column: choose a category, true/false or date column in the inspector');
		const segment = requireColumn(data.frame, segmentName);
		const by = segment.kind === 'date' ? (params.by ?? 'month') : null;
		const chosen = params.columns ?? [];
		if (chosen.length > MAX_SEGMENT_COLUMNS)
			throw new Error(
				`Segments compares at most ${MAX_SEGMENT_COLUMNS} columns; ${chosen.length} are chosen — remove ${chosen.length - MAX_SEGMENT_COLUMNS}`
			);
		let columns: Column[];
		let omittedColumns = 0;
		if (chosen.length) columns = chosen.map((name) => requireColumn(data.frame, name));
		else {
			const all = data.frame.columns.filter((c) => c.name !== segmentName && (COMPARED as readonly string[]).includes(c.kind));
			columns = all.slice(0, MAX_SEGMENT_COLUMNS);
			omittedColumns = all.length - columns.length;
		}
		const stats = segmentStats(data.frame, segment, by ?? 'month', columns);
		if (stats.groups.length > MAX_SEGMENTS)
			throw new Error(
				`column "${segmentName}" has ${stats.groups.length} values; Segments splits into at most ${MAX_SEGMENTS} groups — choose a column with fewer values or group it first`
			);
		const report: SegmentsReport = { type: 'segments', segment: segmentName, by, ...stats, omittedColumns };
		return { segments: { kind: 'report', report } };
	}
});
