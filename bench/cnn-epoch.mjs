// Per-epoch time of the digits CNN (the digits template's network and defaults: 1,348 8×8
// training images, batch 32) on the CPU: Tessera's own kernels (core/ml/conv/cnn-train.ts:
// im2col + the WebAssembly SIMD multiply) against TensorFlow.js's WASM backend (models/cnn.ts),
// same split, same seed, one thread each. Writes a line per trainer; no GPU is measured here.
//
//   node bench/cnn-epoch.mjs [--epochs N]
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const epochs = Number(process.argv[process.argv.indexOf('--epochs') + 1]) || 5;
const { readImageZip } = await import('../src/lib/core/readers/zip.ts');
const { imageShapeOf } = await import('../src/lib/core/frame/images.ts');
const { getColumn } = await import('../src/lib/core/frame/frame.ts');
const { fitCnnKernels, predictCnnKernels } = await import('../src/lib/core/ml/conv/cnn-train.ts');
const { fitCnn, predictCnn } = await import('../src/lib/core/ml/models/cnn.ts');
const { activateBackend } = await import('../src/lib/core/ml/backends.ts');
const { argmaxRows } = await import('../src/lib/core/ml/models/argmax.ts');

const frame = await readImageZip(new Uint8Array(fs.readFileSync(new URL('../static/samples/digits.zip', import.meta.url))));
const shape = imageShapeOf(frame);
const cols = shape.columns.map((name) => getColumn(frame, name).values);
const codes = getColumn(frame, 'label').codes;
const original = getColumn(frame, 'image').values.map((p) => Number(/(\d+)\.png$/.exec(p)[1]));
const take = (rows) => ({
	X: { rows: rows.length, cols: cols.length, data: Float64Array.from(rows.flatMap((r) => cols.map((c) => c[r]))) },
	y: Int32Array.from(rows, (r) => codes[r])
});
const all = original.map((_, r) => r);
const train = take(all.filter((r) => original[r] % 4 !== 3));
const test = take(all.filter((r) => original[r] % 4 === 3));
const accuracy = (p) => argmaxRows(p, 10).filter((c, i) => c === test.y[i]).length / test.y.length;

const opts = { height: shape.height, width: shape.width, channels: shape.channels, classes: 10, epochs, seed: 0 };
await activateBackend('wasm');
for (const [name, fit, predict] of [
	['tessera (im2col + WASM SIMD GEMM)', (o) => fitCnnKernels(train.X, train.y, o), async (s) => predictCnnKernels(s, test.X)],
	['tessera (im2col + JS GEMM, no SIMD)', (o) => fitCnnKernels(train.X, train.y, o, 'js'), async (s) => predictCnnKernels(s, test.X, 'js')],
	['tfjs wasm', (o) => fitCnn(train.X, train.y, o), (s) => predictCnn(s, test.X)]
]) {
	const times = [];
	let last = performance.now();
	const state = await fit({
		...opts,
		onEpoch: () => {
			const now = performance.now();
			times.push(now - last);
			last = now;
		}
	});
	// The first epoch includes compiling (tfjs's kernels, V8's JIT); the median of the rest is the figure.
	const rest = times.slice(1).sort((a, b) => a - b);
	const median = rest[Math.floor(rest.length / 2)] ?? times[0];
	console.log(
		`${name}: ${median.toFixed(0)} ms/epoch (median of epochs 2–${epochs}; first ${times[0].toFixed(0)} ms), test accuracy after ${epochs} epochs ${accuracy(await predict(state)).toFixed(4)}, backend ${state.backend}`
	);
}
