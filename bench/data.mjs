// Deterministic benchmark data. Generated once into bench/.data/ and reused while the
// manifest (generator version + parameters) matches, so nothing large is committed.
//
//   import   N × 20: 17 numeric with 1–4 decimals, 3 categorical (5, 50 and 12 levels);
//            about 150 MB at a million rows, the size issue 4 names
//   corr     N × 20 correlated numeric columns
//   classify N × 20 numeric features + `label` (binary, planted logistic model + noise);
//            classifyLarge is the same generator at the model zoo's large size (its first
//            rows equal the classify file's)
//
// Validation protocol for `classify`: the first TRAIN_FRACTION of rows train, the rest
// validate — the same split on every side.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');
const GENERATOR_VERSION = 3;

export const SIZES = {
	full: { import: 1_000_000, corr: 1_000_000, classify: 100_000, classifyLarge: 1_000_000 },
	quick: { import: 100_000, corr: 100_000, classify: 20_000, classifyLarge: 50_000 }
};

/** mulberry32: a tiny, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Standard normal draws (Box–Muller) from a uniform generator. */
function gaussian(rand) {
	let spare = null;
	return function normal() {
		if (spare !== null) {
			const s = spare;
			spare = null;
			return s;
		}
		let u = 0;
		while (u === 0) u = rand();
		const v = rand();
		const r = Math.sqrt(-2 * Math.log(u));
		spare = r * Math.sin(2 * Math.PI * v);
		return r * Math.cos(2 * Math.PI * v);
	};
}

const CHUNK_ROWS = 20_000;

/** Writes header + rows produced by `row(i)` in big string chunks through a write stream. */
async function writeCsv(file, header, rows, row) {
	const tmp = file + '.tmp';
	const out = fs.createWriteStream(tmp, { highWaterMark: 1 << 22 });
	const write = (s) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)));
	await write(header.join(',') + '\n');
	for (let start = 0; start < rows; start += CHUNK_ROWS) {
		const end = Math.min(rows, start + CHUNK_ROWS);
		const lines = new Array(end - start);
		for (let i = start; i < end; i++) lines[i - start] = row(i);
		await write(lines.join('\n') + '\n');
	}
	await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
	await fsp.rename(tmp, file);
}

const LEVELS5 = ['north', 'south', 'east', 'west', 'central'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const LEVELS50 = Array.from({ length: 50 }, (_, i) => `store_${String(i + 1).padStart(2, '0')}`);

/**
 * The import table. The drift benchmark's current rows are the same generator with another
 * `seed` and a `shift`: `numeric` moves x1…x(numeric) by `by` of their scale, `region` draws
 * its first level that much more often (so those columns drift and the others do not).
 */
async function genImport(file, rows, { seed = 0x1a2b3c, shift = null } = {}) {
	const rand = mulberry32(seed);
	const normal = gaussian(rand);
	const NUMERIC = 17;
	const header = [...Array.from({ length: NUMERIC }, (_, j) => `x${j + 1}`), 'region', 'store', 'month'];
	// column j: decimals 1..4, varied scales and offsets so the numbers look like real measurements
	const decimals = Array.from({ length: NUMERIC }, (_, j) => 1 + (j % 4));
	const baseScale = [1, 10, 100, 0.5, 1000, 3, 25, 0.1, 50, 7];
	const baseOffset = [0, 50, -200, 1, 5000, 10, 0, 0.5, 100, -3];
	const scale = Array.from({ length: NUMERIC }, (_, j) => baseScale[j % 10] * (j < 10 ? 1 : 2));
	const offset = Array.from(
		{ length: NUMERIC },
		(_, j) => baseOffset[j % 10] + (j < 10 ? 0 : 1) + (shift && j < shift.numeric ? shift.by * baseScale[j % 10] * (j < 10 ? 1 : 2) : 0)
	);
	await writeCsv(file, header, rows, () => {
		const cells = new Array(NUMERIC + 3);
		for (let j = 0; j < NUMERIC; j++) cells[j] = (offset[j] + scale[j] * normal()).toFixed(decimals[j]);
		const r = rand();
		cells[NUMERIC] = shift?.region && r < shift.by ? LEVELS5[0] : LEVELS5[Math.floor(r * 5)];
		// skewed over 50 levels
		cells[NUMERIC + 1] = LEVELS50[Math.floor(50 * rand() * rand())];
		cells[NUMERIC + 2] = MONTHS[Math.floor(rand() * 12)];
		return cells.join(',');
	});
}

async function genCorr(file, rows) {
	const rand = mulberry32(0xc0441);
	const normal = gaussian(rand);
	const k = 4; // latent factors
	const load = Array.from({ length: 20 }, () => Array.from({ length: k }, () => rand() * 2 - 1));
	const header = Array.from({ length: 20 }, (_, j) => `v${j + 1}`);
	const f = new Float64Array(k);
	await writeCsv(file, header, rows, () => {
		for (let t = 0; t < k; t++) f[t] = normal();
		const cells = new Array(20);
		for (let j = 0; j < 20; j++) {
			let x = normal() * 0.8;
			for (let t = 0; t < k; t++) x += load[j][t] * f[t];
			cells[j] = x.toFixed(4);
		}
		return cells.join(',');
	});
}

async function genClassify(file, rows) {
	const rand = mulberry32(0x5eed);
	const normal = gaussian(rand);
	const p = 20;
	// planted model: a few strong, several weak, some irrelevant features
	const w = Array.from({ length: p }, (_, j) => (j < 5 ? 1.6 : j < 12 ? 0.5 : 0) * (j % 2 ? -1 : 1));
	const b = 0.3;
	const header = [...Array.from({ length: p }, (_, j) => `f${j + 1}`), 'label'];
	await writeCsv(file, header, rows, () => {
		const cells = new Array(p + 1);
		let z = b;
		for (let j = 0; j < p; j++) {
			const x = Math.round(normal() * 1000) / 1000;
			z += w[j] * x;
			cells[j] = x.toFixed(3);
		}
		// a little curvature the linear model cannot see, so the MLP has something to find
		const x0 = Number(cells[0]);
		const x1 = Number(cells[1]);
		z += 0.5 * x0 * x1;
		cells[p] = rand() < 1 / (1 + Math.exp(-z)) ? '1' : '0';
		return cells.join(',');
	});
}

/**
 * Makes sure the data for `quick` or full runs exists; regenerates a file only when it is
 * missing or was generated with other parameters.
 * @param {{ quick?: boolean, log?: (s: string) => void }} [opts]
 * @returns {Promise<{ dir: string, files: { import: string, corr: string, classify: string, classifyLarge: string }, rows: { import: number, corr: number, classify: number, classifyLarge: number } }>}
 */
export async function ensureData({ quick = false, log = () => {} } = {}) {
	const sizes = quick ? SIZES.quick : SIZES.full;
	await fsp.mkdir(DATA_DIR, { recursive: true });
	const manifestFile = path.join(DATA_DIR, 'manifest.json');
	let manifest = {};
	try {
		manifest = JSON.parse(await fsp.readFile(manifestFile, 'utf8'));
	} catch {
		manifest = {};
	}
	const gens = { import: genImport, corr: genCorr, classify: genClassify, classifyLarge: genClassify };
	const files = {};
	for (const kind of /** @type {const} */ (['import', 'corr', 'classify', 'classifyLarge'])) {
		const rows = sizes[kind];
		const name = `${kind === 'classifyLarge' ? 'classify' : kind}-${rows}.csv`;
		const file = path.join(DATA_DIR, name);
		files[kind] = file;
		const entry = manifest[name];
		const stat = fs.existsSync(file) ? fs.statSync(file) : null;
		if (entry && stat && entry.version === GENERATOR_VERSION && entry.rows === rows && entry.bytes === stat.size) continue;
		const t0 = performance.now();
		log(`generating ${name} (${rows.toLocaleString('en-US')} rows)…`);
		await gens[kind](file, rows);
		manifest[name] = { version: GENERATOR_VERSION, rows, bytes: fs.statSync(file).size };
		await fsp.writeFile(manifestFile, JSON.stringify(manifest, null, 2));
		log(`  ${name}: ${(manifest[name].bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	}
	return { dir: DATA_DIR, files: /** @type {any} */ (files), rows: { ...sizes } };
}

/** The drift benchmark's shift: 5 of 17 numeric columns by 0.3 of their scale, and the region mix. */
export const DRIFT_SHIFT = { numeric: 5, by: 0.3, region: true };
const DRIFT_SEED = 0xd21f7;

/**
 * The drift benchmark's current rows (bench/drift.mjs): the import table's generator with
 * another seed and DRIFT_SHIFT, as many rows as the import file; made on first use only.
 * @param {{ quick?: boolean, log?: (s: string) => void }} [opts]
 */
export async function ensureDriftData({ quick = false, log = () => {} } = {}) {
	const rows = (quick ? SIZES.quick : SIZES.full).import;
	const name = `import-drift-${rows}.csv`;
	const file = path.join(DATA_DIR, name);
	const manifestFile = path.join(DATA_DIR, 'manifest.json');
	let manifest = {};
	try {
		manifest = JSON.parse(await fsp.readFile(manifestFile, 'utf8'));
	} catch {
		manifest = {};
	}
	const entry = manifest[name];
	const stat = fs.existsSync(file) ? fs.statSync(file) : null;
	const params = JSON.stringify(DRIFT_SHIFT);
	if (entry && stat && entry.version === GENERATOR_VERSION && entry.rows === rows && entry.bytes === stat.size && entry.shift === params)
		return { file, rows };
	const t0 = performance.now();
	log(`generating ${name} (${rows.toLocaleString('en-US')} rows, shifted)…`);
	await genImport(file, rows, { seed: DRIFT_SEED, shift: DRIFT_SHIFT });
	manifest[name] = { version: GENERATOR_VERSION, rows, bytes: fs.statSync(file).size, shift: params };
	await fsp.writeFile(manifestFile, JSON.stringify(manifest, null, 2));
	log(`  ${name}: ${(manifest[name].bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return { file, rows };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const quick = process.argv.includes('--quick');
	const d = await ensureData({ quick, log: console.log });
	console.log(JSON.stringify(d, null, 2));
}
