/**
 * Tessera's own WebAssembly SIMD kernels (src/lib/core/ml/dense/) training the bench MLP —
 * 20→64→64→2, Adam 1e-3, batch 256 — on the same seeded rows as bench.mjs, on the device's CPU,
 * so the GPU figures have a same-machine comparison. Bundled with esbuild to one file that the
 * carried Node runs: `npx esbuild bench/gpu/dense.ts --bundle --platform=node --format=esm --outfile=.gpu-bench/dense.mjs`.
 * Prints one JSON line: seconds per epoch (median of 3 after a warm-up) and the losses.
 */
import { fitDenseMlp } from '../../src/lib/core/ml/dense/train';

const FEATURES = 20;
/** mulberry32, as bench.mjs. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
function makeData(rows: number) {
	const r = rng(42);
	const w = Array.from({ length: FEATURES }, () => r() * 2 - 1);
	const x = new Float64Array(rows * FEATURES);
	const y = new Int32Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < FEATURES; j++) {
			const v = r() * 2 - 1;
			x[i * FEATURES + j] = Math.fround(v);
			s += w[j] * v;
		}
		s += 0.5 * Math.sin(3 * x[i * FEATURES]) + 0.3 * (r() - 0.5);
		y[i] = s > 0 ? 1 : 0;
	}
	return { x, y };
}

const results: Record<string, unknown>[] = [];
for (const [rows, batch] of [
	[100_000, 256],
	[100_000, 4096],
	[1_000_000, 4096],
	[1_000_000, 256]
] as const) {
	const { x, y } = makeData(rows);
	const epochs: number[] = [];
	const losses: number[] = [];
	let last = performance.now();
	await fitDenseMlp({ rows, cols: FEATURES, data: x }, y, {
		task: 'classification',
		classes: 2,
		hidden: [64, 64],
		epochs: 4,
		batchSize: batch,
		learningRate: 1e-3,
		seed: 0,
		onEpoch: (_, logs) => {
			const now = performance.now();
			epochs.push((now - last) / 1000);
			losses.push(logs.loss);
			last = now;
		}
	});
	const timed = epochs.slice(1).sort((a, b) => a - b);
	results.push({ engine: 'tessera-wasm-simd (1 core)', rows, batch, secondsPerEpoch: timed[1], epochs, losses });
	console.log(JSON.stringify(results[results.length - 1]));
}
