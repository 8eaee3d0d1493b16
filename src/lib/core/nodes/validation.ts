import { assignFolds, trainingRowsOf, type FoldScheme } from '../ml/evaluation/folds';
import { requireColumn } from './columns';
import { classCodes, classesIn, labelledRows } from './modeling';
import { Role, type DatasetValue, type Metrics, type ModelValue } from './ports';

/** How rows are dealt into folds, as the Cross-validate node and the search's per-trial CV ask. */
export interface FoldPlan {
	readonly scheme: FoldScheme;
	readonly folds: number;
	readonly seed: number;
	/** Grouped folds: the column whose values stay in one fold. */
	readonly group?: string;
}

/**
 * Row roles for every fold: the fold's held-out rows are validation rows, the rest of the
 * non-test labelled rows train. Test rows never take part, so they stay unseen.
 */
export function foldRoles(data: DatasetValue, model: ModelValue, plan: FoldPlan): Uint8Array[] {
	const pool = labelledRows(
		data.frame,
		model.target,
		Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i).filter((i) => data.roles?.[i] !== Role.test)
	);
	let scheme = plan.scheme;
	if (scheme === 'stratified' && model.task === 'regression') scheme = 'k-fold';
	const labels =
		scheme === 'stratified' ? classCodes(data.frame, model.target, pool, classesIn(data.frame, model.target, pool)) : undefined;
	let groups: Int32Array | undefined;
	if (scheme === 'grouped') {
		if (!plan.group) throw new Error('Grouped folds need a Group column');
		const col = requireColumn(data.frame, plan.group);
		const ids = new Map<string, number>();
		groups = Int32Array.from(pool, (r) => {
			const key = col.kind === 'number' || col.kind === 'date' || col.kind === 'text' ? String(col.values[r]) : String(col.codes[r]);
			return ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
		});
	}
	const fold = assignFolds(pool.length, plan.folds, scheme, { seed: plan.seed, labels, groups });
	return Array.from({ length: plan.folds }, (_, f) => {
		const roles = new Uint8Array(data.frame.rowCount);
		for (const i of trainingRowsOf(fold, f, scheme)) roles[pool[i]] = Role.train;
		fold.forEach((g, i) => {
			if (g === f) roles[pool[i]] = Role.validation;
		});
		return roles;
	});
}

/** A metrics value as flat named figures (undefined ones left out). */
export function flatMetrics(m: Metrics): Record<string, number> {
	const out: Record<string, number> =
		m.task === 'classification'
			? {
					accuracy: m.accuracy,
					f1Macro: m.f1Macro,
					precisionMacro: m.precisionMacro,
					recallMacro: m.recallMacro,
					...(m.rocAuc === null ? {} : { rocAuc: m.rocAuc })
				}
			: { rmse: m.rmse, mae: m.mae, r2: m.r2 };
	for (const [k, v] of Object.entries(out)) if (!Number.isFinite(v)) delete out[k];
	return out;
}

/** Metrics where smaller is better; a search maximises the negated value. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['rmse', 'mae']);
