#!/usr/bin/env node
// `tessera serve` under load (issue 14): autocannon on loopback against a server in a child
// process, bounded in time (about 4 × --duration seconds plus start-up).
//
//   npm run bench:serve, or node bench/serve.mjs [--duration 5] [--model file.tessera-model]
//
// Model: the gradient-boosted penguins classifier of e2e/fixtures (6 raw columns, a category
// recipe, 3 classes) unless --model names another file with the same columns. Cases:
//   single-row V2 infer requests at concurrency 1, 16 and 64 (requests/s = predictions/s,
//   p50/p99 latency as autocannon measures it, client side);
//   one 1,000-row V2 infer request at a time (rows/s, p50/p99 per request).
// The load generator runs on the same machine as the server (2 cores here): its own CPU use
// lowers the figures; they are what a client on loopback sees. Writes
// bench/results/serve-latest.json and prints a Markdown table. Exits 0 whatever the figures.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

export const SERVE_CASE = {
	id: 'serve',
	name: 'tessera serve: V2 infer on loopback (autocannon), gbdt penguins model',
	where: 'node',
	tool: null,
	target: '≥ 5,000 single-row predictions/s with p99 < 10 ms at concurrency 16'
};

function args(argv) {
	const opts = { duration: 5, model: path.join(root, 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model') };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--duration') opts.duration = Number(argv[++i]);
		else if (argv[i] === '--model') opts.model = argv[++i];
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	if (!(opts.duration > 0 && opts.duration <= 60)) throw new Error('--duration must be 1..60 seconds');
	return opts;
}

function startServer(model) {
	const child = spawn(process.execPath, [path.join(root, 'bin', 'tessera.mjs'), 'serve', model, '--name', 'm', '--port', '0'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start in 60 s: ${stderr}`)), 60_000);
		child.stderr.on('data', (d) => {
			stderr += d;
			const m = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
			if (m) {
				clearTimeout(timer);
				resolve({ child, url: m[1] });
			}
		});
		child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
	});
}

const ROW = {
	Island: 'Biscoe',
	'Beak Length (mm)': 45.1,
	'Beak Depth (mm)': 14.5,
	'Flipper Length (mm)': 215,
	'Body Mass (g)': 5000,
	Sex: 'FEMALE'
};
const ROWS = [ROW, { ...ROW, Island: 'Dream', 'Beak Length (mm)': 39, 'Body Mass (g)': 3700, Sex: 'MALE' }];

function v2Body(n) {
	const rows = Array.from({ length: n }, (_, i) => ROWS[i % ROWS.length]);
	return JSON.stringify({
		inputs: Object.keys(ROW).map((name) => ({
			name,
			shape: [n, 1],
			datatype: typeof ROW[name] === 'number' ? 'FP64' : 'BYTES',
			data: rows.map((r) => r[name])
		}))
	});
}

async function load(url, body, connections, duration) {
	// Loaded here, so that bench/cases.mjs can list this case without loading the load generator.
	const { default: autocannon } = await import('autocannon');
	const r = await autocannon({
		url: `${url}/v2/models/m/infer`,
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body,
		connections,
		duration
	});
	return {
		connections,
		requests: r.requests.total,
		requestsPerSecond: r.requests.average,
		p50ms: r.latency.p50,
		p99ms: r.latency.p99,
		non2xx: r.non2xx,
		errors: r.errors
	};
}

export async function runServeCase({ duration = 5, model, log = console.error } = {}) {
	const opts = { ...args([]), ...(model ? { model } : {}) };
	const { child, url } = await startServer(opts.model);
	try {
		// Warm-up: the first requests compile the scoring path.
		await load(url, v2Body(1), 4, 1);
		const single = [];
		for (const c of [1, 16, 64]) {
			log(`serve: single-row requests at concurrency ${c} for ${duration} s`);
			single.push(await load(url, v2Body(1), c, duration));
		}
		log(`serve: 1,000-row requests, one at a time, for ${duration} s`);
		const b = await load(url, v2Body(1000), 1, duration);
		const batch = { ...b, rowsPerSecond: b.requestsPerSecond * 1000 };
		const at16 = single.find((s) => s.connections === 16);
		const met = at16.requestsPerSecond >= 5000 && at16.p99ms < 10;
		return { id: SERVE_CASE.id, model: path.relative(root, opts.model), duration, single, batch, targetMet: met };
	} finally {
		child.kill('SIGTERM');
	}
}

/** One line for the suite's table: the single-row figures at each concurrency and the batch rate. */
export function serveNote(result) {
	const single = result.single.map(
		(s) => `c${s.connections}: ${Math.round(s.requestsPerSecond)} req/s, p50 ${s.p50ms} ms, p99 ${s.p99ms} ms`
	);
	return `${single.join('; ')}; 1,000-row requests: ${Math.round(result.batch.rowsPerSecond)} rows/s (p99 ${result.batch.p99ms} ms)`;
}

export function serveTable(result) {
	const lines = [
		`### ${SERVE_CASE.name}`,
		'',
		'| requests | concurrency | requests/s | rows/s | p50 ms | p99 ms | non-2xx |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
		...result.single.map(
			(s) =>
				`| 1 row | ${s.connections} | ${Math.round(s.requestsPerSecond)} | ${Math.round(s.requestsPerSecond)} | ${s.p50ms} | ${s.p99ms} | ${s.non2xx + s.errors} |`
		),
		`| 1,000 rows | 1 | ${result.batch.requestsPerSecond.toFixed(1)} | ${Math.round(result.batch.rowsPerSecond)} | ${result.batch.p50ms} | ${result.batch.p99ms} | ${result.batch.non2xx + result.batch.errors} |`,
		'',
		`Target (${SERVE_CASE.target}): ${result.targetMet ? 'met' : 'not met'}.`
	];
	return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const opts = args(process.argv.slice(2));
	const result = await runServeCase(opts);
	fs.mkdirSync(path.join(here, 'results'), { recursive: true });
	fs.writeFileSync(path.join(here, 'results', 'serve-latest.json'), JSON.stringify(result, null, 2) + '\n');
	console.log(serveTable(result));
}
