#!/usr/bin/env node
// Tessera benchmark suite: Tessera vs pandas / scikit-learn, side by side, on the same data.
//
//   npm run bench                      full suite (1M-row import, 1M × 20 correlation, 100k × 20 models)
//   npm run bench -- --quick           smoke run (100k / 100k / 20k rows), under 3 minutes
//   npm run bench -- --only logistic,cli-logistic --repeats 5
//   npm run bench -- --only batch-scoring   tessera predict on 1M rows vs scikit-learn (about 2 minutes)
//   npm run bench -- --only serve           tessera serve under autocannon on loopback (about half a minute)
//   npm run bench -- --only drift           tessera drift on 1M × 1M rows × 20 columns vs pandas/scipy (bench/results/drift.md)
//   npm run bench -- --only fingerprint     hashing 150 MB: SHA-256 fingerprints vs the FNV-1a cache key vs node:crypto (bench/results/fingerprint.md)
//
// Writes bench/results/latest.json and latest.md and prints the table. Exits 0 whatever the
// figures (the benchmark reports, it never fails on timing); 1 only when the harness breaks.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CASES, MLP_EPOCHS, TRAIN_FRACTION } from './cases.mjs';
import { ensureData, ensureDriftData } from './data.mjs';
import { machineInfo } from './machine.mjs';
import { runNodeCases } from './node-cases.mjs';
import { MLP_ZOO_EPOCHS, runZooCases, VALIDATION_CAP } from './zoo.mjs';
import { runScoringCase, scoringNote, SCORING_TRAIN_ROWS } from './scoring.mjs';
import { runServeCase, serveNote } from './serve.mjs';
import { driftNote, runDriftCase } from './drift.mjs';
import { runFingerprintCase } from './fingerprint.mjs';
import { runDuckdbReference } from './duckdb-reference.mjs';
import { judge, ratioOf, writeReport } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';
const INSTALL_HINT = 'reference not available: install with apt-get install -y python3-pandas python3-sklearn';

function parseArgs(argv) {
	const opts = { quick: false, only: null, repeats: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--quick') opts.quick = true;
		else if (a === '--only' || a.startsWith('--only='))
			opts.only = value()
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
		else if (a === '--repeats' || a.startsWith('--repeats=')) {
			opts.repeats = Number(value());
			if (!Number.isInteger(opts.repeats) || opts.repeats < 1) throw new Error('--repeats must be a positive integer');
		} else if (a === '--help' || a === '-h') {
			console.log('usage: npm run bench [-- --quick] [--only id,id] [--repeats N]\ncases: ' + CASES.map((c) => c.id).join(', '));
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	if (opts.only) {
		const known = new Set(CASES.map((c) => c.id));
		const bad = opts.only.filter((id) => !known.has(id));
		if (bad.length) throw new Error(`unknown case(s) ${bad.join(', ')}; known: ${[...known].join(', ')}`);
	}
	return opts;
}

/** Batch scoring trains on the first rows of the classify file (all of them in a --quick run's smaller file). */
const scoringTrainRows = (data) => Math.min(SCORING_TRAIN_ROWS, data.rows.classifyLarge);

/** Which reference.py case serves a Tessera case. */
const REFERENCE_OF = {
	'import-csv': 'import-csv',
	profile: 'profile',
	correlation: 'correlation',
	logistic: 'logistic',
	'cli-logistic': 'logistic',
	'mlp-auto': 'mlp',
	'mlp-wasm': 'mlp',
	'mlp-webgl': 'mlp',
	'mlp-webgpu': 'mlp',
	'mlp-cpu': 'mlp',
	'cli-profile': 'cli-profile'
};

function runReference(spec, log, script = 'reference.py') {
	return new Promise((resolve) => {
		if (!fs.existsSync(PYTHON)) {
			resolve({ available: false, error: `${PYTHON} not found` });
			return;
		}
		const child = spawn(PYTHON, [path.join(here, script)], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			for (const line of String(d).split('\n')) if (line.trim()) log(`  ${line.trim()}`);
		});
		child.on('error', (e) => resolve({ available: false, error: e.message }));
		child.on('close', (code) => {
			try {
				const out = JSON.parse(stdout);
				resolve(out);
			} catch {
				resolve({ available: false, error: `reference.py exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}` });
			}
		});
		child.stdin.end(JSON.stringify(spec));
	});
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const started = performance.now();
	const log = (s) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${s}`);
	const repeats = opts.repeats ?? (opts.quick ? 2 : 3);
	const epochs = opts.quick ? MLP_EPOCHS.quick : MLP_EPOCHS.full;
	const selected = CASES.filter((c) => !opts.only || opts.only.includes(c.id));
	const only = (id) => selected.some((c) => c.id === id);

	log(
		`Tessera benchmark (${opts.quick ? 'quick' : 'full'}), ${repeats} repeats after a warm-up, cases: ${selected.map((c) => c.id).join(', ')}`
	);
	const data = await ensureData({ quick: opts.quick, log });

	/** @type {Map<string, Partial<import('./cases.mjs').CaseResult>>} */
	const results = new Map();

	// Node (CLI) cases
	const nodeCases = selected.filter((c) => c.where === 'node');
	if (nodeCases.length) {
		for (const r of await runNodeCases({ dataFiles: data.files, repeats, only, log })) results.set(r.id, r);
		for (const r of await runZooCases({ dataFiles: data.files, rows: data.rows, repeats, trainFraction: TRAIN_FRACTION, only, log }))
			results.set(r.id, r);
		if (only('batch-scoring')) {
			try {
				results.set(
					'batch-scoring',
					await runScoringCase({ file: data.files.classifyLarge, dir: data.dir, trainRows: scoringTrainRows(data), log })
				);
			} catch (e) {
				results.set('batch-scoring', { id: 'batch-scoring', note: `failed: ${e?.message ?? e}` });
			}
		}
		// Hashing 150 MB (bench/fingerprint.mjs): in memory, no data files.
		if (only('fingerprint')) {
			try {
				results.set('fingerprint', await runFingerprintCase({ log, repeats }));
			} catch (e) {
				results.set('fingerprint', { id: 'fingerprint', note: `failed: ${e?.message ?? e}` });
			}
		}
		// tessera serve under autocannon (bench/serve.mjs): bounded by its duration per load level.
		if (only('serve')) {
			try {
				const r = await runServeCase({ duration: opts.quick ? 2 : 5, log });
				const at16 = r.single.find((x) => x.connections === 16);
				results.set('serve', { tessera: { ms: at16.p99ms, extra: r }, met: r.targetMet, note: serveNote(r) });
			} catch (e) {
				results.set('serve', { id: 'serve', note: `failed: ${e?.message ?? e}` });
			}
		}
	}

	// Data drift (bench/drift.mjs): the import file against a shifted copy made on first use.
	const driftData = only('drift') ? await ensureDriftData({ quick: opts.quick, log }) : null;
	if (driftData) {
		try {
			results.set('drift', await runDriftCase({ reference: data.files.import, current: driftData.file, log }));
		} catch (e) {
			results.set('drift', { id: 'drift', note: `failed: ${e?.message ?? e}` });
		}
	}

	// Browser cases, run by bench/browser.mjs against the production build
	const browserCases = selected.filter((c) => c.where === 'browser');
	let browserNote = null;
	if (browserCases.length) {
		const browserModule = path.join(here, 'browser.mjs');
		if (!fs.existsSync(browserModule)) {
			browserNote = 'not run: bench/browser.mjs is missing';
			log(browserNote);
		} else {
			try {
				const { ensureBuild } = await import(pathToFileURL(path.join(root, 'scripts', 'serve.mjs')).href);
				ensureBuild({ log });
				const { runBrowserCases } = await import(pathToFileURL(browserModule).href);
				const browserResults = await runBrowserCases({
					dataFiles: data.files,
					rows: data.rows,
					quick: opts.quick,
					repeats,
					epochs,
					trainFraction: TRAIN_FRACTION,
					only: (id) => browserCases.some((c) => c.id === id),
					log
				});
				for (const r of browserResults ?? []) if (r && r.id) results.set(r.id, r);
			} catch (e) {
				browserNote = `not run: browser side failed (${e?.message ?? e})`;
				log(browserNote);
				if (e?.stack) console.error(e.stack);
			}
		}
	}

	// Reference side
	const refCases = [...new Set(selected.map((c) => REFERENCE_OF[c.id]).filter(Boolean))];
	let reference = { available: false, cases: {} };
	let referenceNote = null;
	if (refCases.length) {
		log(`reference (${PYTHON}): ${refCases.join(', ')}`);
		reference = await runReference({ files: data.files, epochs, repeats, trainFraction: TRAIN_FRACTION, cases: refCases }, log);
		if (!reference.available) {
			referenceNote = `${INSTALL_HINT} (${reference.error ?? 'unknown error'})`;
			log(referenceNote);
		}
	}

	// DuckDB, the second reference for reading and profiling the import file (bench/duckdb-reference.mjs).
	const duckCases = ['import-csv', 'profile'].filter((id) => only(id));
	let duck = { available: false, cases: {} };
	if (duckCases.length) {
		try {
			duck = await runDuckdbReference({ file: data.files.import, repeats, cases: duckCases, log });
		} catch (e) {
			duck = { available: false, error: e?.message ?? String(e), cases: {} };
		}
		if (!duck.available) log(`duckdb reference not run: ${duck.error}`);
	}

	// The model zoo's scikit-learn side runs in its own script; its figures join each case.
	const zooIds = selected.filter((c) => c.id.startsWith('train-')).map((c) => c.id);
	if (zooIds.length) {
		log(`zoo reference (${PYTHON}): ${zooIds.length} cases`);
		const zooRef = await runReference(
			{
				files: data.files,
				rows: data.rows.classifyLarge,
				repeats,
				mlpEpochs: MLP_ZOO_EPOCHS,
				trainFraction: TRAIN_FRACTION,
				validationCap: VALIDATION_CAP,
				cases: zooIds
			},
			log,
			'zoo_reference.py'
		);
		for (const id of zooIds) {
			const ref = zooRef.available ? zooRef.cases?.[id] : null;
			if (ref) results.set(id, { ...(results.get(id) ?? {}), reference: { ...ref, tool: CASES.find((c) => c.id === id).tool } });
		}
		if (!zooRef.available) referenceNote ??= `${INSTALL_HINT} (${zooRef.error ?? 'unknown error'})`;
	}

	// Batch scoring's scikit-learn side (bench/scoring_reference.py) retrains on the same rows and scores the same file.
	if (only('batch-scoring')) {
		log(`scoring reference (${PYTHON})`);
		const ref = await runReference({ file: data.files.classifyLarge, trainRows: scoringTrainRows(data) }, log, 'scoring_reference.py');
		const got = results.get('batch-scoring') ?? { id: 'batch-scoring' };
		const reference = ref.available ? ref.cases?.['batch-scoring'] : null;
		results.set('batch-scoring', { ...got, ...(reference ? { reference } : {}), note: scoringNote(got, reference) });
		if (!ref.available) referenceNote ??= `${INSTALL_HINT} (${ref.error ?? 'unknown error'})`;
	}

	// Drift's pandas/scipy side (bench/drift_reference.py) reads the same two files and runs Evidently's tests.
	if (driftData) {
		log(`drift reference (${PYTHON})`);
		const ref = await runReference({ reference: data.files.import, current: driftData.file }, log, 'drift_reference.py');
		const got = results.get('drift') ?? { id: 'drift' };
		const reference = ref.available ? ref.cases?.drift : null;
		results.set('drift', { ...got, ...(reference ? { reference } : {}), note: driftNote(got, reference) });
		if (!ref.available) referenceNote ??= `${INSTALL_HINT} (${ref.error ?? 'unknown error'})`;
	}

	// Merge by case id, in the order of CASES
	const cases = selected.map((def) => {
		const got = results.get(def.id) ?? {};
		const refKey = REFERENCE_OF[def.id];
		const pyRef = reference.available && refKey ? reference.cases?.[refKey] : null;
		/** @type {import('./cases.mjs').CaseResult & { ratio?: number|null }} */
		const r = {
			id: def.id,
			name: got.name ?? def.name,
			where: def.where,
			backend: got.backend ?? def.backend,
			tessera: got.tessera ?? null,
			reference: got.reference ?? (pyRef ? { ...pyRef, tool: pyRef.tool ?? def.tool } : null),
			...(duck.cases[def.id] ? { secondReference: duck.cases[def.id] } : {}),
			target: got.target ?? def.target,
			met: got.met ?? null,
			note: got.note ?? (got.tessera ? undefined : def.where === 'browser' ? (browserNote ?? 'not run') : 'not run')
		};
		// persistence is compared with re-parsing the same CSV in the same browser
		const reparseMs = /** @type {any} */ (r.tessera?.extra)?.reparseMs;
		if (!r.reference && def.id.startsWith('persist-') && typeof reparseMs === 'number')
			r.reference = { tool: 'tessera re-parse', ms: reparseMs };
		if (!r.reference && refKey && !reference.available && r.tessera)
			r.note = [r.note, 'reference not available'].filter(Boolean).join('; ');
		r.ratio = ratioOf(r);
		r.met = judge(r);
		return r;
	});

	const backends = [...new Set(cases.filter((c) => c.id.startsWith('mlp-') && c.tessera).map((c) => c.backend))];
	const doc = {
		mode: opts.quick ? 'quick' : 'full',
		repeats,
		epochs,
		rows: data.rows,
		trainFraction: TRAIN_FRACTION,
		machine: machineInfo({ reference: reference.available ? reference : null, backends }),
		referenceNote,
		cases,
		elapsedSeconds: Math.round((performance.now() - started) / 100) / 10
	};
	const md = await writeReport(doc);
	console.log('\n' + md);
	log(`done; wrote bench/results/latest.json and latest.md`);
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(`bench: ${e?.stack ?? e}`);
		process.exit(1);
	}
);
