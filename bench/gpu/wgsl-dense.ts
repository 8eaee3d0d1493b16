/**
 * Per-epoch time of the benchmark MLP (20→64 relu →64 relu →2 softmax, Adam 1e-3) on Tessera's
 * WGSL kernels (src/lib/core/ml/dense/wgsl.ts through workers/dense-gpu.ts, on Dawn's WebGPU,
 * npm `webgpu`) and on its CPU kernels (WebAssembly SIMD, one core), on the data files that
 * bench.mjs writes and torch_ref.py reads, so the three engines train on the same rows.
 *
 *   node wgsl-dense.mjs <webgpu|cpu> <out.jsonl> <data-file>[,...] [batch,...]
 *
 * Bundled to one file that the carried Node runs (run-wgsl.sh):
 *   npx esbuild bench/gpu/wgsl-dense.ts --bundle --platform=node --format=esm --external:webgpu --outfile=.gpu-bench/wgsl-dense.mjs
 * One warm-up epoch, then up to 3 timed epochs (median reported) while BUDGET_S allows; a fit
 * over budget is cancelled after its current submit. Each configuration appends one JSON line.
 */
import fs from 'node:fs';
import { fitDenseMlp } from '../../src/lib/core/ml/dense/train';
import { fitDenseMlpGpu } from '../../src/lib/core/ml/dense/train-gpu';
import type { DenseGpuDevice } from '../../src/lib/core/ml/dense/gpu-api';
import { openDenseGpu } from '../../workers/dense-gpu';

const FEATURES = 20;
const T0 = performance.now();
const BUDGET_S = Number(process.env.BUDGET_S ?? 120);
const left = () => BUDGET_S - (performance.now() - T0) / 1000;

function readData(file: string) {
	const buf = fs.readFileSync(file);
	const rows = buf.readInt32LE(0);
	const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
	const x = new Float32Array(ab, 4, rows * FEATURES);
	const y = new Int32Array(ab, 4 + rows * FEATURES * 4, rows);
	return { rows, x: Float64Array.from(x), y: Int32Array.from(y) };
}

async function dawnDevice(): Promise<DenseGpuDevice> {
	// A variable specifier: esbuild leaves it to the carried node_modules.
	const spec = 'webgpu';
	const { create, globals } = (await import(spec)) as { create: (flags: string[]) => unknown; globals: object };
	Object.assign(globalThis, globals);
	const flags = (process.env.DAWN_FLAGS ?? '').split(' ').filter(Boolean);
	Object.defineProperty(globalThis, 'navigator', { value: { gpu: create(flags) }, configurable: true, writable: true });
	const opened = await openDenseGpu();
	if ('error' in opened) throw new Error(opened.error);
	return opened.device;
}

const [engine, outFile, files, batchList] = process.argv.slice(2);
if (!['webgpu', 'cpu'].includes(engine) || !outFile || !files) {
	console.error('usage: node wgsl-dense.mjs <webgpu|cpu> <out.jsonl> <data-file>[,...] [batch,...]');
	process.exit(2);
}
const device = engine === 'webgpu' ? await dawnDevice() : null;
const batches = (batchList ?? '256,4096').split(',').map(Number);
for (const file of files.split(',')) {
	const { rows, x, y } = readData(file);
	for (const batch of batches) {
		if (left() < 5) break;
		const epochs: number[] = [];
		const losses: number[] = [];
		const ctl = new AbortController();
		let last = performance.now();
		const opts = {
			task: 'classification' as const,
			classes: 2,
			hidden: [64, 64],
			epochs: 4,
			batchSize: batch,
			learningRate: 1e-3,
			seed: 0,
			signal: ctl.signal,
			onEpoch: (_: number, logs: { loss: number }) => {
				const now = performance.now();
				epochs.push((now - last) / 1000);
				losses.push(logs.loss);
				last = now;
				// Another epoch must fit in what is left, or the fit stops here.
				if (left() < epochs[epochs.length - 1] * 1.2) ctl.abort();
			}
		};
		const X = { rows, cols: FEATURES, data: x };
		const state = device ? await fitDenseMlpGpu(X, y, opts, device) : await fitDenseMlp(X, y, opts);
		const timed = epochs.slice(1).sort((a, b) => a - b);
		const line = {
			engine: device ? `tessera-wgsl (${device.description})` : `tessera-${state.backend} (1 core)`,
			rows,
			batch,
			secondsPerEpoch: timed.length ? timed[Math.floor(timed.length / 2)] : null,
			timedEpochs: timed.length,
			epochs,
			losses,
			stopped: state.stopped
		};
		fs.appendFileSync(outFile, JSON.stringify(line) + '\n');
		console.log(JSON.stringify(line));
	}
}
