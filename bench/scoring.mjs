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
//             write), then the same to a Parquet file; the scoring loop alone is the time
//             the CLI reports for its scoring phase (recipe replay + predict, batch by batch).
//   sklearn   pandas read_csv + predict_proba (the same read), and predict_proba alone.
// One timed run each (a warm-up would double a minute-long case); rows/s = rows / seconds.
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

export const SCORING_TRAIN_ROWS = 100_000;

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
	const [csv, catalog, registry, dataset, params, modelInput, build, format, main] = await Promise.all([
		import('../src/lib/core/readers/csv.ts'),
		import('../src/lib/core/nodes/catalog/index.ts'),
		import('../src/lib/core/nodes/registry.ts'),
		import('../src/lib/core/nodes/dataset.ts'),
		import('../src/lib/core/nodes/params.ts'),
		import('../src/lib/core/engine/model-input.ts'),
		import('../src/lib/core/model-file/build.ts'),
		import('../src/lib/core/model-file/format.ts'),
		import('../src/cli/main.ts')
	]);
	modules = { csv, registry: registry.createRegistry(catalog.builtinNodes), dataset, params, modelInput, build, format, main };
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

function headRows(frame, rows) {
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
 * @param {{ file: string, dir: string, log: (s: string) => void }} opts
 * @returns {Promise<Partial<import('./cases.mjs').CaseResult> & { id: string, modelFile?: string }>}
 */
export async function runScoringCase({ file, dir, log }) {
	const c = await core();
	const def = c.registry.get('model.gbdt');
	log(`batch-scoring: training gbdt on the first ${SCORING_TRAIN_ROWS.toLocaleString('en-US')} rows`);
	// Only the training rows are parsed here: the scoring run reads the whole file itself.
	const text = await readHead(file, SCORING_TRAIN_ROWS);
	const frame = headRows(c.csv.readCsv(text), SCORING_TRAIN_ROWS);
	const data = { ...c.dataset.datasetOf(frame, 'bench:scoring'), target: 'label', roles: new Uint8Array(SCORING_TRAIN_ROWS).fill(1) };
	const params = { ...c.params.defaultParams(def.params), task: 'classification', earlyStopping: 'off' };
	const t0 = performance.now();
	const trained = (await def.run({ data }, params, context())).model;
	const trainMs = performance.now() - t0;
	const model = { ...trained, input: c.modelInput.describeModelInput(c.registry, trained, data, data) };
	const modelFile = path.join(dir, 'scoring-gbdt.tessera-model');
	const metrics = { validation: null, test: null };
	fs.writeFileSync(modelFile, await c.format.writeModelFile(c.build.buildModelFile({ name: 'bench-scoring', model, metrics })));
	log(`batch-scoring: model saved (${(fs.statSync(modelFile).size / 1e3).toFixed(0)} kB); scoring ${file} → CSV`);

	const outCsv = path.join(dir, 'scoring-preds.csv');
	const outParquet = path.join(dir, 'scoring-preds.parquet');
	const toCsv = await cli(c, ['predict', modelFile, file, '--proba', '--out', outCsv, '--json']);
	log(`batch-scoring: CSV → CSV ${(toCsv.ms / 1000).toFixed(2)} s; → Parquet`);
	const toParquet = await cli(c, ['predict', modelFile, file, '--proba', '--out', outParquet, '--json']);
	log(`batch-scoring: CSV → Parquet ${(toParquet.ms / 1000).toFixed(2)} s; the scoring loop alone`);

	const rows = toCsv.summary.rows;
	// The scoring loop alone (recipe replay + predict, batch by batch), as the CLI timed it.
	const scoreMs = toCsv.summary.phases.scoreSeconds * 1000;
	fs.rmSync(outCsv, { force: true });
	fs.rmSync(outParquet, { force: true });
	const perSecond = (ms) => Math.round(rows / (ms / 1000));
	return {
		id: SCORING_CASE.id,
		modelFile,
		tessera: {
			ms: toCsv.ms,
			extra: {
				rows,
				train: SCORING_TRAIN_ROWS,
				trainMs,
				rowsPerSecond: perSecond(toCsv.ms),
				rowsWithErrors: toCsv.summary.rowsWithErrors,
				parquetMs: toParquet.ms,
				parquetRowsPerSecond: perSecond(toParquet.ms),
				scoreOnlyMs: scoreMs,
				scoreOnlyRowsPerSecond: perSecond(scoreMs),
				phases: toCsv.summary.phases
			}
		}
	};
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
			`Tessera: CSV → CSV ${kps(t.rowsPerSecond)}, CSV → Parquet ${kps(t.parquetRowsPerSecond)}, scoring loop alone ${kps(t.scoreOnlyRowsPerSecond)} (1 thread)`
		);
	const r = reference?.extra;
	if (r)
		parts.push(
			`sklearn: read_csv + predict_proba ${kps(r.readAndPredictRowsPerSecond)}, predict_proba alone ${kps(r.predictProbaRowsPerSecond)}, read + predict + to_csv ${kps(r.readPredictWriteRowsPerSecond)} (${r.threads} threads)`
		);
	return parts.join('; ');
}
