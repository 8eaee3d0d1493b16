/**
 * Categorical splits of gradient-boosted trees in ONNX. A HistTree node with `categories`
 * sends those category codes left, and missing or unknown codes the way `missingLeft` says;
 * TreeEnsemble* of ai.onnx.ml opset 3 has no set-membership branch. So every distinct
 * (feature, category set) pair becomes an extra feature column computed with core operators
 * before the ensemble: 0 where the row's code is in the set, 1 where it is another known code,
 * NaN where it is missing or outside the codes the trees were fitted on. The node then becomes
 * BRANCH_LEQ 0.5 on that column: 0 goes left, 1 goes right and NaN follows the node's
 * missing-value direction, exactly as Tessera's addTreeRaw.
 *
 * The feature arrives in X as its code into `model.levels` (NaN: missing or unseen), as
 * featureMatrix builds it. Per categorical feature the columns come from one comparison and one
 * product: onehot = (code == [0, 1, …, nBins-1]) as double, sides = onehot · M with
 * M[c, s] = 0 when code c is in set s else 1; a row with no match (missing, unseen, or a code
 * ≥ nBins that the trees route as missing) has an all-zero one-hot and gets NaN. Values are 0/1,
 * so the product is exact; it is double, as X is.
 */
import type { HistTree } from '../../ml/trees/hist-tree';
import { attr, type GraphBuilder } from '../ir';

export interface CategorySides {
	/** X with the extra columns appended (or X itself when no split is categorical). */
	readonly features: string;
	/** The extra column of a categorical split node (tree index, node index); undefined for other nodes. */
	readonly column: (tree: number, node: number) => number | undefined;
}

/** Adds the membership columns of every categorical split of `trees` (X has `p` columns, nBins per feature). */
export function categorySides(g: GraphBuilder, X: string, p: number, trees: readonly HistTree[], nBins: readonly number[]): CategorySides {
	// Per feature: each distinct left-going set, in the order first met, and its column.
	const sets = new Map<number, Map<string, { column: number; codes: readonly number[] }>>();
	let next = p;
	const byFeature: number[] = [];
	for (const tree of trees)
		tree.categories.forEach((codes, node) => {
			if (!codes) return;
			const f = tree.feature[node];
			let known = sets.get(f);
			if (!known) {
				sets.set(f, (known = new Map()));
				byFeature.push(f);
			}
			const key = [...codes].sort((a, b) => a - b).join(',');
			if (!known.has(key)) known.set(key, { column: -1, codes });
		});
	if (byFeature.length === 0) return { features: X, column: () => undefined };
	// Columns in feature order of first use, sets in the order first met within a feature.
	const parts = [X];
	for (const f of byFeature) {
		const known = sets.get(f)!;
		const nb = nBins[f];
		const S = known.size;
		const M = new Float32Array(nb * S).fill(1);
		let s = 0;
		for (const entry of known.values()) {
			entry.column = next + s;
			for (const c of entry.codes) if (c >= 0 && c < nb) M[c * S + s] = 0;
			s++;
		}
		next += S;
		parts.push(sidesOf(g, X, f, nb, M, S));
	}
	const [features] = g.node('Concat', parts, ['tree_features'], { axis: attr.int(1) });
	const column = (t: number, node: number) => {
		const codes = trees[t]?.categories[node];
		if (!codes) return undefined;
		const key = [...codes].sort((a, b) => a - b).join(',');
		return sets.get(trees[t].feature[node])?.get(key)?.column;
	};
	return { features, column };
}

/** The [N, S] side columns of feature f: 0 in the set, 1 outside it, NaN unknown. */
function sidesOf(g: GraphBuilder, X: string, f: number, nb: number, M: Float32Array, S: number): string {
	const index = g.constant(`cat${f}_index`, { type: 'int64', dims: [1], data: [f] });
	const [code] = g.node('Gather', [X, index], [`cat${f}_code`], { axis: attr.int(1) });
	const levels = g.constant(`cat${f}_levels`, { type: 'double', dims: [1, nb], data: Float64Array.from({ length: nb }, (_, c) => c) });
	const [hit] = g.node('Equal', [code, levels], [`cat${f}_hit`]);
	const [onehot] = g.node('Cast', [hit], [`cat${f}_onehot`], { to: attr.int(11 /* DOUBLE */) });
	const matrix = g.constant(`cat${f}_sets`, { type: 'double', dims: [nb, S], data: Float64Array.from(M) });
	const [side] = g.node('MatMul', [onehot, matrix], [`cat${f}_side`]);
	const [known] = g.node('ReduceMax', [onehot], [`cat${f}_known`], { axes: attr.ints([1]), keepdims: attr.int(1) });
	const zero = g.constant(`cat${f}_zero`, { type: 'double', dims: [], data: Float64Array.of(0) });
	const [unknown] = g.node('Equal', [known, zero], [`cat${f}_unknown`]);
	const nan = g.constant(`cat${f}_nan`, { type: 'double', dims: [], data: Float64Array.of(NaN) });
	const [out] = g.node('Where', [unknown, nan, side], [`cat${f}_sides`]);
	return out;
}
