import type { Column } from '../../../frame/types';
import { createRandom, shuffleInPlace } from '../../../util/random';
import { CacheKeyHasher } from '../../../util/hash';
import { labelsOf } from './category-labels';

/**
 * What target encoding learns from: the target as one or more numeric outputs per row
 * (the number itself, or 0/1 per class), over the training rows whose target is present.
 */
export interface TargetOutputs {
	/** Output names: '' for a number target, else class labels (the positive one only when binary). */
	readonly outputs: readonly string[];
	/** outputs × rowCount; NaN where the target is missing. */
	readonly values: readonly Float64Array[];
}

export function targetOutputs(target: Column, rows: Uint32Array): TargetOutputs {
	if (target.kind === 'number') return { outputs: [''], values: [target.values] };
	if (target.kind !== 'category' && target.kind !== 'boolean')
		throw new Error(`target "${target.name}" is ${target.kind}; target encoding needs a number, category or boolean target`);
	const label = labelsOf(target);
	const present = new Set<string>();
	for (const r of rows) if (target.codes[r] >= 0) present.add(label(target.codes[r])!);
	const classes = [...present].sort();
	// Binary: the mean of the positive class, the second label in sorted order (as scikit-learn's LabelEncoder).
	const outputs = classes.length === 2 ? [classes[1]] : classes;
	const values = outputs.map((cls) => Float64Array.from(target.codes, (c) => (c < 0 ? NaN : label(c) === cls ? 1 : 0)));
	return { outputs, values };
}

/** Training rows with a present target, in a seeded random order, and their fold (position mod K). */
export function foldsOf(rows: Uint32Array, y: TargetOutputs, k: number, seed: number): { rows: Uint32Array; fold: Uint8Array } {
	const kept = Uint32Array.from(Array.from(rows).filter((r) => !Number.isNaN(y.values[0][r])));
	shuffleInPlace(kept, createRandom(seed));
	return { rows: kept, fold: Uint8Array.from(kept, (_, i) => i % k) };
}

/**
 * A cache key of the rows and targets that were fitted, so apply knows it sees the same
 * training rows (an internal memo, not a fingerprint a person relies on: util/fingerprint.ts).
 */
export function fitKey(rows: Uint32Array, y: TargetOutputs): string {
	const h = new CacheKeyHasher();
	const buf = new Float64Array(1 + y.values.length);
	for (const r of rows) {
		buf[0] = r;
		for (let k = 0; k < y.values.length; k++) buf[k + 1] = y.values[k][r];
		h.bytes(new Uint8Array(buf.buffer));
	}
	return h.digest();
}

/**
 * The m-estimate per category and output: (n·mean_c + m·prior) / (n + m), from the rows
 * where `use` is true. Index = category (fitted label order); also returns the prior.
 */
export function smoothedMeans(
	at: Int32Array,
	y: TargetOutputs,
	rows: Uint32Array,
	use: (i: number) => boolean,
	categories: number,
	m: number
): { prior: number[]; values: number[][] } {
	const outs = y.values.length;
	const sums = Array.from({ length: categories }, () => new Float64Array(outs));
	const counts = new Float64Array(categories);
	const total = new Float64Array(outs);
	let n = 0;
	for (let i = 0; i < rows.length; i++) {
		if (!use(i)) continue;
		const r = rows[i];
		n++;
		const c = at[r];
		if (c >= 0) counts[c]++;
		for (let k = 0; k < outs; k++) {
			total[k] += y.values[k][r];
			if (c >= 0) sums[c][k] += y.values[k][r];
		}
	}
	const prior = Array.from(total, (t) => (n ? t / n : 0));
	const values = sums.map((s, c) => Array.from(s, (sum, k) => (counts[c] + m > 0 ? (sum + m * prior[k]) / (counts[c] + m) : prior[k])));
	return { prior, values };
}
