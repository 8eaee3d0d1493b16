import { withColumns } from '../../../frame/verbs';
import type { Column } from '../../../frame/types';
import { pickColumns, requireColumn } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { GROUP_KINDS, groupKeys } from './group-key';
import { dataWith, numberColumn, withColumnsSchema } from '../../schema-rules';

const STATS = ['mean', 'count', 'sum', 'min', 'max', 'distinct'] as const;
type Stat = (typeof STATS)[number];
/** Stats that need numbers; count and distinct work on any column. */
const NUMERIC: readonly Stat[] = ['mean', 'sum', 'min', 'max'];

/** Fitted on the training rows. Missing aggregates are null because the state is JSON. */
interface GroupAggregateState {
	value: string;
	groupBy: string[];
	stats: Stat[];
	/** One entry per training group: its key and one value per stat. */
	groups: [string, (number | null)[]][];
	/** The same stats over all training rows, for unseen groups when asked. */
	global: (number | null)[];
	unseen: 'missing' | 'global';
}

class Accumulator {
	count = 0;
	sum = 0;
	min = Infinity;
	max = -Infinity;
	readonly distinct = new Set<string | number>();
	add(x: number, label: string | number) {
		this.count++;
		this.sum += x;
		if (x < this.min) this.min = x;
		if (x > this.max) this.max = x;
		this.distinct.add(label);
	}
	/** pandas semantics: missing values are skipped; the sum of nothing is 0, its mean, min and max are missing. */
	result(stat: Stat): number | null {
		switch (stat) {
			case 'mean':
				return this.count ? this.sum / this.count : null;
			case 'count':
				return this.count;
			case 'sum':
				return this.sum;
			case 'min':
				return this.count ? this.min : null;
			case 'max':
				return this.count ? this.max : null;
			case 'distinct':
				return this.distinct.size;
		}
	}
}

/** Per row: the value as a number (NaN for a label column) and a label for distinct counts, or null when missing. */
function valueReader(col: Column): (r: number) => [number, string | number] | null {
	switch (col.kind) {
		case 'number':
		case 'date':
			return (r) => (Number.isNaN(col.values[r]) ? null : [col.values[r], col.values[r]]);
		case 'category':
			return (r) => (col.codes[r] < 0 ? null : [NaN, col.dictionary[col.codes[r]]]);
		case 'boolean':
			return (r) => (col.codes[r] < 0 ? null : [NaN, col.codes[r]]);
		case 'text':
			return (r) => (col.values[r] === null ? null : [NaN, col.values[r]!]);
	}
}

export const aggregateName = (value: string, stat: Stat, groupBy: readonly string[]) => `${value}_${stat}_by_${groupBy.join('_')}`;

function chosenStats(params: ParamValues): Stat[] {
	const stats = STATS.filter((s) => params[s] === true);
	if (!stats.length) throw new Error('choose at least one aggregate (mean, count, sum, min, max or distinct count)');
	return stats;
}

const stat = (label: string, def: boolean, help: string) => p.boolean({ default: def, label, help });

export default defineNode({
	type: 'features.group-aggregate',
	version: 1,
	category: 'features',
	title: 'Group aggregates',
	description:
		"Per group (e.g. per customer), aggregate a column over the training rows and join the result back to every row, e.g. each island's mean body mass. Groups not seen in training get a missing value or the overall training value.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		groupBy: p.columns({ kinds: [...GROUP_KINDS], label: 'Group by', help: 'One or more category or text columns that define the groups' }),
		value: p.column({ label: 'Value column', help: 'The column to aggregate; mean, sum, min and max need a number column' }),
		mean: stat('Mean', true, 'Average of the value within the group'),
		count: stat('Count', false, 'Number of non-missing values in the group'),
		sum: stat('Sum', false, 'Total of the value within the group'),
		min: stat('Min', false, 'Smallest value in the group'),
		max: stat('Max', false, 'Largest value in the group'),
		distinct: stat('Distinct count', false, 'Number of different values in the group'),
		unseen: p.choice(['missing', 'global'], {
			default: 'missing',
			label: 'Unseen groups',
			help: 'For a group with no training rows (or a missing group key): leave the value missing, or use the aggregate over all training rows'
		})
	},
	schema: ({ data }, params) => {
		const stats = STATS.filter((s) => params[s] === true);
		if (!data || !params.groupBy.length || !params.value || !stats.length) return {};
		return dataWith(
			data,
			withColumnsSchema(
				data.columns,
				stats.map((s) => numberColumn(aggregateName(params.value, s, params.groupBy)))
			)
		);
	},
	step: {
		fit(data, params): GroupAggregateState {
			const groupBy = params.groupBy;
			if (!groupBy.length) throw new Error('choose at least one column to group by');
			const valueName = params.value;
			if (!valueName) throw new Error('choose the value column to aggregate');
			const stats = chosenStats(params);
			const keyCols = pickColumns(data, groupBy, [...GROUP_KINDS]);
			const valueCol = requireColumn(data.frame, valueName);
			const numeric = valueCol.kind === 'number' || valueCol.kind === 'date';
			const bad = stats.find((s) => NUMERIC.includes(s));
			if (!numeric && bad)
				throw new Error(`column "${valueName}" is ${valueCol.kind}; the ${bad} needs a number column (use count or distinct count)`);
			const keys = groupKeys(keyCols, data.frame.rowCount);
			const read = valueReader(valueCol);
			const byKey = new Map<string, Accumulator>();
			const global = new Accumulator();
			for (const r of trainingRows(data)) {
				const key = keys[r];
				let acc = key === null ? undefined : byKey.get(key);
				if (key !== null && !acc) byKey.set(key, (acc = new Accumulator()));
				const v = read(r);
				if (!v) continue;
				acc?.add(v[0], v[1]);
				global.add(v[0], v[1]);
			}
			return {
				value: valueName,
				groupBy: [...groupBy],
				stats,
				groups: [...byKey].map(([key, acc]) => [key, stats.map((s) => acc.result(s))]),
				global: stats.map((s) => global.result(s)),
				unseen: params.unseen === 'global' ? 'global' : 'missing'
			};
		},
		apply(data, state) {
			const keyCols = state.groupBy.map((name) => requireColumn(data.frame, name));
			const keys = groupKeys(keyCols, data.frame.rowCount);
			const lookup = new Map(state.groups);
			const fallback = state.unseen === 'global' ? state.global : state.stats.map(() => null);
			const outs = state.stats.map(() => new Float64Array(data.frame.rowCount));
			keys.forEach((key, r) => {
				const values = (key !== null && lookup.get(key)) || fallback;
				for (let s = 0; s < outs.length; s++) outs[s][r] = values[s] ?? NaN;
			});
			const added: Column[] = state.stats.map((s, i) => ({
				kind: 'number',
				name: aggregateName(state.value, s, state.groupBy),
				values: outs[i]
			}));
			return withFrame(data, withColumns(data.frame, added));
		}
	}
});
