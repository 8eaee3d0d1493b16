// Data drift (issue 15): 1,000,000 reference × 1,000,000 current rows × 20 columns, against
// Evidently's approach in pandas/scipy (bench/drift_reference.py).
//
// Protocol (both sides): the reference is the import table (bench/data.mjs: 17 numeric + 3
// categorical columns), the current rows the same generator with another seed and a shift on
// purpose (x1…x5 moved by 0.3 of their scale, the region mix skewed; ensureDriftData), read from
// CSV. With more than 1,000 reference rows Evidently's rule (and Tessera's `auto`) compares
// numbers by the Wasserstein distance over the reference standard deviation and categories by
// the Jensen–Shannon distance of their shares; every column is compared.
//   Tessera   `tessera drift ref.csv cur.csv --json` in this process (read both files, compare);
//             then in memory, frameDrift on the two frames: auto (median of 3), and
//             Kolmogorov–Smirnov on the 17 numeric columns (one run).
//   scipy     pandas read_csv of both files + the same tests column by column (scipy.stats.
//             wasserstein_distance / np.std, scipy.spatial.distance.jensenshannon on the shares
//             over both sides' levels); the tests alone; ks_2samp on the 17 numeric columns.
// Scores are compared too: the largest difference between Tessera's and scipy's per column.
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

export const DRIFT_CASE = {
	id: 'drift',
	name: 'Data drift: 1,000,000 reference × 1,000,000 current rows × 20 columns (17 numeric + 3 categorical), CSV → report',
	where: 'node',
	tool: "Evidently's tests in pandas/scipy: read_csv + wasserstein_distance / np.std, jensenshannon",
	target: 'time ≤ pandas/scipy'
};

const NUMERIC = Array.from({ length: 17 }, (_, j) => `x${j + 1}`);

let modules = null;
async function core() {
	if (modules) return modules;
	register();
	const [csv, drift, main] = await Promise.all([
		import('../src/lib/core/readers/csv.ts'),
		import('../src/lib/core/monitor/drift.ts'),
		import('../src/cli/main.ts')
	]);
	modules = { csv, drift, main };
	return modules;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * @param {{ reference: string, current: string, log: (s: string) => void }} opts
 * @returns {Promise<Partial<import('./cases.mjs').CaseResult> & { id: string }>}
 */
export async function runDriftCase({ reference, current, log }) {
	const c = await core();
	log('drift: tessera drift reference current --json');
	let stdout = '';
	let stderr = '';
	const t0 = performance.now();
	const code = await c.main.main(
		['drift', reference, current, '--json'],
		(s) => (stdout += s + '\n'),
		(s) => (stderr += s + '\n')
	);
	const cliMs = performance.now() - t0;
	if (code !== 0) throw new Error(`tessera drift exited ${code}: ${stderr.trim()}`);
	const cli = JSON.parse(stdout);
	log(`drift: CLI ${(cliMs / 1000).toFixed(2)} s; reading both files for the in-memory runs`);

	const read = (file) => c.csv.readCsvStream(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
	const t1 = performance.now();
	const ref = await read(reference);
	const cur = await read(current);
	const readMs = performance.now() - t1;
	const runs = [];
	let result = null;
	for (let i = 0; i < 3; i++) {
		const t = performance.now();
		result = c.drift.frameDrift(ref, cur, { test: 'auto' });
		runs.push(performance.now() - t);
	}
	const autoMs = median(runs);
	log(`drift: in memory, auto ${(autoMs / 1000).toFixed(2)} s (median of 3); Kolmogorov–Smirnov on ${NUMERIC.length} numeric columns`);
	const t2 = performance.now();
	const ks = c.drift.frameDrift(ref, cur, { test: 'ks', columns: NUMERIC });
	const ksMs = performance.now() - t2;
	const scores = (r) => Object.fromEntries(r.columns.map((d) => [d.column, { test: d.test, score: d.score, drifted: d.drifted }]));
	return {
		id: DRIFT_CASE.id,
		tessera: {
			ms: cliMs,
			extra: {
				rows: { reference: ref.rowCount, current: cur.rowCount },
				columns: result.columns.length,
				drifted: result.drifted,
				datasetDrift: result.datasetDrift,
				cliDrifted: cli.drifted,
				readMs,
				autoMs,
				autoRuns: runs,
				ksMs,
				ksDrifted: ks.drifted,
				scores: scores(result),
				ksScores: scores(ks)
			}
		}
	};
}

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** The largest |Tessera − scipy| over the columns both scored, or null. */
function maxDiff(ours, theirs) {
	if (!ours || !theirs) return null;
	let worst = 0;
	for (const [name, s] of Object.entries(ours)) {
		const t = theirs[name];
		if (t === undefined) return null;
		worst = Math.max(worst, Math.abs(s.score - t));
	}
	return worst;
}

export function driftNote(got, reference) {
	const t = got?.tessera?.extra;
	const r = reference?.extra;
	const parts = [];
	if (got?.note) parts.push(got.note);
	if (t)
		parts.push(
			`Tessera: ${t.drifted} of ${t.columns} columns drifted (dataset drift: ${t.datasetDrift ? 'yes' : 'no'}); CLI = read both CSVs + compare; in memory: read ${secs(t.readMs)}, auto tests ${secs(t.autoMs)}, KS on 17 numeric ${secs(t.ksMs)} (1 thread)`
		);
	if (r) {
		const d = maxDiff(t?.scores, r.scores);
		const k = maxDiff(t?.ksScores, r.ksPValues);
		parts.push(
			`scipy: read_csv ${secs(r.readMs)}, tests alone ${secs(r.testsMs)}, ks_2samp on 17 numeric ${secs(r.ksMs)} (scipy ${r.scipy})` +
				(d !== null ? `; scores differ from scipy's by at most ${d.toExponential(1)}` : '') +
				(k !== null ? `, KS p-values by ${k.toExponential(1)}` : '')
		);
	}
	return parts.join('; ');
}
