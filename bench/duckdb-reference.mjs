// DuckDB as a second reference for the import and profile cases (issue 19): the fastest CSV
// reader an analyst could pick instead of Tessera. A dev dependency used only here.
//
// import-csv: CREATE TABLE … AS SELECT * FROM read_csv(file) — the file parsed into DuckDB's
//             in-memory columns, with every core (and once with one thread, for the record).
// profile:    SUMMARIZE over that table — min, max, approximate distinct count, mean, standard
//             deviation, quartiles, count and missing share of every column; the nearest thing
//             DuckDB has to a profile (Tessera's also draws histograms and counts duplicates).
//
// Medians of `repeats` runs after a warm-up, like the other references. When the package is
// missing (an install without dev dependencies) the cases say so instead of failing the run.
import os from 'node:os';

/** Milliseconds of each run of `fn` after one warm-up, and their median. */
async function timed(fn, repeats) {
	await fn();
	const runs = [];
	for (let i = 0; i < repeats; i++) {
		const t0 = performance.now();
		await fn();
		runs.push(performance.now() - t0);
	}
	const sorted = [...runs].sort((a, b) => a - b);
	return { ms: sorted[Math.floor(sorted.length / 2)], runs };
}

/**
 * @param {{ file: string, repeats: number, cases: readonly ('import-csv' | 'profile')[], log: (s: string) => void }} opts
 * @returns {Promise<{ available: boolean, error?: string, cases: Record<string, { tool: string, ms: number, extra: object }> }>}
 */
export async function runDuckdbReference({ file, repeats, cases, log }) {
	let api;
	try {
		api = await import('@duckdb/node-api');
	} catch (e) {
		return { available: false, error: `@duckdb/node-api is not installed (${e?.message ?? e})`, cases: {} };
	}
	const threads = os.availableParallelism();
	const instance = await api.DuckDBInstance.create(':memory:', { threads: String(threads) });
	const db = await instance.connect();
	const version = (await db.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;
	// A file path in SQL: single quotes doubled.
	const source = `read_csv('${file.replaceAll("'", "''")}', header = true)`;
	const load = async () => {
		await db.run('DROP TABLE IF EXISTS t');
		await db.run(`CREATE TABLE t AS SELECT * FROM ${source}`);
	};
	const out = {};
	log(`duckdb ${version}: import-csv with ${threads} threads`);
	const all = await timed(load, repeats);
	const rows = Number((await db.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjects()[0].n);
	if (cases.includes('import-csv')) {
		await db.run('SET threads = 1');
		log('duckdb: import-csv with 1 thread');
		const one = await timed(load, repeats);
		await db.run(`SET threads = ${threads}`);
		out['import-csv'] = {
			tool: `DuckDB ${version} read_csv (${threads} threads)`,
			ms: all.ms,
			extra: { runs: all.runs, rows, threads, oneThreadMs: one.ms, oneThreadRuns: one.runs }
		};
	}
	if (cases.includes('profile')) {
		log('duckdb: profile (SUMMARIZE)');
		const summary = await timed(() => db.runAndReadAll('SUMMARIZE t'), repeats);
		out.profile = { tool: `DuckDB ${version} SUMMARIZE (${threads} threads)`, ms: summary.ms, extra: { runs: summary.runs, threads } };
	}
	db.closeSync();
	instance.closeSync();
	return { available: true, cases: out };
}
