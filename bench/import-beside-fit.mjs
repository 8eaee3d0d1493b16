// An upload while gradient boosting holds the engine's compute pool (issue 19, engine: core/compute/lease.ts).
// The engine as the studio's worker runs it (workers/engine-api.ts), on Node threads, storage in fake-indexeddb:
// a CSV is uploaded at the boosting's first progress event, and the times say when the upload was stored and
// when the run ended. Before the lease the upload waited for the whole fit (stored as the run ended).
//
//   node --import tsx bench/import-beside-fit.mjs [training rows, default 200000] [upload rows, default 150000]
import 'fake-indexeddb/auto';
import { createEngineApi } from '../workers/engine-api.ts';
import { nodeComputePool } from '../src/cli/compute-threads.ts';
import { builtinNodes } from '../src/lib/core/nodes/catalog/index.ts';
import { createRegistry } from '../src/lib/core/nodes/registry.ts';
import { createDocument } from '../src/lib/core/doc/create.ts';
import { quickModel } from '../src/lib/core/nodes/templates/quick-model.ts';

const [trainRows = 200_000, uploadRows = 150_000] = process.argv.slice(2).map(Number);

/** `rows` rows × 10 numbers and a yes/no label, the same for the same seed. */
function wide(rows, seed) {
	const lines = ['x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,label'];
	let state = seed;
	const next = () => ((state = (state * 1103515245 + 12345) % 2147483648), state / 2147483648);
	for (let i = 0; i < rows; i++) {
		const x = Array.from({ length: 10 }, () => Math.round((next() * 2 - 1) * 1000) / 1000);
		lines.push(`${x.join(',')},${x[0] + x[1] * x[2] - x[3] * 0.5 + (next() - 0.5) * 0.4 > 0 ? 'yes' : 'no'}`);
	}
	return lines.join('\n') + '\n';
}

const registry = createRegistry(builtinNodes);
const pool = nodeComputePool();
const engine = createEngineApi({ registry, fetchSample: () => Promise.reject(new Error('no samples here')), computePool: pool });
const train = await engine.importFile(new Blob([wide(trainRows, 1)]), 'train.csv', () => {});
const upload = new Blob([wide(uploadRows, 2)]);
let t = performance.now();
await engine.importFile(upload, 'alone.csv', () => {});
const aloneMs = performance.now() - t;

const doc = quickModel(createDocument('bench', new Date()), registry, {
	source: { kind: 'stored', name: train.name, hash: train.hash },
	target: 'label',
	task: 'classification',
	model: 'gbdt',
	seed: 1
});
const gbdt = doc.nodes.find((n) => n.type === 'model.gbdt').id;
let uploadAt = 0;
let storedAt = 0;
let importing = null;
t = performance.now();
// Uploaded at the boosting's first progress: its job holds the pool from then to its end.
const summary = await engine.run(doc, { backend: 'cpu', project: 'bench' }, (events) => {
	if (importing || !events.some((e) => e.type === 'progress' && e.node === gbdt)) return;
	uploadAt = performance.now() - t;
	importing = engine.importFile(upload, 'beside.csv', () => {}).then(() => (storedAt = performance.now() - t));
});
const runMs = performance.now() - t;
if (Object.keys(summary.errors).length) throw new Error(`the run failed: ${JSON.stringify(summary.errors)}`);
await importing;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`threads ${pool.threads}; ${uploadRows.toLocaleString('en')}-row upload alone (pool idle): ${s(aloneMs)}`);
console.log(
	`beside the fit: uploaded at ${s(uploadAt)}, stored at ${s(storedAt)} (${s(storedAt - uploadAt)} after the upload); the run ended at ${s(runMs)}`
);
pool.close();
process.exit(0);
