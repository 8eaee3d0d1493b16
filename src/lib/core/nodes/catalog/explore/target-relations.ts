import { isUsable, rankRelations, targetRelation, type FeatureRelation, type TargetKind } from '../../../analysis/target-relations';
import type { Column } from '../../../frame/types';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/** More bars than this stop being a readable ranking. */
export const MAX_RELATION_COLUMNS = 30;
const KINDS = ['number', 'category', 'boolean'] as const;

/** The body of the target-relations report; the studio's TargetRelationsView draws it. */
export interface TargetRelationsReport {
	readonly type: 'target-relations';
	readonly target: string;
	readonly targetKind: TargetKind;
	/** Strongest association first. */
	readonly features: FeatureRelation[];
	/** Columns left out because the list was empty and the data has more than MAX_RELATION_COLUMNS. */
	readonly omittedColumns: number;
}

export default defineNode({
	type: 'explore.target-relations',
	version: 1,
	category: 'explore',
	title: 'Features vs target',
	description:
		"Each feature against the target, ranked by the strength of its association (|Pearson r| for two numbers, Cramér's V for two categories, the correlation ratio η for a category and a number), with a small chart per feature: the feature per class, the target's mean per bin of the feature, or per value.",
	inputs: { data: port.dataset('data') },
	outputs: { relations: port.report('relations') },
	params: {
		target: p.column({
			kinds: [...KINDS],
			label: 'Target',
			help: "Number, category or true/false column the features are measured against. Empty: the dataset's target (set by Split)."
		}),
		columns: p.columns({
			kinds: [...KINDS],
			label: 'Features',
			help: `Number, category or true/false columns to measure (at most ${MAX_RELATION_COLUMNS}). Empty: every other such column, the first ${MAX_RELATION_COLUMNS}.`
		})
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const targetName = params.target || data.target;
		if (!targetName)
			throw new Error('Features vs target needs a target: choose one in the inspector, or connect it after a Split that sets the target');
		const target = requireColumn(data.frame, targetName);
		if (!isUsable(target))
			throw new Error(
				`column "${targetName}" is ${target.kind}; Features vs target needs a number, category or true/false target — choose another column`
			);
		const chosen = params.columns ?? [];
		if (chosen.length > MAX_RELATION_COLUMNS)
			throw new Error(
				`Features vs target measures at most ${MAX_RELATION_COLUMNS} columns; ${chosen.length} are chosen — remove ${chosen.length - MAX_RELATION_COLUMNS}`
			);
		let columns: Column[];
		let omittedColumns = 0;
		if (chosen.length) columns = chosen.filter((n) => n !== targetName).map((name) => requireColumn(data.frame, name));
		else {
			const all = data.frame.columns.filter((c) => c.name !== targetName && isUsable(c));
			columns = all.slice(0, MAX_RELATION_COLUMNS);
			omittedColumns = all.length - columns.length;
		}
		const features = columns.map((c) => {
			if (!isUsable(c))
				throw new Error(
					`column "${c.name}" is ${c.kind}; Features vs target measures number, category or true/false columns — remove it from Features`
				);
			return targetRelation(data.frame, target, c);
		});
		const report: TargetRelationsReport = {
			type: 'target-relations',
			target: targetName,
			targetKind: target.kind === 'number' ? 'number' : 'category',
			features: rankRelations(features),
			omittedColumns
		};
		return { relations: { kind: 'report', report } };
	}
});
