/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. Slower
 * than QR iteration for large matrices but simple, unconditionally stable and accurate to
 * machine precision for the tens of columns PCA sees here.
 */
export interface SymmetricEigen {
	/** Eigenvalues, largest first. */
	values: number[];
	/** vectors[k] is the unit eigenvector of values[k]. */
	vectors: number[][];
}

export function symmetricEigen(matrix: readonly (readonly number[])[], maxSweeps = 100): SymmetricEigen {
	const n = matrix.length;
	const a = matrix.map((row) => {
		if (row.length !== n) throw new Error('symmetricEigen needs a square matrix');
		return [...row];
	});
	// v holds the accumulated rotations: its columns become the eigenvectors.
	const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
	for (let sweep = 0; sweep < maxSweeps; sweep++) {
		let off = 0;
		let scale = 0;
		for (let i = 0; i < n; i++)
			for (let j = 0; j < n; j++) {
				if (i !== j) off += a[i][j] * a[i][j];
				scale += a[i][j] * a[i][j];
			}
		if (off <= 1e-30 * scale || off === 0) break;
		for (let p = 0; p < n - 1; p++)
			for (let q = p + 1; q < n; q++) {
				const apq = a[p][q];
				if (apq === 0) continue;
				// Rotation angle that zeroes a[p][q] (the smaller root, for stability).
				const theta = (a[q][q] - a[p][p]) / (2 * apq);
				const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < n; k++) {
					const akp = a[k][p];
					const akq = a[k][q];
					a[k][p] = c * akp - s * akq;
					a[k][q] = s * akp + c * akq;
				}
				for (let k = 0; k < n; k++) {
					const apk = a[p][k];
					const aqk = a[q][k];
					a[p][k] = c * apk - s * aqk;
					a[q][k] = s * apk + c * aqk;
				}
				for (let k = 0; k < n; k++) {
					const vkp = v[k][p];
					const vkq = v[k][q];
					v[k][p] = c * vkp - s * vkq;
					v[k][q] = s * vkp + c * vkq;
				}
			}
	}
	const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y][y] - a[x][x]);
	return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}
