/**
 * One matrix over numbers and categories, each pair measured by what suits its kinds:
 * Pearson r for two numbers (in −1..1), Cramér's V for two categories and the
 * correlation ratio η for a category and a number (both in 0..1).
 */
import { correlationRatio, cramersV, type Coded } from './association';
import { correlationMatrix, type CorrelationMatrix } from './correlation';
import type { Column, Frame, NumberColumn } from '../frame/types';

/** spearman only appears in a Spearman matrix; a mixed one measures number pairs by Pearson. */
export type PairMeasure = 'pearson' | 'spearman' | 'cramers-v' | 'eta';

export interface MixedMatrix extends CorrelationMatrix {
	/** The measure used for each cell, row-major like `values`. */
	readonly measures: readonly PairMeasure[];
}

type CodedColumn = Extract<Column, { kind: 'category' | 'boolean' }>;
type Usable = NumberColumn | CodedColumn;

export const isCoded = (c: Column): c is CodedColumn => c.kind === 'category' || c.kind === 'boolean';

export function coded(c: CodedColumn): Coded {
	return { codes: c.codes, levels: c.kind === 'boolean' ? 2 : c.dictionary.length };
}

export function mixedMatrix(frame: Frame, names?: readonly string[]): MixedMatrix {
	const wanted = names === undefined ? null : new Set(names);
	const cols = frame.columns.filter((c): c is Usable => (c.kind === 'number' || isCoded(c)) && (wanted === null || wanted.has(c.name)));
	const k = cols.length;
	const values = new Float64Array(k * k);
	const measures: PairMeasure[] = new Array(k * k);
	const pearson = correlationMatrix(
		frame,
		cols.filter((c) => c.kind === 'number').map((c) => c.name)
	);
	const at = new Map(pearson.columns.map((name, i) => [name, i]));
	const p = pearson.columns.length;
	for (let i = 0; i < k; i++) {
		for (let j = i; j < k; j++) {
			const a = cols[i],
				b = cols[j];
			let v: number;
			let m: PairMeasure;
			if (a.kind === 'number' && b.kind === 'number') {
				m = 'pearson';
				v = pearson.values[at.get(a.name)! * p + at.get(b.name)!];
			} else if (a.kind !== 'number' && b.kind !== 'number') {
				m = 'cramers-v';
				v = cramersV(coded(a), coded(b));
			} else {
				m = 'eta';
				const [cat, num] = (a.kind === 'number' ? [b, a] : [a, b]) as [CodedColumn, NumberColumn];
				v = correlationRatio(coded(cat), num.values);
			}
			if (i === j && !Number.isNaN(v)) v = 1;
			values[i * k + j] = values[j * k + i] = v;
			measures[i * k + j] = measures[j * k + i] = m;
		}
	}
	return { columns: cols.map((c) => c.name), values, measures };
}
