import { qualityWarnings, DEFAULT_THRESHOLDS, type QualityWarning } from '../../../analysis/quality';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';

/** The body of the quality report; the studio's QualityView lists it. */
export interface QualityReport {
	readonly type: 'quality';
	readonly target: string | null;
	readonly warnings: readonly QualityWarning[];
}

const share = (label: string, def: number, help: string) => p.number({ default: def, min: 0, max: 1, step: 0.01, label, help });

export default defineNode({
	type: 'explore.quality',
	version: 1,
	category: 'explore',
	title: 'Data-quality warnings',
	description:
		'Flags what to fix before modelling, naming each column: constant or near-constant columns, identifier-like columns, heavy missingness, duplicate rows, strong skew, and features that predict the target almost perfectly (suspected leakage).',
	inputs: { data: port.dataset('data') },
	outputs: { quality: port.report('quality') },
	params: {
		target: p.column({
			label: 'Target',
			help: "Column to check leakage against. Empty: the dataset's target (set by Split); no leakage check when there is none."
		}),
		nearConstant: share(
			'Near-constant from',
			DEFAULT_THRESHOLDS.nearConstant,
			"Warn when one value covers at least this share of a column's present values."
		),
		idLike: share(
			'Id-like from',
			DEFAULT_THRESHOLDS.idLike,
			'Warn when a category, text or whole-number column has at least this share of distinct values (checked from 20 present values).'
		),
		missing: share('Missing from', DEFAULT_THRESHOLDS.missing, "Warn when at least this share of a column's rows is missing."),
		skew: p.number({
			default: DEFAULT_THRESHOLDS.skew,
			min: 0,
			step: 0.5,
			label: 'Skew above',
			help: "Warn when a number column's |skewness| (pandas' adjusted Fisher–Pearson) exceeds this."
		}),
		leakage: share(
			'Leakage from',
			DEFAULT_THRESHOLDS.leakage,
			'Warn when one feature alone scores at least this against the target: |Pearson r| or correlation ratio η for numbers, or the share of rows its values classify right for a category.'
		)
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const chosen = params.target;
		if (chosen) requireColumn(data.frame, chosen);
		const target = chosen || data.target;
		const warnings = qualityWarnings(data.frame, target, {
			nearConstant: params.nearConstant,
			idLike: params.idLike,
			missing: params.missing,
			skew: params.skew,
			leakage: params.leakage
		});
		const report: QualityReport = { type: 'quality', target, warnings };
		return { quality: { kind: 'report', report } };
	}
});
