// Where does a tfjs WebGPU training step's time go? (follow-up to bench.mjs)
//   node diag.mjs <webgpu|wasm> <out.json> <data-file> [batch]
// A. per-op cost: 2000 chained tf.add on a [batch,64] tensor, then one read-back
// B. one training step (hand-written optimizer.minimize): kernels per step (tf.profile),
//    wall vs GPU kernel time (tf.time; kernelMs comes from timestamp queries on WebGPU)
// C. a whole epoch with the hand-written loop (slices, no shuffle/gather) vs model.fit, with the
//    process's CPU time over each, to tell "CPU busy issuing work" from "waiting on the GPU"
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [, , backend, outFile, dataFile, batchArg = '256'] = process.argv;
const batch = Number(batchArg);
const F = 20;
const out = { backend, batch };
const save = () => fs.writeFileSync(outFile, JSON.stringify(out, null, 1));
const log = (s) => console.log(`[diag ${backend}] ${s}`);

if (backend === 'webgpu') {
	const { create, globals } = await import('webgpu');
	Object.assign(globalThis, globals);
	Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
}
const tf = require('@tensorflow/tfjs-core');
const tfl = require('@tensorflow/tfjs-layers');
require(backend === 'webgpu' ? '@tensorflow/tfjs-backend-webgpu' : '@tensorflow/tfjs-backend-wasm');
await tf.setBackend(backend);
await tf.ready();
out.getBackend = tf.getBackend();

const buf = fs.readFileSync(dataFile);
const rows = buf.readInt32LE(0);
const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const xs = tf.tensor2d(new Float32Array(ab, 4, rows * F), [rows, F]);
const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(new Int32Array(ab, 4 + rows * F * 4, rows), 'int32'), 2), 'float32'));
out.rows = rows;

async function clock(fn) {
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	const r = await fn();
	const wallMs = performance.now() - t0;
	const c = process.cpuUsage(c0);
	return { wallMs, cpuMs: (c.user + c.system) / 1000, r };
}

try {
	// A. per-op cost
	const a = tf.randomUniform([batch, 64]);
	const b = tf.randomUniform([batch, 64]);
	const chain = async (n) => {
		const r = tf.tidy(() => {
			let t = a;
			for (let i = 0; i < n; i++) t = tf.add(t, b);
			return t;
		});
		await r.data();
		r.dispose();
	};
	await chain(200);
	const A = await clock(() => chain(2000));
	out.addChain = { ops: 2000, wallMs: A.wallMs, cpuMs: A.cpuMs, usPerOp: (A.wallMs * 1000) / 2000 };
	log(`2000 adds: ${A.wallMs.toFixed(1)} ms wall, ${A.cpuMs.toFixed(1)} ms CPU`);
	save();

	// B. one step of a hand-written loop
	const k = (shape) => tf.variable(tf.randomUniform(shape, -0.2, 0.2));
	const vars = [k([F, 64]), tf.variable(tf.zeros([64])), k([64, 64]), tf.variable(tf.zeros([64])), k([64, 2]), tf.variable(tf.zeros([2]))];
	const opt = tf.train.adam(1e-3);
	const step = (s) =>
		tf.tidy(() => {
			const n = Math.min(batch, rows - s);
			const xb = tf.slice(xs, [s, 0], [n, F]);
			const yb = tf.slice(ys, [s, 0], [n, 2]);
			const [w1, b1, w2, b2, w3, b3] = vars;
			return opt.minimize(() => {
				const h1 = tf.relu(tf.add(tf.matMul(xb, w1), b1));
				const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
				return tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(h2, w3), b3));
			}, true);
		});
	for (let i = 0; i < 20; i++) step((i * batch) % Math.max(1, rows - batch)).dispose();
	const prof = await tf.profile(() => step(0));
	out.kernelsPerStep = prof.kernels.length;
	out.kernelNames = [...new Set(prof.kernels.map((q) => q.name))];
	prof.result.dispose();
	const tm = await tf.time(() => step(batch).dispose());
	out.stepTime = { wallMs: tm.wallMs, kernelMs: tm.kernelMs };
	log(`one step: ${out.kernelsPerStep} kernels, wall ${tm.wallMs.toFixed(2)} ms, GPU kernels ${tm.kernelMs} ms`);
	save();

	// C. an epoch: hand loop vs model.fit
	const loopEpoch = async () => {
		let last;
		for (let s = 0; s < rows; s += batch) {
			last?.dispose();
			last = step(s);
		}
		const l = (await last.data())[0];
		last.dispose();
		return l;
	};
	await loopEpoch();
	const L = await clock(loopEpoch);
	out.loopEpoch = { wallMs: L.wallMs, cpuMs: L.cpuMs, loss: L.r, msPerStep: L.wallMs / Math.ceil(rows / batch) };
	log(`loop epoch: ${L.wallMs.toFixed(0)} ms wall, ${L.cpuMs.toFixed(0)} ms CPU, loss ${L.r.toFixed(4)}`);
	save();

	const model = tfl.sequential({
		layers: [
			tfl.layers.dense({ inputShape: [F], units: 64, activation: 'relu' }),
			tfl.layers.dense({ units: 64, activation: 'relu' }),
			tfl.layers.dense({ units: 2, activation: 'softmax' })
		]
	});
	model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
	const fit = () => model.fit(xs, ys, { batchSize: batch, epochs: 1, shuffle: true, verbose: 0, yieldEvery: 'never' });
	await fit();
	const M = await clock(fit);
	out.fitEpoch = { wallMs: M.wallMs, cpuMs: M.cpuMs, loss: M.r.history.loss[0], msPerStep: M.wallMs / Math.ceil(rows / batch) };
	log(`fit epoch: ${M.wallMs.toFixed(0)} ms wall, ${M.cpuMs.toFixed(0)} ms CPU`);
	const fp = await tf.profile(() => model.trainOnBatch(tf.slice(xs, [0, 0], [batch, F]), tf.slice(ys, [0, 0], [batch, 2])));
	out.fitKernelsPerStep = fp.kernels.length;
	save();
} catch (e) {
	out.error = String(e?.stack ?? e);
	log(out.error);
}
save();
process.exit(0);
