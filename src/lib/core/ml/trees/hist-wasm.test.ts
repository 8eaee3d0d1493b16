import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { buildHistogram, buildRootHistogram, histLayout, type HistSource } from './hist-histogram';
import { partition } from './hist-grower';
import { createWasmTreeKernels, wasmTreeKernelsFor } from './hist-wasm';

/**
 * The WebAssembly histogram kernel against the JavaScript loops it stands in for: the same
 * float64 sums in the same row order, so the same bits — on random bins (every code a feature
 * can hold, its missing bin included), gradients with fractions that round differently in
 * other orders, and nodes of every shape.
 */
const n = 3001;
const nBins = [255, 2, 17, 255, 40, 1, 255, 9, 120];
const p = nBins.length;
const random = createRandom(19);
const bins = new Uint8Array(p * n);
// Codes 0..nBins[f], nBins[f] being the missing bin; a skewed draw piles rows into some bins.
for (let f = 0; f < p; f++) for (let r = 0; r < n; r++) bins[f * n + r] = Math.floor(random() ** 2 * (nBins[f] + 1));
const gradients = Float32Array.from({ length: n }, () => (random() - 0.5) * 3.7);
const hessians = Float32Array.from({ length: n }, () => random() * 0.25 + 1e-4);
const layout = histLayout(nBins);
const wasm = createWasmTreeKernels(bins, n, layout);

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
/** A histogram whose unused slots hold a marker: a kernel that writes outside its features shows. */
const marked = () => new Float64Array(layout.slots * 3).fill(-7.25);
const shuffled = (count: number) => {
	const idx = Uint32Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[idx[i], idx[j]] = [idx[j], idx[i]];
	}
	return idx.subarray(0, count);
};

describe('WebAssembly SIMD histograms', () => {
	it('compiles and runs here (Node has WebAssembly SIMD)', () => {
		expect(wasm).not.toBeNull();
	});

	for (const unit of [false, true]) {
		const src: HistSource = { bins, n, gradients, hessians: unit ? null : hessians };
		const label = unit ? 'unit hessians' : 'hessians';
		it(`a node's rows (${label}): the JavaScript loops' bits, every feature count from 1 to ${p}`, () => {
			const idx = shuffled(n);
			const og = new Float64Array(n);
			const oh = new Float64Array(n);
			for (const [start, end] of [
				[0, n],
				[17, 1500],
				[2999, 3001],
				[40, 40]
			]) {
				for (let count = 1; count <= p; count++) {
					const features = Int32Array.from({ length: count }, (_, k) => (k * 4 + start) % p);
					const js = marked();
					const ours = marked();
					buildHistogram(js, src, layout, features, idx, start, end, og, oh);
					wasm!.build(ours, src, features, idx, start, end, unit ? 1 : 2);
					expect(bits(ours)).toBe(bits(js));
				}
			}
		});

		it(`every row in order, the root (${label}): the JavaScript loops' bits`, () => {
			const features = Int32Array.from({ length: p }, (_, k) => k);
			for (const take of [features, features.subarray(2, 7), features.subarray(8)]) {
				const js = marked();
				const ours = marked();
				buildRootHistogram(js, src, layout, take);
				wasm!.build(ours, src, take, null, 0, n, unit ? 1 : 2);
				expect(bits(ours)).toBe(bits(js));
			}
		});
	}

	it('sums that are known: counts per bin, and a gradient of 0.1 per row summed in row order', () => {
		const tiny = new Uint8Array([0, 1, 1, 2, 1]);
		const w = createWasmTreeKernels(tiny, 5, histLayout([2]))!;
		const out = new Float64Array(9);
		w.build(out, { bins: tiny, n: 5, gradients: new Float32Array(5).fill(0.1), hessians: null }, Int32Array.of(0), null, 0, 5, 0);
		const g = Math.fround(0.1);
		// Bin 1 holds rows 1, 2 and 4: ((0 + g) + g) + g, with hessian = count = 3; bin 2 (missing) row 3.
		expect([...out]).toEqual([g, 1, 1, g + g + g, 3, 3, g, 1, 1]);
	});

	it("takes a new tree's gradients when the tree number changes", () => {
		const features = Int32Array.of(0, 3, 6);
		const idx = shuffled(900);
		const next = Float32Array.from(gradients, (v) => v * -0.5 + 0.125);
		const before = marked();
		wasm!.build(before, { bins, n, gradients, hessians }, features, idx, 0, 900, 40);
		const js = marked();
		const ours = marked();
		buildHistogram(js, { bins, n, gradients: next, hessians }, layout, features, idx, 0, 900, new Float64Array(n), new Float64Array(n));
		wasm!.build(ours, { bins, n, gradients: next, hessians }, features, idx, 0, 900, 41);
		expect(bits(ours)).toBe(bits(js));
		expect(bits(ours)).not.toBe(bits(before));
	});

	it("partitions a node's rows as hist-grower's partition: the same rows in the same order", () => {
		for (const [feature, start, end] of [
			[0, 0, n],
			[4, 100, 2100],
			[5, 7, 8],
			[8, 50, 50]
		]) {
			const goesLeft = Uint8Array.from({ length: 256 }, () => (random() < 0.4 ? 1 : 0));
			const js = shuffled(n).slice();
			const ours = js.slice();
			const mid = partition(js, start, end, bins, feature * n, goesLeft, new Uint32Array(n));
			expect(wasm!.partition(ours, start, end, feature, goesLeft)).toBe(mid);
			expect([...ours]).toEqual([...js]);
			// A real split: rows on both sides, each side the rows its bins send there.
			if (end - start > 100) expect(mid > start && mid < end).toBe(true);
			for (let i = start; i < end; i++) expect(goesLeft[bins[feature * n + ours[i]]]).toBe(i < mid ? 1 : 0);
		}
	});

	it("keeps one instance per fit's bins in a thread's scratch, and a new one for new bins", () => {
		const local: Record<string, unknown> = {};
		const first = wasmTreeKernelsFor(local, bins, n, layout);
		expect(wasmTreeKernelsFor(local, bins, n, layout)).toBe(first);
		const other = bins.slice();
		expect(wasmTreeKernelsFor(local, other, n, layout)).not.toBe(first);
	});
});
