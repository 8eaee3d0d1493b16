import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../ml/matrix';
import type { KnnState } from '../../ml/neighbours/knn';
import knn from '../../nodes/catalog/model/knn';
import type { ModelValue } from '../../nodes/ports';
import { exportOnnx, onnxSupport } from '../export';
import { OnnxExportError } from '../ir';
import { inputColumns, rawFrame, train } from '../test-kit';
import { knnConverter } from './neighbours';
import { allRows, parity, sample, stack, trainOn } from './parity-kit';

/** The model and the rows as float32 values: what the graph receives and stores. */
function float32World(model: ModelValue, X: Matrix): { model: ModelValue; X: Matrix } {
	const s = model.estimator as KnnState;
	return {
		model: { ...model, estimator: { ...s, X: s.X.map(Math.fround) } },
		X: { ...X, data: Float64Array.from(Float32Array.from(X.data)) }
	};
}

/** Every row of the sample plus 60 midpoints of two rows (ties by construction). */
function rowsAndMidpoints(X: Matrix): Matrix {
	const half = Math.floor(X.rows / 2);
	const p = X.cols;
	return stack(
		X,
		Array.from({ length: 60 }, (_, i) => Array.from({ length: p }, (_, j) => (X.data[i * p + j] + X.data[(i + half) * p + j]) / 2))
	);
}

describe('k-nearest neighbours graph (core operators) against onnxruntime-node, float32 inputs', () => {
	it.each([
		['uniform', 'euclidean', 5],
		['distance', 'euclidean', 7],
		['uniform', 'manhattan', 4],
		['distance', 'minkowski', 6]
	] as const)('iris, %s weights, %s distance, k = %i: the same neighbours, votes and labels as Tessera', async (weights, metric, k) => {
		const data = sample('iris', 'species');
		const trained = await trainOn(knn, data, { weights, metric, k, power: 3 });
		const { model, X } = float32World(trained, rowsAndMidpoints(allRows(trained, data)));
		const r = await parity(knnConverter, model, X);
		expect(r.labelMismatches).toBe(0);
		expect(r.maxProbDiff).toBeLessThan(1e-6);
	});

	it('wine (13 features, large raw values), distance weights', async () => {
		const data = sample('wine', 'cultivar');
		const trained = await trainOn(knn, data, { weights: 'distance', k: 5 });
		const { model, X } = float32World(trained, rowsAndMidpoints(allRows(trained, data)));
		const r = await parity(knnConverter, model, X);
		expect(r.labelMismatches).toBe(0);
		expect(r.maxProbDiff).toBeLessThan(1e-6);
	});

	it.each(['uniform', 'distance'] as const)('regression on diabetes, %s weights', async (weights) => {
		const data = sample('diabetes', 'progression');
		const trained = await trainOn(knn, data, { weights, k: 9 });
		const { model, X } = float32World(trained, allRows(trained, data));
		expect((await parity(knnConverter, model, X)).maxValueDiff).toBeLessThan(1e-6);
	});

	it('why it is not exported: on iris (a 0.1 grid), float32 queries pick other tied neighbours than the float64 search', async () => {
		const data = sample('iris', 'species');
		const model = await trainOn(knn, data, { weights: 'uniform', metric: 'manhattan', k: 5 });
		const r = await parity(knnConverter, model, allRows(model, data));
		// Vote shares off by at least one neighbour (1/k) on some row.
		expect(r.maxProbDiff).toBeGreaterThanOrEqual(0.2 - 1e-6);
	});

	it('exportOnnx refuses a kNN model and says why', async () => {
		const model = await train('iris', 'species', [], ['model.knn', { k: 5 }]);
		const support = onnxSupport(model);
		expect(support.ok).toBe(false);
		expect(support.ok ? '' : support.reason).toMatch(/float32/);
		expect(() => exportOnnx(model, inputColumns(rawFrame('iris', 'species')))).toThrow(OnnxExportError);
	});
});
