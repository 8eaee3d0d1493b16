// Batch scoring (issue 13): `tessera predict` on 1,000,000 × 20 rows with a gradient-boosted
// classifier, against scikit-learn's HistGradientBoostingClassifier.predict_proba in
// bench/scoring_reference.py.
//
// Protocol (both sides): the model trains on the first SCORING_TRAIN_ROWS rows of the classify
// file (HistGradientBoosting, 100 iterations, no early stopping: the zoo's gbdt settings);
// Tessera saves it as a .tessera-model file. Then every row of the file (1,000,000 × 20
// features, plus the label, which scoring ignores) is scored:
//   Tessera   `tessera predict model data.csv --proba --out preds.csv` in this process (the
//             streaming path: read CSV in batches, check rows, replay the recipe, predict,
//             write; scoring threads as the CLI chooses them), then the same to a Parquet
//             file; and in memory, predictionColumns on every row at once (one thread).
//   sklearn   pandas read_csv + predict_proba (the same read), and predict_proba alone.
//   ONNX      the model file exported by `exportOnnx` (core/onnx) and run by onnxruntime-node on
//             the same rows (read by Tessera's CSV reader, fed in batches of ONNX_BATCH rows):
//             session.run alone. A model the export refuses (a family without a converter yet)
//             is reported with the export's reason instead.
// One timed run each (a warm-up would double a minute-long case); rows/s = rows / seconds.
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

export const SCORING_TRAIN_ROWS = 100_000;
/** Rows per onnxruntime session.run call. */
const ONNX_BATCH = 65_536;

export const SCORING_CASE = {
	id: 'batch-scoring',
	name: 'Batch scoring: tessera predict, 1,000,000 × 20 CSV → CSV with probabilities (gbdt, 100 trees)',
	where: 'node',
	tool: 'sklearn HistGradientBoostingClassifier(max_iter=100): pandas read_csv + predict_proba',
	target: 'rows/s ≥ sklearn'
};

let modules = null;
async function core() {
	if (modules) return modules;
	register();
	const [csv, catalog, registry, dataset, params, modelInput, build, format, main, predictors, onnx, computeThreads] = await Promise.all([
		import('../src/lib/core/readers/csv.ts'),
		import('../src/lib/core/nodes/catalog/index.ts'),
		import('../src/lib/core/nodes/registry.ts'),
		import('../src/lib/core/nodes/dataset.ts'),
		import('../src/lib/core/nodes/params.ts'),
		import('../src/lib/core/engine/model-input.ts'),
		import('../src/lib/core/model-file/build.ts'),
		import('../src/lib/core/model-file/format.ts'),
		import('../src/cli/main.ts'),
		import('../src/lib/core/nodes/predictors.ts'),
		import('../src/lib/core/onnx/export.ts').catch(() => null),
		import('../src/cli/compute-threads.ts')
	]);
	modules = {
		csv,
		registry: registry.createRegistry(catalog.builtinNodes),
		dataset,
		params,
		modelInput,
		build,
		format,
		main,
		predictors,
		onnx,
		computeThreads
	};
	return modules;
}

function context() {
	return {
		signal: new AbortController().signal,
		progress: () => {},
		seed: 0,
		backend: 'cpu',
		loadSource: () => Promise.reject(new Error('not in the benchmark')),
		applyRecipe: () => {
			throw new Error('not in the benchmark');
		}
	};
}

function headRows(frame, wanted) {
	const rows = Math.min(wanted, frame.rowCount);
	const columns = frame.columns.map((c) =>
		c.kind === 'number' || c.kind === 'date' ? { ...c, values: c.values.subarray(0, rows) } : { ...c, codes: c.codes.subarray(0, rows) }
	);
	return { columns, rowCount: rows };
}

/** Runs the CLI in this process; returns its exit status, the --json summary and the wall time. */
async function cli(c, argv) {
	let stdout = '';
	let stderr = '';
	const t0 = performance.now();
	const code = await c.main.main(
		argv,
		(s) => (stdout += s + '\n'),
		(s) => (stderr += s + '\n')
	);
	const ms = performance.now() - t0;
	if (code !== 0) throw new Error(`tessera ${argv.join(' ')} exited ${code}: ${stderr.trim()}`);
	return { ms, summary: JSON.parse(stdout) };
}

/**
 * @param {{ file: string, dir: string, trainRows: number, log: (s: string) => void }} opts
 * @returns {Promise<Partial<import('./cases.mjs').CaseResult> & { id: string, modelFile?: string }>}
 */
export async function runScoringCase({ file, dir, trainRows, log }) {
	const c = await core();
	const def = c.registry.get('model.gbdt');
	log(`batch-scoring: training gbdt on the first ${trainRows.toLocaleString('en-US')} rows`);
	// Only the training rows are parsed here: the scoring run reads the whole file itself.
	const text = await readHead(file, trainRows);
	const frame = headRows(c.csv.readCsv(text), trainRows);
	const data = { ...c.dataset.datasetOf(frame, 'bench:scoring'), target: 'label', roles: new Uint8Array(frame.rowCount).fill(1) };
	const params = { ...c.params.defaultParams(def.params), task: 'classification', earlyStopping: 'off' };
	const t0 = performance.now();
	const trained = (await def.run({ data }, params, context())).model;
	const trainMs = performance.now() - t0;
	const model = { ...trained, input: await c.modelInput.describeModelInput(c.registry, trained, data, data) };
	const modelFile = path.join(dir, 'scoring-gbdt.tessera-model');
	const metrics = { validation: null, test: null };
	fs.writeFileSync(modelFile, await c.format.writeModelFile(c.build.buildModelFile({ name: 'bench-scoring', model, metrics })));
	log(`batch-scoring: model saved (${(fs.statSync(modelFile).size / 1e3).toFixed(0)} kB); scoring ${file} → CSV`);

	const outCsv = path.join(dir, 'scoring-preds.csv');
	const outParquet = path.join(dir, 'scoring-preds.parquet');
	const toCsv = await cli(c, ['predict', modelFile, file, '--proba', '--out', outCsv, '--json']);
	log(`batch-scoring: CSV → CSV ${(toCsv.ms / 1000).toFixed(2)} s; → Parquet`);
	const toParquet = await cli(c, ['predict', modelFile, file, '--proba', '--out', outParquet, '--json']);
	log(`batch-scoring: CSV → Parquet ${(toParquet.ms / 1000).toFixed(2)} s`);

	const rows = toCsv.summary.rows;
	fs.rmSync(outParquet, { force: true });
	// The table in memory once, for the in-memory figures: Tessera's scoring call on all rows
	// (what predict_proba alone measures) and onnxruntime-node on the exported graph.
	log('batch-scoring: in memory (predictionColumns on every row), then onnxruntime-node');
	const whole = await c.csv.readCsvStream(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
	const t2 = performance.now();
	const inMemory = await c.predictors.predictionColumns(model, whole);
	const inMemoryMs = performance.now() - t2;
	// The same call with the CLI's compute pool (the studio's Predict node passes its pool so):
	// the trees walked in row blocks on every core, the same bits.
	const pool = c.computeThreads.cliComputePool();
	await c.predictors.predictionColumns(model, headRows(whole, 20_000), { compute: pool });
	const t3 = performance.now();
	const onPool = await c.predictors.predictionColumns(model, whole, { compute: pool });
	const onPoolMs = performance.now() - t3;
	const onPoolSame = onPool.every((col, k) =>
		col.kind === 'number'
			? col.values.every((v, i) => Object.is(v, inMemory[k].values[i]))
			: col.codes.every((v, i) => v === inMemory[k].codes[i])
	);
	const streamedEqualsInMemory = sameProbabilities(outCsv, inMemory);
	fs.rmSync(outCsv, { force: true });
	const onnx = await runOnnx(c, model, whole, inMemory);
	const perSecond = (ms) => Math.round(rows / (ms / 1000));
	return {
		id: SCORING_CASE.id,
		modelFile,
		tessera: {
			ms: toCsv.ms,
			extra: {
				rows,
				train: frame.rowCount,
				trainMs,
				rowsPerSecond: perSecond(toCsv.ms),
				rowsWithErrors: toCsv.summary.rowsWithErrors,
				parquetMs: toParquet.ms,
				parquetRowsPerSecond: perSecond(toParquet.ms),
				inMemoryMs,
				inMemoryRowsPerSecond: perSecond(inMemoryMs),
				onPoolMs,
				onPoolRowsPerSecond: perSecond(onPoolMs),
				onPoolThreads: pool.threads,
				onPoolSame,
				batchesScoredHere: toCsv.summary.batchesScoredHere,
				streamedEqualsInMemory,
				phases: toCsv.summary.phases,
				threads: toCsv.summary.threads,
				onnx
			}
		}
	};
}

/**
 * onnxruntime-node on the exported graph: the rows (read by Tessera's reader) fed to
 * session.run in batches (timed: the runs alone, as predict_proba alone). Null figures and a
 * reason when there is no export module or the export refuses the model.
 */
export async function runOnnx(c, model, frame, tessera) {
	if (!c.onnx) return { ran: false, reason: 'no ONNX export in this build' };
	let bytes;
	try {
		bytes = c.onnx.exportOnnx(model, model.input.columns);
	} catch (e) {
		return { ran: false, reason: `the export refuses this model: ${e?.message ?? e}` };
	}
	const ort = await import('onnxruntime-node');
	const session = await ort.InferenceSession.create(bytes);
	const n = frame.rowCount;
	const columns = new Map(frame.columns.map((col) => [col.name, col]));
	// One [N, 1] tensor per raw column, typed as the export declares it (these are all numbers).
	const kinds = new Map(model.input.columns.map((col) => [col.name, col.kind]));
	const inputs = session.inputNames.map((name) => {
		const col = columns.get(name);
		if (!col || col.kind !== 'number') throw new Error(`bench: the ONNX input ${name} is not a number column of the file`);
		const type = c.onnx.onnxInputType(kinds.get(name) ?? 'number');
		if (type !== 'double') throw new Error(`bench: the ONNX input ${name} is ${type}`);
		return { name, values: col.values };
	});
	const outputs = [];
	const t0 = performance.now();
	for (let from = 0; from < n; from += ONNX_BATCH) {
		const to = Math.min(n, from + ONNX_BATCH);
		const feeds = {};
		for (const { name, values } of inputs) feeds[name] = new ort.Tensor('float64', values.subarray(from, to), [to - from, 1]);
		outputs.push({ from, out: await session.run(feeds) });
	}
	const ms = performance.now() - t0;
	// Agreement with Tessera's own probabilities (the issue asks for 1e-5) and labels.
	const k = tessera.length - 1;
	let maxDiff = 0;
	let labelsDiffer = 0;
	for (const { from, out } of outputs) {
		const p = out.probabilities.data;
		const labels = out.label.data;
		for (let i = 0; i < labels.length; i++) {
			for (let j = 0; j < k; j++) maxDiff = Math.max(maxDiff, Math.abs(Number(p[i * k + j]) - tessera[1 + j].values[from + i]));
			const code = tessera[0].codes[from + i];
			if (String(labels[i]) !== tessera[0].dictionary[code]) labelsDiffer++;
		}
	}
	return { ran: true, ms, rowsPerSecond: Math.round(n / (ms / 1000)), batch: ONNX_BATCH, maxProbabilityDiff: maxDiff, labelsDiffer };
}

/** Whether the streamed CSV's probabilities are the in-memory ones, digit for digit (every 1000th row). */
function sameProbabilities(outCsv, columns) {
	const lines = fs.readFileSync(outCsv, 'utf8').split('\n');
	const probabilities = columns.slice(1);
	for (let i = 0; i + 1 < lines.length - 1; i += 1000) {
		const cells = lines[i + 1].split(',');
		for (let k = 0; k < probabilities.length; k++) if (cells[2 + k] !== String(probabilities[k].values[i])) return false;
	}
	return true;
}

/** The first `rows` data lines of a CSV file (and its header), read without loading the rest. */
async function readHead(file, rows) {
	const parts = [];
	let lines = 0;
	for await (const piece of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
		parts.push(piece);
		for (let i = piece.indexOf('\n'); i >= 0; i = piece.indexOf('\n', i + 1)) lines++;
		if (lines > rows + 1) break;
	}
	const text = parts.join('');
	return text.slice(0, text.lastIndexOf('\n') + 1);
}

const kps = (x) => (typeof x === 'number' ? `${Math.round(x / 1000).toLocaleString('en-US')}k rows/s` : '?');

/** The figures the report's table has no column for: rows per second on each path. */
export function scoringNote(got, reference) {
	const t = got?.tessera?.extra;
	const parts = [];
	if (got?.note) parts.push(got.note);
	if (t)
		parts.push(
			`Tessera: CSV → CSV ${kps(t.rowsPerSecond)}, CSV → Parquet ${kps(t.parquetRowsPerSecond)}, ${t.threads} scoring thread${t.threads === 1 ? '' : 's'}${t.batchesScoredHere !== undefined && t.threads > 0 ? ` beside the reading thread (which scored ${t.batchesScoredHere} batches itself)` : ''}; in memory, predictionColumns on every row ${kps(t.inMemoryRowsPerSecond)} (1 thread)${t.streamedEqualsInMemory === false ? '; STREAMED OUTPUT DIFFERS FROM IN MEMORY' : ''}`
		);
	if (t?.onPoolRowsPerSecond)
		parts.push(
			`in memory on the compute pool ${kps(t.onPoolRowsPerSecond)} (${t.onPoolThreads} threads${t.onPoolSame ? ', the same bits' : '; DIFFERS FROM ONE THREAD'})`
		);
	if (t?.onnx)
		parts.push(
			t.onnx.ran
				? `onnxruntime-node session.run alone ${kps(t.onnx.rowsPerSecond)} (its default threads; probabilities within ${t.onnx.maxProbabilityDiff.toExponential(1)} of Tessera's, ${t.onnx.labelsDiffer} labels differ)`
				: `onnxruntime-node not run: ${t.onnx.reason}`
		);
	const r = reference?.extra;
	if (r)
		parts.push(
			`sklearn: read_csv + predict_proba ${kps(r.readAndPredictRowsPerSecond)}, predict_proba alone ${kps(r.predictProbaRowsPerSecond)}, read + predict + to_csv ${kps(r.readPredictWriteRowsPerSecond)} (${r.threads} threads)`
		);
	return parts.join('; ');
}
