import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './eigen';
import { fitPca } from './pca';

describe('symmetricEigen (Jacobi)', () => {
	it('returns A v = λ v with orthonormal vectors, largest eigenvalue first', () => {
		const a = [
			[4, 1, -2, 2],
			[1, 2, 0, 1],
			[-2, 0, 3, -2],
			[2, 1, -2, -1]
		];
		const { values, vectors } = symmetricEigen(a);
		// numpy.linalg.eigvalsh(a)[::-1] → [6.844621, 2.268531, 1.084364, -2.197517]
		[6.844621, 2.268531, 1.084364, -2.197517].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
		vectors.forEach((v, k) => {
			a.forEach((row, i) => expect(row.reduce((s, x, j) => s + x * v[j], 0)).toBeCloseTo(values[k] * v[i], 10));
			vectors.forEach((w, l) => expect(v.reduce((s, x, j) => s + x * w[j], 0)).toBeCloseTo(k === l ? 1 : 0, 12));
		});
	});

	it('handles diagonal and 1×1 matrices', () => {
		expect(
			symmetricEigen([
				[2, 0],
				[0, 5]
			]).values
		).toEqual([5, 2]);
		expect(symmetricEigen([[3]])).toEqual({ values: [3], vectors: [[1]] });
	});
});

describe('fitPca', () => {
	it('gives zero variance for a constant column, and refuses fewer than 2 rows', () => {
		const fit = fitPca(
			[
				[1, 5],
				[2, 5],
				[3, 5]
			],
			true
		);
		expect(fit.explainedVarianceRatio).toEqual([1, 0]);
		expect(() => fitPca([[1, 2]], false)).toThrow(/at least 2 rows/);
	});
});
