// tfjs training-speed probe for one backend, run in Node (no browser):
//   node bench.mjs gen  <rows> <file>           write the synthetic data set (shared with torch_ref.py)
//   node bench.mjs info                          what Dawn (the `webgpu` npm package) sees: adapters, info, limits
//   node bench.mjs run  <webgpu|wasm|cpu> <out.json> <data-file>[,...] [batch,...]
// Model: dense 20→64 relu →64 relu →2 softmax, Adam lr 1e-3, categorical cross-entropy on one-hot
// labels, tfjs-layers model.fit (epochs: 1 per call, shuffle, yieldEvery 'never'). Per (rows, batch):
// one warm-up epoch, then up to EPOCHS timed epochs while BUDGET_S (seconds, whole process) allows.
// Results are rewritten to out.json after every config so a killed process still leaves its figures.
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [, , cmd, ...args] = process.argv;
const t0 = performance.now();
const budgetS = Number(process.env.BUDGET_S ?? 120);
const EPOCHS = Number(process.env.EPOCHS ?? 3);
const FEATURES = 20;

/** mulberry32: a small seeded generator so every run (and torch_ref.py, via the file) sees the same rows. */
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** rows × 20 uniform(-1,1) features; label = [w·x + 0.5 sin(3 x0) + noise > 0] — learnable, not linear. */
function makeData(rows) {
	const r = rng(42);
	const w = Array.from({ length: FEATURES }, () => r() * 2 - 1);
	const x = new Float32Array(rows * FEATURES);
	const y = new Int32Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < FEATURES; j++) {
			const v = r() * 2 - 1;
			x[i * FEATURES + j] = v;
			s += w[j] * v;
		}
		s += 0.5 * Math.sin(3 * x[i * FEATURES]) + 0.3 * (r() - 0.5);
		y[i] = s > 0 ? 1 : 0;
	}
	return { x, y };
}

/** File layout: int32 rows, then rows×20 float32 features, then rows int32 labels (little-endian). */
function writeData(rows, file) {
	const { x, y } = makeData(rows);
	const fd = fs.openSync(file, 'w');
	fs.writeSync(fd, new Int32Array([rows]));
	fs.writeSync(fd, x);
	fs.writeSync(fd, y);
	fs.closeSync(fd);
}

function readData(file) {
	const buf = fs.readFileSync(file);
	const rows = buf.readInt32LE(0);
	const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
	const x = new Float32Array(ab, 4, rows * FEATURES);
	const y = new Int32Array(ab, 4 + rows * FEATURES * 4, rows);
	return { rows, x, y };
}

/** Install Dawn's navigator.gpu before tfjs-backend-webgpu loads (it registers only if navigator.gpu exists). */
async function installDawn() {
	const { create, globals } = await import('webgpu');
	Object.assign(globalThis, globals);
	const flags = (process.env.DAWN_FLAGS ?? '').split(' ').filter(Boolean);
	const gpu = create(flags);
	Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
	return { gpu, flags };
}

async function adapterReport(gpu) {
	const out = {};
	for (const pp of ['high-performance', 'low-power']) {
		try {
			const a = await gpu.requestAdapter({ powerPreference: pp });
			if (!a) {
				out[pp] = null;
				continue;
			}
			const info = a.info ?? {};
			const l = a.limits;
			out[pp] = {
				vendor: info.vendor,
				architecture: info.architecture,
				device: info.device,
				description: info.description,
				isFallbackAdapter: a.isFallbackAdapter ?? info.isFallbackAdapter,
				features: [...a.features].sort(),
				limits: {
					maxBufferSize: l.maxBufferSize,
					maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
					maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
					maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
					maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX
				}
			};
		} catch (e) {
			out[pp] = { error: String(e?.message ?? e) };
		}
	}
	return out;
}

function buildModel(tf, tfl) {
	const model = tfl.sequential({
		layers: [
			tfl.layers.dense({ inputShape: [FEATURES], units: 64, activation: 'relu' }),
			tfl.layers.dense({ units: 64, activation: 'relu' }),
			tfl.layers.dense({ units: 2, activation: 'softmax' })
		]
	});
	model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
	return model;
}

/** Fallback if model.fit fails on a backend: a plain optimizer.minimize loop over sequential batches. */
async function loopEpoch(tf, vars, opt, xs, ys, rows, batch) {
	const [w1, b1, w2, b2, w3, b3] = vars;
	let last;
	for (let s = 0; s < rows; s += batch) {
		const n = Math.min(batch, rows - s);
		last?.dispose();
		last = tf.tidy(() => {
			const xb = tf.slice(xs, [s, 0], [n, FEATURES]);
			const yb = tf.slice(ys, [s, 0], [n, 2]);
			return opt.minimize(() => {
				const h1 = tf.relu(tf.add(tf.matMul(xb, w1), b1));
				const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
				return tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(h2, w3), b3));
			}, true);
		});
	}
	const loss = (await last.data())[0];
	last.dispose();
	return loss;
}

async function run(backend, outFile, dataSpecs, batches) {
	const result = {
		backend,
		node: process.version,
		host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model },
		started: new Date().toISOString(),
		configs: []
	};
	const save = () => fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
	const log = (s) => console.log(`[${backend} ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}`);
	try {
		let dawn;
		if (backend === 'webgpu') {
			dawn = await installDawn();
			result.dawnFlags = dawn.flags;
			result.adapters = await adapterReport(dawn.gpu);
			save();
		}
		const tf = require('@tensorflow/tfjs-core');
		const tfl = require('@tensorflow/tfjs-layers');
		if (backend === 'webgpu') require('@tensorflow/tfjs-backend-webgpu');
		if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
		if (backend === 'cpu') require('@tensorflow/tfjs-backend-cpu');
		const ok = await tf.setBackend(backend);
		await tf.ready();
		result.tfjs = { version: tf.version_core, setBackend: ok, getBackend: tf.getBackend() };
		if (backend === 'wasm') {
			result.tfjs.wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
			result.tfjs.wasmThreads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
		}
		if (backend === 'webgpu') {
			const be = tf.backend();
			result.tfjs.backendAdapterInfo = { vendor: be.adapterInfo?.vendor, architecture: be.adapterInfo?.architecture };
		}
		log(`backend ${tf.getBackend()}`);
		save();
		if (tf.getBackend() !== backend) throw new Error(`tf.setBackend('${backend}') left backend ${tf.getBackend()}`);

		for (const spec of dataSpecs) {
			const data = readData(spec);
			const xs = tf.tensor2d(data.x, [data.rows, FEATURES]);
			const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(data.y, 'int32'), 2), 'float32'));
			for (const batch of batches) {
				const cfg = { rows: data.rows, batch, steps: Math.ceil(data.rows / batch), mode: 'fit', epochS: [], loss: [] };
				result.configs.push(cfg);
				// a step killed by its timeout leaves this marker instead of nothing
				cfg.status = 'warm-up epoch running (killed if still here)';
				const left = () => budgetS - (performance.now() - t0) / 1000;
				if (left() < 5) {
					delete cfg.status;
					cfg.skipped = `budget: ${left().toFixed(1)} s left of BUDGET_S=${budgetS}`;
					save();
					continue;
				}
				const model = buildModel(tf, tfl);
				save();
				const ev = await model.evaluate(
					tf.slice(xs, [0, 0], [Math.min(10000, data.rows), FEATURES]),
					tf.slice(ys, [0, 0], [Math.min(10000, data.rows), 2]),
					{ batchSize: 4096 }
				);
				cfg.initialLoss = (await ev[0].data())[0];
				const fitEpoch = async () => {
					const h = await model.fit(xs, ys, { batchSize: batch, epochs: 1, shuffle: true, verbose: 0, yieldEvery: 'never' });
					return { loss: h.history.loss[0], acc: h.history.acc?.[0] ?? h.history.accuracy?.[0] };
				};
				let epochFn = fitEpoch;
				let tw = performance.now();
				let first;
				try {
					first = await fitEpoch();
				} catch (e) {
					cfg.fitError = String(e?.message ?? e);
					log(`model.fit failed (${cfg.fitError}); falling back to an optimizer.minimize loop`);
					cfg.mode = 'minimize-loop';
					const k = (shape) => tf.variable(tf.randomUniform(shape, -0.2, 0.2));
					const vars = [
						k([FEATURES, 64]),
						tf.variable(tf.zeros([64])),
						k([64, 64]),
						tf.variable(tf.zeros([64])),
						k([64, 2]),
						tf.variable(tf.zeros([2]))
					];
					const opt = tf.train.adam(1e-3);
					epochFn = async () => ({ loss: await loopEpoch(tf, vars, opt, xs, ys, data.rows, batch) });
					tw = performance.now();
					first = await epochFn();
				}
				cfg.warmupS = (performance.now() - tw) / 1000;
				cfg.status = 'timed epochs running (killed if still here)';
				cfg.warmupLoss = first.loss;
				log(`rows ${data.rows} batch ${batch}: warm-up ${cfg.warmupS.toFixed(2)} s loss ${first.loss.toFixed(4)}`);
				save();
				for (let e = 0; e < EPOCHS; e++) {
					const est = cfg.epochS.length ? cfg.epochS[cfg.epochS.length - 1] : cfg.warmupS;
					if (est * 1.2 > left()) {
						cfg.note = `stopped after ${e} timed epoch(s): next epoch (~${est.toFixed(1)} s) would pass BUDGET_S=${budgetS}`;
						break;
					}
					const ts = performance.now();
					const r = await epochFn();
					cfg.epochS.push((performance.now() - ts) / 1000);
					cfg.loss.push(r.loss);
					if (r.acc != null) cfg.acc = r.acc;
					log(`  epoch ${e + 1}: ${cfg.epochS.at(-1).toFixed(3)} s loss ${r.loss.toFixed(4)}`);
					save();
				}
				if (cfg.epochS.length) {
					const s = [...cfg.epochS].sort((a, b) => a - b);
					cfg.medianEpochS = s[s.length >> 1];
					cfg.msPerStep = (cfg.medianEpochS * 1000) / cfg.steps;
				}
				delete cfg.status;
				const lastLoss = cfg.loss.at(-1) ?? cfg.warmupLoss;
				cfg.lossDecreased = lastLoss < cfg.initialLoss && (cfg.loss.length === 0 || lastLoss <= cfg.warmupLoss);
				model.dispose?.();
				tf.dispose(ev);
				save();
			}
			xs.dispose();
			ys.dispose();
		}
		result.tfjs.memory = tf.memory();
	} catch (e) {
		result.error = String(e?.stack ?? e);
		log(`ERROR ${result.error}`);
	}
	result.totalS = (performance.now() - t0) / 1000;
	save();
	log('done');
	// Dawn can keep the event loop alive; the figures are on disk.
	process.exit(result.error ? 1 : 0);
}

if (cmd === 'gen') {
	writeData(Number(args[0]), args[1]);
} else if (cmd === 'info') {
	const { gpu, flags } = await installDawn();
	console.log(JSON.stringify({ flags, adapters: await adapterReport(gpu) }, null, 1));
	process.exit(0);
} else if (cmd === 'run') {
	const [backend, outFile, specs, batches = '256,4096'] = args;
	await run(backend, outFile, specs.split(','), batches.split(',').map(Number));
} else {
	console.error('usage: node bench.mjs gen <rows> <file> | info | run <webgpu|wasm|cpu> <out.json> <data,...> [batches]');
	process.exit(2);
}
