import { boxStats, type BoxStats } from '../../../stats/boxplot';
import { gaussianKde, type Kde } from '../../../stats/kde';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/** At most this many groups are drawn side by side; the rest are counted, not drawn. */
export const MAX_GROUPS = 20;
const KDE_POINTS = 64;

export interface DistributionGroup extends BoxStats {
	readonly label: string;
	/** The group's position in its column's dictionary, so views colour it as the scatter plot does. */
	readonly index: number;
	/** Rows of the group whose value is missing. */
	readonly missing: number;
	/** null for fewer than two values or no spread. */
	readonly kde: Kde | null;
}

/** The body of the distributions report; the studio's DistributionsView draws it. */
export interface DistributionsReport {
	readonly type: 'distributions';
	readonly value: string;
	readonly group: string | null;
	/** Largest group first. */
	readonly groups: DistributionGroup[];
	/** Groups beyond MAX_GROUPS, left out of the chart. */
	readonly omittedGroups: number;
	/** Rows whose group is missing. */
	readonly ungrouped: number;
}

export default defineNode({
	type: 'explore.distributions',
	version: 1,
	category: 'explore',
	title: 'Distributions by group',
	description:
		'Box plots and violins (Gaussian kernel density) of a number column, one per value of a category column: quartiles, 1.5 IQR whiskers and outlier counts per group.',
	inputs: { data: port.dataset('data') },
	outputs: { distributions: port.report('distributions') },
	params: {
		value: p.column({ kinds: ['number'], label: 'Value', help: 'Number column whose distribution is drawn.' }),
		group: p.column({
			kinds: ['category', 'boolean'],
			label: 'Group by',
			help: `Category or true/false column; one box per value (the ${MAX_GROUPS} most frequent). Empty: one box for all rows.`
		})
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const valueName = params.value;
		if (!valueName) throw new Error('Distributions needs a Value column: choose a number column in the inspector');
		const col = requireColumn(data.frame, valueName);
		if (col.kind !== 'number') throw new Error(`column "${valueName}" is ${col.kind}; Value needs a number column`);
		const groupName = params.group || null;
		const rows = data.frame.rowCount;
		let labels = ['all rows'];
		let codes: Int32Array = new Int32Array(rows);
		if (groupName) {
			const g = requireColumn(data.frame, groupName);
			if (g.kind !== 'category' && g.kind !== 'boolean')
				throw new Error(`column "${groupName}" is ${g.kind}; Group by needs a category or true/false column`);
			labels = g.kind === 'boolean' ? ['false', 'true'] : [...g.dictionary];
			codes = g.codes;
		}
		const buckets = labels.map(() => [] as number[]);
		const missing = new Array<number>(labels.length).fill(0);
		let ungrouped = 0;
		for (let r = 0; r < rows; r++) {
			const code = codes[r];
			if (code < 0) ungrouped++;
			else if (Number.isNaN(col.values[r])) missing[code]++;
			else buckets[code].push(col.values[r]);
		}
		const order = labels
			.map((_, i) => i)
			.filter((i) => buckets[i].length + missing[i] > 0)
			.sort((a, b) => buckets[b].length - buckets[a].length || labels[a].localeCompare(labels[b]));
		const groups = order.slice(0, MAX_GROUPS).map((i): DistributionGroup => {
			const sorted = Float64Array.from(buckets[i]).sort();
			return { label: labels[i], index: i, missing: missing[i], ...boxStats(sorted), kde: gaussianKde(sorted, KDE_POINTS) };
		});
		const report: DistributionsReport = {
			type: 'distributions',
			value: valueName,
			group: groupName,
			groups,
			omittedGroups: Math.max(0, order.length - MAX_GROUPS),
			ungrouped
		};
		return { distributions: { kind: 'report', report } };
	}
});
