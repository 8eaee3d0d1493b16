/**
 * Suspected target leakage: one feature that, alone, predicts the target almost
 * perfectly — usually a column computed from the target or recorded after it.
 */
import { correlationRatio, type Coded } from '../stats/association';
import { correlationsWith } from '../stats/correlation';
import { coded, isCoded } from '../stats/mixed-correlation';
import type { Column, Frame } from '../frame/types';

export interface LeakageFinding {
	readonly column: string;
	/** How the feature was scored: |r| (number target and feature), η (category and number), or purity. */
	readonly measure: 'pearson' | 'eta' | 'purity';
	readonly value: number;
}

/**
 * Share of rows a category feature classifies right when each of its values predicts
 * its most frequent class: 1 when every value maps to a single class. Rows missing
 * either side are left out; NaN when no row is complete.
 */
export function classPurity(feature: Coded, target: Coded): number {
	const table = new Float64Array(feature.levels * target.levels);
	let n = 0;
	for (let i = 0; i < feature.codes.length; i++) {
		const f = feature.codes[i],
			t = target.codes[i];
		if (f < 0 || t < 0) continue;
		table[f * target.levels + t]++;
		n++;
	}
	if (n === 0) return NaN;
	let right = 0;
	for (let f = 0; f < feature.levels; f++) {
		let best = 0;
		for (let t = 0; t < target.levels; t++) best = Math.max(best, table[f * target.levels + t]);
		right += best;
	}
	return right / n;
}

/** Distinct present codes and present rows. */
function distinct(c: Coded): { distinct: number; present: number } {
	const seen = new Uint8Array(c.levels);
	let count = 0,
		present = 0;
	for (const code of c.codes) {
		if (code < 0) continue;
		present++;
		if (!seen[code]) count += seen[code] = 1;
	}
	return { distinct: count, present };
}

function distinctShare(c: Coded): number {
	const d = distinct(c);
	return d.present === 0 ? 0 : d.distinct / d.present;
}

/**
 * Features scoring at least `threshold`. A category with nearly one value per row maps
 * each value to one class trivially, so features whose distinct values exceed half
 * their rows are left to the id-like warning instead.
 */
export function findLeakage(frame: Frame, target: string, threshold: number): LeakageFinding[] {
	const t = frame.columns.find((c) => c.name === target);
	if (!t || !(t.kind === 'number' || isCoded(t))) return [];
	// A single-class target is predicted perfectly by anything; there is nothing to flag.
	if (isCoded(t) && distinct(coded(t)).distinct < 2) return [];
	const out: LeakageFinding[] = [];
	const features = frame.columns.filter((c) => c.name !== target);
	const numbers = features.filter((c): c is Extract<Column, { kind: 'number' }> => c.kind === 'number');
	if (t.kind === 'number') {
		// Only the target's row of the matrix: linear in the number of columns, so wide tables stay cheap.
		for (const { name, r } of correlationsWith(
			frame,
			target,
			numbers.map((c) => c.name)
		)) {
			const v = Math.abs(r);
			if (v >= threshold) out.push({ column: name, measure: 'pearson', value: v });
		}
	}
	for (const f of features) {
		let v = NaN;
		let measure: LeakageFinding['measure'] = 'eta';
		if (t.kind === 'number' && isCoded(f) && distinctShare(coded(f)) <= 0.5) v = correlationRatio(coded(f), t.values);
		else if (isCoded(t) && f.kind === 'number') v = correlationRatio(coded(t), f.values);
		else if (isCoded(t) && isCoded(f) && distinctShare(coded(f)) <= 0.5) {
			measure = 'purity';
			v = classPurity(coded(f), coded(t));
		}
		if (v >= threshold) out.push({ column: f.name, measure, value: v });
	}
	return out;
}
