/** Spearman rank correlations between number columns, as pandas' DataFrame.corr(method='spearman'). */
import type { CorrelationMatrix } from './correlation';
import { averageRanks, pearson } from './rank';
import type { Frame, NumberColumn } from '../frame/types';

/**
 * Pearson correlation of average ranks. Like pandas, a pair is ranked over the rows
 * where both values are present: a column without missing values is ranked once and
 * reused; a pair involving missing values is re-ranked over its complete rows.
 */
export function spearmanMatrix(frame: Frame, names?: readonly string[]): CorrelationMatrix {
	const wanted = names === undefined ? null : new Set(names);
	const cols = frame.columns.filter((c): c is NumberColumn => c.kind === 'number' && (wanted === null || wanted.has(c.name)));
	const k = cols.length;
	const values = new Float64Array(k * k);
	const complete = cols.map((c) => !c.values.some((v) => Number.isNaN(v)));
	const ranks = cols.map((c, i) => (complete[i] ? averageRanks(c.values) : null));
	for (let i = 0; i < k; i++) {
		for (let j = i; j < k; j++) {
			const ri = ranks[i],
				rj = ranks[j];
			let v = ri && rj ? pearson(ri, rj) : pairwise(cols[i].values, cols[j].values);
			if (i === j && !Number.isNaN(v)) v = 1;
			values[i * k + j] = v;
			values[j * k + i] = v;
		}
	}
	return { columns: cols.map((c) => c.name), values };
}

function pairwise(a: Float64Array, b: Float64Array): number {
	let n = 0;
	for (let r = 0; r < a.length; r++) if (a[r] === a[r] && b[r] === b[r]) n++;
	const xa = new Float64Array(n),
		xb = new Float64Array(n);
	for (let r = 0, j = 0; r < a.length; r++) {
		if (a[r] === a[r] && b[r] === b[r]) {
			xa[j] = a[r];
			xb[j++] = b[r];
		}
	}
	return pearson(averageRanks(xa), averageRanks(xb));
}
