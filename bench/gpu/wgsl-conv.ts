/**
 * Per-epoch time of the digits CNN's convolution layers on Tessera's WGSL conv kernels
 * (src/lib/core/ml/conv/wgsl.ts through workers/conv-gpu.ts, on Dawn's WebGPU, npm `webgpu`)
 * and on the TypeScript reference kernels (conv/cpu.ts, one core; plain loops written for
 * clarity, not a tuned CPU path). Not a training step: the CNN still trains on TensorFlow.js;
 * this times what the WGSL kernels would do of one, for a GPU session to measure.
 *
 *   node wgsl-conv.mjs <webgpu|js> <out.jsonl> [batch,...]
 *   node wgsl-conv.mjs check <out.jsonl>
 *
 * `check` first runs the kernels' agreement checks (conv/gpu-agreement.ts, as /gpu-check does in
 * Chromium) on this device and writes them, so a GPU's figures come with its correctness.
 *
 * One epoch = the digits training split (1,348 images 8×8×1) in batches: conv 3×3 1→16 + ReLU,
 * 2×2 max-pool, conv 3×3 16→32 + ReLU, max-pool, then the pools' gradients (ReLU-masked), the
 * second conv's input and filter gradients and the first conv's filter gradient. The images stay
 * on the device (a batch is an offset into them); an epoch is one submit and one 4-byte read.
 * Bundled as wgsl-dense.ts is:
 *   npx esbuild bench/gpu/wgsl-conv.ts --bundle --platform=node --format=esm --external:webgpu --outfile=.gpu-bench/wgsl-conv.mjs
 * One warm-up epoch, then up to 5 timed epochs (median reported) while BUDGET_S allows.
 */
import fs from 'node:fs';
import { createCpuConvDevice } from '../../src/lib/core/ml/conv/cpu';
import { convAgreement } from '../../src/lib/core/ml/conv/gpu-agreement';
import { convCounts, poolCounts, type ConvGeometry, type PoolGeometry } from '../../src/lib/core/ml/conv/geometry';
import type { ConvDevice, ConvOp } from '../../src/lib/core/ml/conv/kernel-api';
import { createRandom } from '../../src/lib/core/util/random';
import { openConvGpu } from '../../workers/conv-gpu';

const IMAGES = 1348;
const SIDE = 8;
const FILTERS = 16;
const T0 = performance.now();
const BUDGET_S = Number(process.env.BUDGET_S ?? 60);
const left = () => BUDGET_S - (performance.now() - T0) / 1000;

async function dawnDevice(): Promise<ConvDevice> {
	// A variable specifier: esbuild leaves it to the carried node_modules.
	const spec = 'webgpu';
	const { create, globals } = (await import(spec)) as { create: (flags: string[]) => unknown; globals: object };
	Object.assign(globalThis, globals);
	const flags = (process.env.DAWN_FLAGS ?? '').split(' ').filter(Boolean);
	Object.defineProperty(globalThis, 'navigator', { value: { gpu: create(flags) }, configurable: true, writable: true });
	const opened = await openConvGpu();
	if ('error' in opened) throw new Error(opened.error);
	return opened.device;
}

/** The heap and one epoch's operations for batches of `batch` images (the last batch ragged). */
function epochPlan(batch: number) {
	const sizes = (b: number) => {
		const c1: ConvGeometry = {
			batch: b,
			height: SIDE,
			width: SIDE,
			inChannels: 1,
			outChannels: FILTERS,
			kernelHeight: 3,
			kernelWidth: 3,
			padding: 'same'
		};
		const p1: PoolGeometry = { batch: b, height: SIDE, width: SIDE, channels: FILTERS, padding: 'same' };
		const half = Math.ceil(SIDE / 2);
		const c2: ConvGeometry = { ...c1, height: half, width: half, inChannels: FILTERS, outChannels: 2 * FILTERS };
		const p2: PoolGeometry = { batch: b, height: half, width: half, channels: 2 * FILTERS, padding: 'same' };
		return { c1, p1, c2, p2 };
	};
	const full = sizes(batch);
	const n1 = convCounts(full.c1);
	const n2 = convCounts(full.c2);
	const q2 = poolCounts(full.p2);
	let floats = 0;
	const take = (n: number) => ((floats += n), floats - n);
	const images = take(IMAGES * SIDE * SIDE);
	const w1 = take(n1.filter);
	const b1 = take(n1.bias);
	const w2 = take(n2.filter);
	const b2 = take(n2.bias);
	const a1 = take(n1.output);
	const h1 = take(n2.input);
	const a2 = take(n2.output);
	const h2 = take(q2.output);
	const dh2 = take(q2.output);
	const da2 = take(n2.output);
	const dh1 = take(n2.input);
	const da1 = take(n1.output);
	const dw1 = take(n1.filter);
	const db1 = take(n1.bias);
	const dw2 = take(n2.filter);
	const db2 = take(n2.bias);
	const ops: ConvOp[] = [];
	for (let start = 0; start < IMAGES; start += batch) {
		const s = sizes(Math.min(batch, IMAGES - start));
		const x = images + start * SIDE * SIDE;
		ops.push(
			{ op: 'conv', geometry: s.c1, x, w: w1, bias: b1, y: a1, relu: true },
			{ op: 'maxPool', geometry: s.p1, x: a1, y: h1 },
			{ op: 'conv', geometry: s.c2, x: h1, w: w2, bias: b2, y: a2, relu: true },
			{ op: 'maxPool', geometry: s.p2, x: a2, y: h2 },
			// The dense layers' gradient would arrive here; the pooled output stands in for it.
			{ op: 'maxPoolGrad', geometry: s.p2, x: a2, dy: h2, dx: da2, reluMask: true },
			{ op: 'convInputGrad', geometry: s.c2, dy: da2, w: w2, dx: dh1 },
			{ op: 'convFilterGrad', geometry: s.c2, x: h1, dy: da2, dw: dw2, db: db2 },
			{ op: 'maxPoolGrad', geometry: s.p1, x: a1, dy: dh1, dx: da1, reluMask: true },
			{ op: 'convFilterGrad', geometry: s.c1, x, dy: da1, dw: dw1, db: db1 }
		);
	}
	const random = createRandom(0);
	const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
	const init: [number, Float32Array][] = [
		[images, fill(IMAGES * SIDE * SIDE, 1).map(Math.abs)],
		[w1, fill(n1.filter, 0.4)],
		[w2, fill(n2.filter, 0.15)]
	];
	return { floats, ops, init, dh2, dw1 };
}

const [engine, outFile, batchList] = process.argv.slice(2);
if (!['webgpu', 'js', 'check'].includes(engine) || !outFile) {
	console.error('usage: node wgsl-conv.mjs <webgpu|js|check> <out.jsonl> [batch,...]');
	process.exit(2);
}
const device = engine === 'js' ? createCpuConvDevice('f32') : await dawnDevice();
if (engine === 'check') {
	const report = await convAgreement(device);
	const failed = report.checks.filter((c) => !(c.worst <= c.tolerance));
	for (const c of report.checks) console.log(`${c.worst.toExponential(2)} ≤ ${c.tolerance}  ${c.name}`);
	const line = { case: 'conv kernel agreement', device: report.device, checks: report.checks.length, failed: failed.map((c) => c.name) };
	console.log(JSON.stringify(line));
	fs.appendFileSync(outFile, JSON.stringify(line) + '\n');
	process.exit(failed.length ? 1 : 0);
}
for (const batch of (batchList ?? '32,256').split(',').map(Number)) {
	if (left() < 5) break;
	const plan = epochPlan(batch);
	const heap = device.createHeap(plan.floats);
	const epochs: number[] = [];
	let checksum = 0;
	try {
		for (const [at, values] of plan.init) heap.write(at, values);
		for (let e = 0; e < 6 && left() > (epochs.at(-1) ?? 0) * 1.2; e++) {
			const t = performance.now();
			heap.run(plan.ops);
			// One float read back waits for the whole epoch.
			checksum = (await heap.read(plan.dw1, 1))[0];
			if (e > 0) epochs.push((performance.now() - t) / 1000);
		}
	} finally {
		heap.destroy();
	}
	const sorted = [...epochs].sort((a, b) => a - b);
	const line = {
		case: 'digits CNN conv layers (forward + backward), 1348 images 8×8×1, 16/32 filters',
		engine,
		device: device.description,
		batch,
		dispatches: plan.ops.length,
		epochSeconds: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
		epochsTimed: epochs.length,
		checksum
	};
	console.log(JSON.stringify(line));
	fs.appendFileSync(outFile, JSON.stringify(line) + '\n');
}
