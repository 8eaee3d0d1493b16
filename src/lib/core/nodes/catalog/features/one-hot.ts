import type { Column, ColumnSchema } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { codeToFitted, labelCounts, requireCoded, type CodedColumn } from './category-labels';
import { dataWith, numberColumn, pickSchema, replaceSchema } from '../../schema-rules';

interface OneHotColumn {
	name: string;
	/** Kept category labels, sorted; each gets a 0/1 column (but the first when dropFirst). */
	categories: string[];
	/** Whether rare, unseen (and only those) labels light an "other" column. Absent in version 1 states. */
	other?: boolean;
	dropFirst?: boolean;
}

interface OneHotState {
	columns: OneHotColumn[];
}

/** Name of the column for the rare and unseen categories; brackets keep it apart from a real "other" label. */
export const OTHER = '(other)';

/**
 * The categories to keep: all of them, or the most frequent ones when there are more than
 * `max` output columns' worth. Like scikit-learn's OneHotEncoder(max_categories), the
 * "other" column counts towards the limit, and among equal counts the alphabetically
 * first labels become "other".
 */
export function keptCategories(counts: ReadonlyMap<string, number>, max: number, other: boolean): string[] {
	const labels = [...counts.keys()].sort();
	if (max <= 0 || labels.length <= max) return labels;
	const keep = Math.max(other ? max - 1 : max, 0);
	const ranked = [...labels].sort((a, b) => counts.get(a)! - counts.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
	const kept = new Set(ranked.slice(ranked.length - keep));
	return labels.filter((l) => kept.has(l));
}

function encode(col: CodedColumn, s: OneHotColumn, rowCount: number): Column[] {
	const toIndex = codeToFitted(col, s.categories);
	const k = s.categories.length;
	const outs = Array.from({ length: k + (s.other ? 1 : 0) }, () => new Float64Array(rowCount));
	for (let r = 0; r < rowCount; r++) {
		const code = col.codes[r];
		if (code < 0) continue; // a missing value encodes as all zeros
		const at = toIndex[code];
		if (at >= 0) outs[at][r] = 1;
		else if (s.other) outs[k][r] = 1;
	}
	const names = s.categories.map((cat) => `${s.name}=${cat}`);
	if (s.other) names.push(`${s.name}=${OTHER}`);
	const columns = names.map((name, i) => ({ kind: 'number' as const, name, values: outs[i] }));
	return s.dropFirst && s.categories.length > 0 ? columns.slice(1) : columns;
}

export default defineNode({
	type: 'features.one-hot',
	version: 2,
	category: 'features',
	title: 'One-hot encode',
	description:
		'Replace each category column by one 0/1 column per category seen in the training rows. Missing values get all zeros; unseen categories go to the "other" column when it is on, else all zeros.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({ kinds: ['category', 'boolean'], label: 'Columns', help: 'Empty: every category column except the target' }),
		maxCategories: p.int({
			default: 0,
			min: 0,
			max: 10_000,
			label: 'Most columns per category column',
			help: 'Keep only the most frequent categories of the training rows so that at most this many columns come out ("other" included). 0: no limit'
		}),
		otherBucket: p.boolean({
			default: false,
			label: '"Other" column',
			help: 'Add a column that is 1 for the categories dropped by the limit and for categories never seen in training'
		}),
		dropFirst: p.boolean({
			default: false,
			label: 'Drop the first category',
			help: 'Leave out the column of the alphabetically first category, so the columns are not collinear (useful for unregularised linear models)'
		})
	},
	migrations: [(v1) => ({ ...v1, maxCategories: 0, otherBucket: false, dropFirst: false })],
	// The categories are the input's dictionary; a training part that lacks some yields fewer columns.
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['category', 'boolean']) : null;
		if (!data || !cols || cols.some((c) => c.kind === 'category' && !c.categories)) return {};
		const replacements = new Map(
			cols.map((c) => {
				const all = c.kind === 'boolean' ? ['false', 'true'] : [...c.categories!].sort();
				// A limit keeps the most frequent categories, which only the rows can tell.
				if (params.maxCategories > 0 && all.length > params.maxCategories) return [c.name, null] as const;
				const names = all.map((cat) => `${c.name}=${cat}`);
				if (params.otherBucket) names.push(`${c.name}=${OTHER}`);
				return [c.name, (params.dropFirst && all.length > 0 ? names.slice(1) : names).map(numberColumn)] as const;
			})
		);
		if ([...replacements.values()].some((r) => r === null)) return {};
		return dataWith(data, replaceSchema(data.columns, replacements as Map<string, ColumnSchema[]>));
	},
	step: {
		fit(data, params): OneHotState {
			const rows = trainingRows(data);
			const cols = pickColumns(data, params.columns, ['category', 'boolean']);
			const max = params.maxCategories;
			const other = params.otherBucket === true;
			return {
				columns: cols.map((col) => ({
					name: col.name,
					categories: keptCategories(labelCounts(col as CodedColumn, rows), max, other),
					other,
					dropFirst: params.dropFirst === true
				}))
			};
		},
		apply(data, state) {
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = requireCoded(data.frame.columns, s.name, 'one-hot encoding');
				replacements.set(s.name, encode(col, s, data.frame.rowCount));
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
