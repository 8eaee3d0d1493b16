/** Pearson correlations between number columns, as pandas' DataFrame.corr(). */
import type { Frame, NumberColumn } from '../frame/types';

export interface CorrelationMatrix {
	readonly columns: readonly string[];
	/** columns × columns, row-major; NaN where a pair has fewer than two complete rows or no variance. */
	readonly values: Float64Array;
}

/**
 * The most columns a pairwise matrix takes: k² cells grow fast (20,000 columns would be 3.2 GB
 * of doubles), and a heatmap of more than a few hundred columns cannot be read anyway.
 */
export const MAX_MATRIX_COLUMNS = 300;

/** The first `max` names (in frame order), and how many were left out: what a wide table's pairwise views show. */
export function limitPairwise(names: readonly string[], max = MAX_MATRIX_COLUMNS): { kept: string[]; omitted: number } {
	return { kept: names.slice(0, max), omitted: Math.max(0, names.length - max) };
}

/** "correlations over the first 300 of 20,000 number columns" — the note a capped view shows. */
export const pairwiseNote = (kept: number, omitted: number, what = 'number columns'): string =>
	`correlations over the first ${kept.toLocaleString('en-US')} of ${(kept + omitted).toLocaleString('en-US')} ${what} (at most ${MAX_MATRIX_COLUMNS}: pick columns to see others)`;

/**
 * Pearson correlation of `target` with each of `names` (pairwise-complete, as the matrix):
 * one pass per column, for checks that only need the target's row (the leakage check).
 */
export function correlationsWith(frame: Frame, target: string, names: readonly string[]): { name: string; r: number }[] {
	const t = frame.columns.find((c): c is NumberColumn => c.kind === 'number' && c.name === target);
	if (!t) return [];
	const wanted = new Set(names);
	return frame.columns
		.filter((c): c is NumberColumn => c.kind === 'number' && c.name !== target && wanted.has(c.name))
		.map((c) => ({ name: c.name, r: pairwise(t.values, c.values) }));
}

/**
 * Pairwise-complete Pearson correlation. Columns without missing values take a fast
 * path: centre once, then one dot product per pair; a pair involving missing values is
 * computed over the rows where both are present, as pandas does.
 */
export function correlationMatrix(frame: Frame, names?: readonly string[]): CorrelationMatrix {
	const wanted = names === undefined ? null : new Set(names);
	const cols = frame.columns.filter((c): c is NumberColumn => c.kind === 'number' && (wanted === null || wanted.has(c.name)));
	if (cols.length > MAX_MATRIX_COLUMNS)
		throw new Error(
			`${cols.length.toLocaleString('en-US')} columns are too many for a correlation matrix (at most ${MAX_MATRIX_COLUMNS}): pick columns, or use limitPairwise`
		);
	const k = cols.length;
	const n = frame.rowCount;
	const values = new Float64Array(k * k);
	const complete = cols.map((c) => !c.values.some((v) => Number.isNaN(v)));
	// Centred and scaled copies of the complete columns: corr = dot(z_i, z_j).
	const z: (Float64Array | null)[] = cols.map((c, i) => {
		if (!complete[i]) return null;
		let mean = 0;
		for (let r = 0; r < n; r++) mean += c.values[r];
		mean /= n;
		const out = new Float64Array(n);
		let ss = 0;
		for (let r = 0; r < n; r++) {
			const d = c.values[r] - mean;
			out[r] = d;
			ss += d * d;
		}
		const norm = Math.sqrt(ss);
		if (norm === 0) return out.fill(NaN);
		for (let r = 0; r < n; r++) out[r] /= norm;
		return out;
	});
	for (let i = 0; i < k; i++) {
		for (let j = i; j < k; j++) {
			let v: number;
			const zi = z[i];
			const zj = z[j];
			if (zi && zj) {
				let s = 0;
				for (let r = 0; r < n; r++) s += zi[r] * zj[r];
				v = i === j && !Number.isNaN(s) ? 1 : s;
			} else v = pairwise(cols[i].values, cols[j].values);
			values[i * k + j] = v;
			values[j * k + i] = v;
		}
	}
	return { columns: cols.map((c) => c.name), values };
}

function pairwise(a: Float64Array, b: Float64Array): number {
	let n = 0,
		sa = 0,
		sb = 0;
	for (let r = 0; r < a.length; r++) {
		if (Number.isNaN(a[r]) || Number.isNaN(b[r])) continue;
		n++;
		sa += a[r];
		sb += b[r];
	}
	if (n < 2) return NaN;
	const ma = sa / n,
		mb = sb / n;
	let sab = 0,
		saa = 0,
		sbb = 0;
	for (let r = 0; r < a.length; r++) {
		if (Number.isNaN(a[r]) || Number.isNaN(b[r])) continue;
		const da = a[r] - ma,
			db = b[r] - mb;
		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}
