/**
 * k-nearest neighbours with core ONNX operators, reproducing Tessera's exact search
 * (ml/neighbours) on the rows the graph receives: the stored training rows are constants,
 * distances are computed in double from differences, feature by feature in Tessera's order
 * (s += term_j), so equal rows tie exactly as they do there; TopK (smallest first, ties to the
 * lower training index, as ONNX specifies and Tessera's heaps do) picks the neighbours, whose
 * labels vote or values average with Tessera's weights (1, or 1/distance with only the
 * zero-distance neighbours counting when there are some).
 *
 * Exact because the graph's inputs and steps are double, as Tessera's features: the query is
 * the float64 row Tessera searches with and the stored rows are its float64 training rows, so
 * equally distant rows tie exactly as they do there (on a decimal grid such as iris, float32
 * inputs picked other tied neighbours: vote shares off by 1/k, sometimes the label).
 *
 * Memory: one [N, rows] double matrix per scored batch (never [N, rows, features]).
 */
import type { KnnState } from '../../ml/neighbours/knn';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { cast, f64, i64, op } from '../ops';
import type { OnnxFamilyConverter } from './types';

const isEuclidean = (s: KnnState) => s.metric === 'euclidean' || (s.metric === 'minkowski' && (s.power ?? 2) === 2);
const isManhattan = (s: KnnState) => s.metric === 'manhattan' || (s.metric === 'minkowski' && s.power === 1);

/** Per query row and training row, the metric's sum of per-feature terms (no root), [N, rows] double. */
function reducedDistances(g: GraphBuilder, s: KnnState, Xd: string): string {
	const { rows, cols } = s;
	const power = s.power ?? 2;
	const exponent = isEuclidean(s) || isManhattan(s) ? null : f64(g, 'knn_power', [power], []);
	let sum: string | null = null;
	for (let j = 0; j < cols; j++) {
		const column = op(g, 'Gather', [Xd, i64(g, `knn_feature${j}`, [j])], { axis: attr.int(1) });
		// The float64 training rows, as Tessera stores them: a query equal to a training row is at distance 0.
		const train = f64(
			g,
			`knn_train${j}`,
			Array.from({ length: rows }, (_, r) => s.X[r * cols + j]),
			[1, rows]
		);
		const e = op(g, 'Sub', [column, train]);
		const term = isEuclidean(s) ? op(g, 'Mul', [e, e]) : isManhattan(s) ? op(g, 'Abs', [e]) : op(g, 'Pow', [op(g, 'Abs', [e]), exponent!]);
		sum = sum === null ? term : op(g, 'Add', [sum, term]);
	}
	return sum!;
}

/** Tessera's neighbour weights, [N, k] double: 1/d, or 1 for the zero-distance neighbours when a row has some. */
function distanceWeights(g: GraphBuilder, s: KnnState, reduced: string): string {
	const power = s.power ?? 2;
	const d = isEuclidean(s)
		? op(g, 'Sqrt', [reduced])
		: isManhattan(s)
			? reduced
			: op(g, 'Pow', [reduced, f64(g, 'knn_root', [1 / power], [])]);
	const zero = cast(g, op(g, 'Equal', [d, f64(g, 'knn_zero', [0], [])]), 'double');
	const exact = op(g, 'Greater', [
		op(g, 'ReduceMax', [zero], { axes: attr.ints([1]), keepdims: attr.int(1) }),
		f64(g, 'knn_half', [0.5], [])
	]);
	return op(g, 'Where', [exact, zero, op(g, 'Reciprocal', [d])]);
}

export const knnConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as KnnState;
	const title = 'knn model';
	if (s.cols !== model.features.length)
		throw new OnnxExportError(title, `it stores rows of ${s.cols} features but the model lists ${model.features.length}`);
	if (s.k < 1 || s.k > s.rows) throw new OnnxExportError(title, `k = ${s.k} with ${s.rows} stored rows`);
	const reduced = reducedDistances(g, s, X);
	const [nearest, index] = g.node('TopK', [reduced, i64(g, 'knn_k', [s.k])], ['knn_distance', 'knn_index'], {
		axis: attr.int(1),
		largest: attr.int(0),
		sorted: attr.int(1)
	});
	const weights = s.weights === 'distance' ? distanceWeights(g, s, nearest) : null;
	const sumOver = (x: string, axis: number, keep: boolean) =>
		op(g, 'ReduceSum', [x, i64(g, 'knn_axis', [axis])], { keepdims: attr.int(keep ? 1 : 0) });
	if (s.task === 'regression') {
		const y = op(g, 'Gather', [f64(g, 'knn_y', s.y), index], { axis: attr.int(0) });
		const value = weights
			? op(g, 'Div', [sumOver(op(g, 'Mul', [weights, y]), 1, true), sumOver(weights, 1, true)])
			: op(g, 'Div', [sumOver(y, 1, true), f64(g, 'knn_count', [s.k], [])]);
		return { label: cast(g, value, 'float'), probabilities: null };
	}
	const C = s.classes;
	if (model.classes && model.classes.length !== C)
		throw new OnnxExportError(title, `it knows ${C} classes but the model lists ${model.classes.length}`);
	const codes = op(g, 'Gather', [i64(g, 'knn_codes', s.y), index], { axis: attr.int(0) });
	const hits = op(g, 'Equal', [
		op(g, 'Unsqueeze', [codes, i64(g, 'knn_last', [2])]),
		i64(
			g,
			'knn_classes',
			Array.from({ length: C }, (_, c) => c)
		)
	]);
	const onehot = cast(g, hits, 'double');
	const votes = sumOver(weights ? op(g, 'Mul', [onehot, op(g, 'Unsqueeze', [weights, i64(g, 'knn_last', [2])])]) : onehot, 1, false);
	const proba = op(g, 'Div', [votes, sumOver(votes, 1, true)]);
	// ArgMax keeps the first of equal shares: ties go to the first class, as Tessera's vote.
	const label = op(g, 'ArgMax', [proba], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) });
	return { label, probabilities: cast(g, proba, 'float') };
};
