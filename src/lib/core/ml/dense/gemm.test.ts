import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { gemmJs } from './gemm';
import { createKernels, type DenseKernels } from './kernels';

/** The definition, in doubles: C = A·B (+ C), A read through its strides. */
function naive(
	h: Float32Array,
	m: number,
	n: number,
	k: number,
	a: number,
	rsA: number,
	csA: number,
	b: number,
	ldb: number,
	c: number,
	ldc: number,
	acc: boolean
): Float64Array {
	const out = new Float64Array(m * n);
	for (let i = 0; i < m; i++)
		for (let j = 0; j < n; j++) {
			let s = acc ? h[c + i * ldc + j] : 0;
			for (let p = 0; p < k; p++) s += h[a + i * rsA + p * csA] * h[b + p * ldb + j];
			out[i * n + j] = s;
		}
	return out;
}

const SHAPES: [number, number, number][] = [
	[1, 1, 1],
	[7, 13, 5],
	[13, 7, 9],
	[4, 8, 1],
	[257, 65, 33],
	[256, 64, 20],
	[20, 64, 256],
	[64, 1, 256],
	[3, 2, 0]
];

function check(gemm: DenseKernels['gemm'], heap: Float32Array, transposedA: boolean, accumulate: boolean): void {
	const random = createRandom(42);
	for (const [m, n, k] of SHAPES) {
		// Odd offsets and padded row strides, so nothing leans on alignment or tight packing.
		const a = 3;
		const lda = (transposedA ? m : k) + 1;
		const b = a + lda * (transposedA ? k : m) + 5;
		const ldb = n + 2;
		const c = b + ldb * k + 1;
		const ldc = n + 3;
		heap.fill(0);
		for (let i = 0; i < c + ldc * m; i++) heap[i] = random() * 2 - 1;
		const [rsA, csA] = transposedA ? [1, lda] : [lda, 1];
		const want = naive(heap, m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate);
		gemm(m, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate);
		let worst = 0;
		for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(heap[c + i * ldc + j] - want[i * n + j]));
		expect(worst, `${m}×${n}×${k}`).toBeLessThan(1e-4 * (1 + Math.sqrt(k)));
	}
}

describe('dense GEMM', () => {
	const FLOATS = 40_000;
	const variants: [string, () => DenseKernels][] = [
		['js', () => createKernels(FLOATS, 'js')],
		['auto', () => createKernels(FLOATS, 'auto')]
	];
	for (const [name, make] of variants) {
		for (const transposedA of [false, true]) {
			for (const accumulate of [false, true]) {
				it(`${name}: matches the triple loop (A${transposedA ? 'ᵀ' : ''}, ${accumulate ? 'C +=' : 'C ='})`, () => {
					const k = make();
					check(k.gemm, k.heap, transposedA, accumulate);
				});
			}
		}
	}

	it('leaves columns past n alone', () => {
		const h = new Float32Array(64).fill(7);
		// 2×3 = (2×2)·(2×3) into C with row stride 5.
		h.set([1, 2, 3, 4], 0);
		h.set([1, 0, 1, 0, 1, 1], 8);
		gemmJs(h, 2, 3, 2, 0, 2, 1, 8, 3, 20, 5, false);
		expect(Array.from(h.subarray(20, 30))).toEqual([1, 2, 3, 7, 7, 3, 4, 7, 7, 7]);
	});
});
