// Node-side cases: the CLI core (src/lib/core through tsx), timed in this process.
//   cli-profile   parse the import CSV from disk (readCsvStream) + profileFrame
//   cli-logistic  fitLogisticAsync on the CLI's compute pool, on the classify training rows; accuracy on the validation rows
import fs from 'node:fs';
import { register } from 'tsx/esm/api';
import { TRAIN_FRACTION } from './cases.mjs';

let coreModules = null;
async function core() {
	if (coreModules) return coreModules;
	register();
	const csv = await import('../src/lib/core/readers/csv.ts');
	const profile = await import('../src/lib/core/analysis/profile.ts');
	const ml = await import('../src/lib/core/ml/index.ts');
	const logistic = await import('../src/lib/core/ml/models/logistic.ts');
	const compute = await import('../src/cli/compute-threads.ts');
	// The CLI's compute pool (one thread per core), started here, not inside a timed fit.
	const pool = compute.cliComputePool();
	if (pool.threads > 1) (await pool.open({})).close();
	coreModules = { ...csv, ...profile, ...ml, fitLogisticAsync: logistic.fitLogisticAsync, pool };
	return coreModules;
}

export function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One warm-up, then `repeats` timed runs of `fn`; returns the median, the runs and the last result. */
export async function timed(fn, repeats) {
	let result = await fn();
	const runs = [];
	for (let i = 0; i < repeats; i++) {
		const t0 = performance.now();
		result = await fn();
		runs.push(performance.now() - t0);
	}
	return { ms: median(runs), runs, result };
}

/** Label values as class codes 0/1 whatever kind the column was inferred as. */
function labelCodes(col) {
	const n = col.kind === 'number' || col.kind === 'date' ? col.values.length : col.codes.length;
	const y = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		let v;
		if (col.kind === 'number') v = col.values[i];
		else if (col.kind === 'category') v = Number(col.dictionary[col.codes[i]]);
		else if (col.kind === 'boolean') v = col.codes[i];
		else throw new Error(`label column inferred as ${col.kind}`);
		y[i] = v > 0.5 ? 1 : 0;
	}
	return y;
}

/**
 * @param {{ dataFiles: { import: string, classify: string }, repeats: number, only: (id: string) => boolean, log: (s: string) => void }} opts
 * @returns {Promise<import('./cases.mjs').CaseResult[]>}
 */
export async function runNodeCases({ dataFiles, repeats, only, log }) {
	const out = [];
	if (!only('cli-profile') && !only('cli-logistic')) return out;
	const c = await core();
	const readFrame = (file) => c.readCsvStream(/** @type {any} */ (fs.createReadStream(file, { highWaterMark: 1 << 20 })));

	if (only('cli-profile')) {
		log('node: cli-profile');
		const r = await timed(async () => c.profileFrame(await readFrame(dataFiles.import)), repeats);
		out.push({ id: 'cli-profile', tessera: { ms: r.ms, extra: { runs: r.runs, rows: r.result.rows, threads: 1 } } });
	}

	if (only('cli-logistic')) {
		log('node: cli-logistic');
		const frame = await readFrame(dataFiles.classify);
		const labelIdx = frame.columns.findIndex((col) => col.name === 'label');
		const features = frame.columns.filter((_, i) => i !== labelIdx);
		const y = labelCodes(frame.columns[labelIdx]);
		const n = frame.rowCount;
		const p = features.length;
		const nTrain = Math.floor(n * TRAIN_FRACTION);
		const matrix = (from, to) => {
			const m = { rows: to - from, cols: p, data: new Float64Array((to - from) * p) };
			for (let j = 0; j < p; j++) {
				const v = features[j].values;
				for (let i = from; i < to; i++) m.data[(i - from) * p + j] = v[i];
			}
			return m;
		};
		const Xtr = matrix(0, nTrain);
		const Xva = matrix(nTrain, n);
		const ytr = y.subarray(0, nTrain);
		const yva = y.subarray(nTrain);
		// As `tessera train` fits the Logistic regression node: the passes over the rows on the CLI's compute pool.
		const r = await timed(() => c.fitLogisticAsync(Xtr, ytr, 2, { C: 1, pool: c.pool }), repeats);
		const pred = c.predictLogistic(r.result, Xva);
		let hit = 0;
		for (let i = 0; i < yva.length; i++) if (pred[i] === yva[i]) hit++;
		out.push({
			id: 'cli-logistic',
			tessera: {
				ms: r.ms,
				accuracy: hit / yva.length,
				extra: {
					runs: r.runs,
					iterations: r.result.iterations,
					converged: r.result.converged,
					train: nTrain,
					validation: yva.length,
					threads: c.pool.threads
				}
			}
		});
	}
	return out;
}
