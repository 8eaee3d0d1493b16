import { tableReport } from '../../reports';
import type { ComputePool } from '../../../compute/pool';
import type { ModelValue, ReportValue } from '../../ports';

/**
 * What a linear model learnt, largest effect first: one row per feature with its coefficient
 * (one column per class for a multinomial model). Lasso's exact zeros show as 0, so the
 * table also says which features the penalty dropped. The intercept closes the table.
 */
export function coefficientsReport(
	features: readonly string[],
	coef: readonly (readonly number[])[],
	intercept: readonly number[],
	classes: readonly string[] | null
): ReportValue {
	const perClass = coef.length > 1;
	const columns = [
		'feature',
		...(perClass ? (classes ?? coef.map((_, c) => `class ${c}`)).map((c) => `coefficient (${c})`) : ['coefficient'])
	];
	const size = (j: number) => Math.max(...coef.map((row) => Math.abs(row[j])));
	const order = features.map((_, j) => j).sort((a, b) => size(b) - size(a) || a - b);
	const rows = order.map((j) => [features[j], ...coef.map((row) => row[j])]);
	rows.push(['(intercept)', ...intercept]);
	const zeros = features.filter((_, j) => size(j) === 0).length;
	const title = zeros ? `Coefficients (${zeros} of ${features.length} features at 0)` : 'Coefficients';
	return tableReport(title, columns, rows);
}

/** An abort before any iteration completed: nothing to keep, so the run is cancelled. */

/** Progress at most every ~100 ms, so messages do not flood the worker's channel. */
export function throttledProgress(report: (fraction: number, message: string) => void): (fraction: number, message: string) => void {
	let last = -Infinity;
	return (fraction, message) => {
		const now = Date.now();
		if (now - last < 100) return;
		last = now;
		report(fraction, message);
	};
}

/** The stop note for a model whose fit the user cancelled after `completed` iterations. */
export function cancelledStop(completed: number, unit: string): NonNullable<ModelValue['stopped']> {
	return { reason: 'cancelled', completed, kept: `the coefficients after ${unit} ${completed} (not converged)` };
}

/**
 * Below this many training cells (rows × features) a linear fit stays in its thread: a pass on
 * the compute pool costs tens of microseconds, more than a small fit's pass. The
 * coefficients are the same either way (the passes add fixed chunks in order).
 */
const POOL_FROM_CELLS = 200_000;

/** The pool a linear model's fit spreads over, if it is worth it, and the storage for its design matrix. */
export function linearPool(
	pool: ComputePool | undefined,
	rows: number,
	cols: number
): { pool?: ComputePool; alloc?: (length: number) => Float64Array } {
	if (!pool || pool.threads < 2 || rows * cols < POOL_FROM_CELLS) return {};
	return { pool, alloc: (length) => pool.alloc(Float64Array, length) };
}
