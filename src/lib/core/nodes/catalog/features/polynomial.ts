import { withColumns } from '../../../frame/verbs';
import type { Column } from '../../../frame/types';
import { pickColumns } from '../../columns';
import { withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { dataWith, numberColumn, pickSchema, withColumnsSchema } from '../../schema-rules';

/**
 * The terms of degree 2..degree as lists of column indices, in scikit-learn's
 * PolynomialFeatures order: for each degree, combinations with replacement (or without,
 * for interactions only) in lexicographic order.
 */
export function polynomialTerms(n: number, degree: number, interactionOnly: boolean): number[][] {
	const terms: number[][] = [];
	const grow = (term: number[], start: number, size: number) => {
		if (term.length === size) {
			terms.push(term);
			return;
		}
		for (let i = start; i < n; i++) grow([...term, i], interactionOnly ? i + 1 : i, size);
	};
	for (let size = 2; size <= degree; size++) grow([], 0, size);
	return terms;
}

/** `a*b`, `a^2`, `a^2*b`: powers of one column collapse to `^k`. */
export function termName(names: readonly string[], term: readonly number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < term.length;) {
		let j = i;
		while (j < term.length && term[j] === term[i]) j++;
		parts.push(j - i > 1 ? `${names[term[i]]}^${j - i}` : names[term[i]]);
		i = j;
	}
	return parts.join('*');
}

export default defineNode({
	type: 'features.polynomial',
	version: 1,
	category: 'features',
	title: 'Polynomial features',
	description:
		'Add products of number columns: squares and pairwise products (degree 2), and cubes and three-way products (degree 3), named like a*b and a^2. A missing input makes the product missing.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		columns: p.columns({
			kinds: ['number'],
			label: 'Columns',
			help: 'Number columns to combine. Empty: every number column except the target'
		}),
		degree: p.int({ default: 2, min: 2, max: 3, label: 'Degree', help: 'Highest total power of a product: 2 or 3' }),
		interactionOnly: p.boolean({
			default: false,
			label: 'Interactions only',
			help: 'Only products of different columns (a*b), no powers of one column (a^2)'
		})
	},
	schema: ({ data }, params) => {
		const cols = data ? pickSchema(data, params.columns, ['number']) : null;
		if (!data || !cols) return {};
		const terms = polynomialTerms(cols.length, params.degree, params.interactionOnly === true);
		if (terms.length > 5_000) return {};
		const names = cols.map((c) => c.name);
		return dataWith(
			data,
			withColumnsSchema(
				data.columns,
				terms.map((t) => numberColumn(termName(names, t)))
			)
		);
	},
	step: {
		// Nothing to learn; joining the recipe lets Predict add the same products to new rows.
		fit: () => null,
		apply(data, _state, params) {
			const cols = pickColumns(data, params.columns, ['number']) as Extract<Column, { kind: 'number' }>[];
			const terms = polynomialTerms(cols.length, params.degree, params.interactionOnly === true);
			// Guard against a combinatorial explosion from "every column" on a wide frame.
			if (terms.length > 5_000)
				throw new Error(`${cols.length} columns at degree ${params.degree} make ${terms.length} products; choose fewer columns`);
			const names = cols.map((c) => c.name);
			const n = data.frame.rowCount;
			const added: Column[] = terms.map((term) => {
				const values = new Float64Array(n).fill(1);
				for (const k of term) {
					const v = cols[k].values;
					for (let r = 0; r < n; r++) values[r] *= v[r];
				}
				return { kind: 'number', name: termName(names, term), values };
			});
			return withFrame(data, withColumns(data.frame, added));
		}
	}
});
