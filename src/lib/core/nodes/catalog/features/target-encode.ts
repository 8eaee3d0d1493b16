import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns, requireColumn } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, seedOf } from '../../params';
import { port, type DatasetValue } from '../../ports';
import { fittedIndexPerRow, labelCounts, requireCoded, type CodedColumn } from './category-labels';
import { fitKey, foldsOf, smoothedMeans, targetOutputs } from './target-stats';
import { dataWith, numberColumn, pickSchema, replaceSchema } from '../../schema-rules';

interface Mapping {
	prior: number[];
	/** category × output */
	values: number[][];
}

interface TargetEncodeState {
	target: string;
	/** '' for a number target (the column keeps its name); else a class: one column per class, or the positive class's only. */
	outputs: string[];
	folds: number;
	seed: number;
	/** The fitted training rows and targets, so apply recognises them and gives them out-of-fold values. */
	fingerprint: string;
	columns: { name: string; categories: string[]; full: Mapping; byFold: Mapping[] }[];
}

function outputName(column: string, output: string): string {
	return output === '' ? column : `${column}:${output}`;
}

/**
 * Which mapping each row gets: the out-of-fold one (fold index) for the very training rows
 * that were fitted, the full-training one (-1) for every other row.
 */
function foldPerRow(data: DatasetValue, state: TargetEncodeState): Int32Array {
	const fold = new Int32Array(data.frame.rowCount).fill(-1);
	const target = data.frame.columns.find((c) => c.name === state.target);
	if (!data.roles || !target) return fold;
	const rows = trainingRows(data);
	let y;
	try {
		y = targetOutputs(target, rows);
	} catch {
		return fold;
	}
	const f = foldsOf(rows, y, state.folds, state.seed);
	if (fitKey(f.rows, y) !== state.fingerprint || y.outputs.join('\n') !== state.outputs.join('\n')) return fold;
	f.rows.forEach((r, i) => (fold[r] = f.fold[i]));
	return fold;
}

export default defineNode({
	type: 'features.target-encode',
	version: 1,
	category: 'features',
	title: 'Target encode',
	description:
		'Replace each category column by the smoothed mean of the target for its category (per class for a multiclass target). Training rows get out-of-fold values, so no row sees its own target; other rows use all training rows. Unseen categories get the overall mean.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({ kinds: ['category', 'boolean'], label: 'Columns', help: 'Empty: every category column except the target' }),
		smoothing: p.number({
			default: 10,
			min: 0,
			max: 1e6,
			label: 'Smoothing (m)',
			help: "How many rows' worth of the overall mean to blend into each category's mean: (n · mean + m · overall) / (n + m). Larger: rare categories stay nearer the overall mean"
		}),
		folds: p.int({
			default: 5,
			min: 2,
			max: 50,
			label: 'Folds',
			help: 'Training rows are encoded from the other folds, never from their own target'
		}),
		seed: p.seed({ help: 'Which training rows fall in which fold' })
	},
	// The classes are the target's dictionary; a training part that lacks one yields fewer columns.
	schema: ({ data }, params) => {
		const target = data?.columns.find((c) => c.name === data.target);
		const cols = data ? pickSchema(data, params.columns, ['category', 'boolean']) : null;
		if (!data || !target || !cols) return {};
		const classes =
			target.kind === 'boolean'
				? ['false', 'true']
				: target.kind === 'category'
					? target.categories
					: target.kind === 'number'
						? []
						: undefined;
		if (!classes) return {};
		// As targetOutputs: the number itself, the positive class when binary, else one per class.
		const outputs = target.kind === 'number' ? [''] : classes.length === 2 ? [[...classes].sort()[1]] : [...classes].sort();
		return dataWith(
			data,
			replaceSchema(data.columns, new Map(cols.map((c) => [c.name, outputs.map((o) => numberColumn(outputName(c.name, o)))])))
		);
	},
	step: {
		fit(data, params, ctx): TargetEncodeState {
			if (!data.target) throw new Error('target encoding needs a target: put it after a Split that chooses the target column');
			const target = requireColumn(data.frame, data.target);
			const rows = trainingRows(data);
			const y = targetOutputs(target, rows);
			const k = params.folds;
			const m = params.smoothing;
			const seed = seedOf(params.seed, ctx.seed);
			const f = foldsOf(rows, y, k, seed);
			const cols = pickColumns(data, params.columns, ['category', 'boolean']);
			return {
				target: target.name,
				outputs: [...y.outputs],
				folds: k,
				seed,
				fingerprint: fitKey(f.rows, y),
				columns: cols.map((col) => {
					const categories = [...labelCounts(col as CodedColumn, f.rows).keys()].sort();
					const at = fittedIndexPerRow(col as CodedColumn, categories);
					const full = smoothedMeans(at, y, f.rows, () => true, categories.length, m);
					const byFold = Array.from({ length: k }, (_, fold) =>
						smoothedMeans(at, y, f.rows, (i) => f.fold[i] !== fold, categories.length, m)
					);
					return { name: col.name, categories, full, byFold };
				})
			};
		},
		apply(data, state) {
			const fold = foldPerRow(data, state);
			const n = data.frame.rowCount;
			const replacements = new Map<string, Column[]>();
			for (const s of state.columns) {
				const col = requireCoded(data.frame.columns, s.name, 'target encoding');
				const at = fittedIndexPerRow(col, s.categories);
				const outs = state.outputs.map(() => new Float64Array(n));
				for (let r = 0; r < n; r++) {
					const map = fold[r] >= 0 ? s.byFold[fold[r]] : s.full;
					// Missing and unseen categories get the prior (of the same fold for training rows).
					const row = at[r] >= 0 ? map.values[at[r]] : map.prior;
					for (let k = 0; k < outs.length; k++) outs[k][r] = row[k];
				}
				replacements.set(
					s.name,
					state.outputs.map((o, k) => ({ kind: 'number' as const, name: outputName(s.name, o), values: outs[k] }))
				);
			}
			return withFrame(data, replaceColumns(data.frame, replacements));
		}
	}
});
