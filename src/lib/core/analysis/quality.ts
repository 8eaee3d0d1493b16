/** Data-quality warnings: what to look at before modelling, each naming its column. */
import { findLeakage } from './leakage';
import { profileFrame, type ColumnProfile } from './profile';
import { sortFloat64 } from '../stats/sort';
import type { Column, Frame } from '../frame/types';

export type QualityKind = 'constant' | 'near-constant' | 'id-like' | 'missing' | 'duplicates' | 'skew' | 'leakage';

export interface QualityWarning {
	/** The column concerned; null for warnings about whole rows (duplicates). */
	readonly column: string | null;
	readonly kind: QualityKind;
	readonly message: string;
	/** The figure that tripped the threshold (a share, a count, a skewness or a score). */
	readonly value: number;
}

export interface QualityThresholds {
	/** Near-constant when the most frequent value covers at least this share of the present values. */
	readonly nearConstant: number;
	/** Id-like when distinct values reach this share of the present values. */
	readonly idLike: number;
	/** Heavy missingness from this share of rows. */
	readonly missing: number;
	/** Strong skew above this |skewness|. */
	readonly skew: number;
	/** Leakage from this |r|, η or class purity. */
	readonly leakage: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = { nearConstant: 0.99, idLike: 0.95, missing: 0.5, skew: 2, leakage: 0.98 };

/** Below this many present values every column looks id-like, so the check waits for more. */
export const ID_LIKE_MIN_VALUES = 20;

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.995 && x < 1 ? 1 : 0)}%`;

/** Count of the most frequent present value of a number or date column (one sort). */
function modeCount(values: Float64Array): number {
	const present = values.filter((v) => v === v);
	const sorted = sortFloat64(present);
	let best = 0,
		run = 0;
	for (let i = 0; i < sorted.length; i++) {
		run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
		if (run > best) best = run;
	}
	return best;
}

function isIntegral(values: Float64Array): boolean {
	for (const v of values) if (v === v && !Number.isInteger(v)) return false;
	return true;
}

function columnWarnings(col: Column, p: ColumnProfile, rows: number, target: string | null, t: QualityThresholds): QualityWarning[] {
	const out: QualityWarning[] = [];
	const name = col.name;
	if (rows > 0 && p.missing / rows >= t.missing) {
		const share = p.missing / rows;
		out.push({ column: name, kind: 'missing', value: share, message: `"${name}" is missing in ${pct(share)} of rows` });
	}
	if (p.count === 0) return out;
	if (p.distinct === 1) {
		out.push({ column: name, kind: 'constant', value: 1, message: `"${name}" has a single value; it carries no information` });
		return out;
	}
	const top = col.kind === 'number' || col.kind === 'date' ? modeCount(col.values) : (p.top?.[0]?.count ?? 0);
	const topShare = top / p.count;
	if (topShare >= t.nearConstant)
		out.push({ column: name, kind: 'near-constant', value: topShare, message: `"${name}" has one value in ${pct(topShare)} of rows` });
	const idCandidate = col.kind === 'category' || col.kind === 'text' || (col.kind === 'number' && isIntegral(col.values));
	const distinctShare = p.distinct / p.count;
	if (idCandidate && name !== target && p.count >= ID_LIKE_MIN_VALUES && distinctShare >= t.idLike)
		out.push({
			column: name,
			kind: 'id-like',
			value: distinctShare,
			message: `"${name}" has ${pct(distinctShare)} distinct values, like an identifier; drop it or mark it as one`
		});
	const skew = p.skewness;
	if (skew !== undefined && Math.abs(skew) > t.skew)
		out.push({
			column: name,
			kind: 'skew',
			value: skew,
			message: `"${name}" is strongly ${skew > 0 ? 'right' : 'left'}-skewed (skewness ${skew.toFixed(2)}); consider a log or power transform`
		});
	return out;
}

const LEAK_MEASURE = { pearson: '|r|', eta: 'η', purity: 'class purity' } as const;

/**
 * Every warning for the frame, column by column in frame order, then duplicates, then
 * leakage against `target` (when given and present).
 */
export function qualityWarnings(frame: Frame, target: string | null, thresholds: QualityThresholds = DEFAULT_THRESHOLDS): QualityWarning[] {
	const profile = profileFrame(frame);
	const out: QualityWarning[] = [];
	frame.columns.forEach((col, i) => out.push(...columnWarnings(col, profile.profiles[i], frame.rowCount, target, thresholds)));
	if (profile.duplicateRows > 0) {
		const share = profile.duplicateRows / frame.rowCount;
		out.push({
			column: null,
			kind: 'duplicates',
			value: profile.duplicateRows,
			message: `${profile.duplicateRows} rows (${pct(share)}) repeat an earlier row; remove duplicates before splitting`
		});
	}
	if (target)
		for (const f of findLeakage(frame, target, thresholds.leakage))
			out.push({
				column: f.column,
				kind: 'leakage',
				value: f.value,
				message: `"${f.column}" predicts the target "${target}" almost perfectly (${LEAK_MEASURE[f.measure]} = ${f.value.toFixed(3)}); check it is not derived from the target`
			});
	return out;
}
