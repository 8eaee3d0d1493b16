#!/usr/bin/env node
// Makes the Monitoring page's fixture with the real server: `node scripts/make-capture-fixture.mjs`
// writes e2e/fixtures/monitoring/{capture-1.ndjson, capture-2.ndjson, labels.csv}.
//
//   1. starts `tessera serve --capture <tmp> --capture-sample 1` on
//      e2e/fixtures/penguins-gbdt.v1.tessera-model at 127.0.0.1 (a free port);
//   2. sends 8 simulated hours of penguins rows (static/samples/penguins.csv, drawn with a fixed
//      seed), 64 rows an hour in MLflow `dataframe_split` requests of 1–4 rows, each row with a
//      `row_id` column the model does not use (the capture records it, so labels can be joined);
//      in the last 3 hours "Beak Length (mm)" is shifted by +10 mm on purpose;
//   3. stops the server, then REWRITES each record's `time` to its simulated time (the server
//      stamps the wall clock; the requests were sent in a few seconds) — the only field changed:
//      latencies, inputs and outputs are the server's own;
//   4. splits the records into two files at the 4th hour, as a rotated capture would be, and
//      writes labels.csv (row_id, Species) for 4 rows in 5 — labels arrive for some rows only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'e2e/fixtures/monitoring');
const MODEL = path.join(root, 'e2e/fixtures/penguins-gbdt.v1.tessera-model');
const START = Date.parse('2026-11-02T08:00:00Z');
const HOURS = 8;
const ROWS_PER_HOUR = 64;
const SHIFTED = 'Beak Length (mm)';
const SHIFT = 10;
const SHIFT_FROM_HOUR = 5;

/** mulberry32: a fixed sequence, so the fixture is the same on every run. */
function random(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

const [header, ...lines] = readFileSync(path.join(root, 'static/samples/penguins.csv'), 'utf8').trim().split(/\r?\n/);
const names = header.split(',');
const target = names.indexOf('Species');
const inputs = names.filter((_, i) => i !== target);
const rows = lines.map((l) => l.split(','));
const cell = (name, v) => {
	if (v === '' || v === 'NA') return null;
	return name === 'Island' || name === 'Sex' ? v : Number(v);
};

const port = await freePort();
const captureDir = mkdtempSync(path.join(tmpdir(), 'tessera-capture-'));
const server = spawn(
	process.execPath,
	[
		path.join(root, 'bin/tessera.mjs'),
		'serve',
		MODEL,
		'--host',
		'127.0.0.1',
		'--port',
		String(port),
		'--capture',
		captureDir,
		'--capture-sample',
		'1'
	],
	{ stdio: ['ignore', 'inherit', 'inherit'] }
);
const base = `http://127.0.0.1:${port}`;
// A failure below must not leave the server running.
process.on('exit', () => server.kill('SIGTERM'));
for (let i = 0; ; i++) {
	try {
		if ((await fetch(`${base}/ping`)).ok) break;
	} catch {
		// not listening yet
	}
	if (i > 300) throw new Error('tessera serve did not start');
	await new Promise((r) => setTimeout(r, 100));
}

const draw = random(15);
const sent = []; // per request: simulated time
const labels = [];
let id = 0;
for (let hour = 0; hour < HOURS; hour++) {
	let left = ROWS_PER_HOUR;
	let at = 0;
	while (left > 0) {
		const size = Math.min(left, 1 + Math.floor(draw() * 4));
		left -= size;
		const data = [];
		for (let k = 0; k < size; k++) {
			const row = rows[Math.floor(draw() * rows.length)];
			const rowId = `r${String(++id).padStart(4, '0')}`;
			const values = inputs.map((name) => {
				const v = cell(name, row[names.indexOf(name)]);
				return name === SHIFTED && hour >= SHIFT_FROM_HOUR && v !== null ? Math.round((v + SHIFT) * 10) / 10 : v;
			});
			data.push([...values, rowId]);
			if (id % 5 !== 0) labels.push([rowId, row[target]]);
		}
		const response = await fetch(`${base}/invocations`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ dataframe_split: { columns: [...inputs, 'row_id'], data } })
		});
		if (!response.ok) throw new Error(`request failed: ${response.status} ${await response.text()}`);
		// Requests spread over the hour, in order.
		at += Math.floor(draw() * ((3600_000 * 2 * size) / ROWS_PER_HOUR));
		sent.push(START + hour * 3600_000 + Math.min(at, 3600_000 - 1000));
	}
}
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));

const records = readdirSync(captureDir)
	.sort()
	.flatMap((f) => readFileSync(path.join(captureDir, f), 'utf8').trim().split('\n'))
	.map((l) => JSON.parse(l));
if (records.length !== sent.length) throw new Error(`${records.length} records captured for ${sent.length} requests`);
records.forEach((r, i) => (r.time = new Date(sent[i]).toISOString()));
const split = records.findIndex((r) => Date.parse(r.time) >= START + 4 * 3600_000);
mkdirSync(out, { recursive: true });
const ndjson = (list) => list.map((r) => JSON.stringify(r)).join('\n') + '\n';
writeFileSync(path.join(out, 'capture-1.ndjson'), ndjson(records.slice(0, split)));
writeFileSync(path.join(out, 'capture-2.ndjson'), ndjson(records.slice(split)));
writeFileSync(path.join(out, 'labels.csv'), ['row_id,Species', ...labels.map((l) => l.join(','))].join('\n') + '\n');
rmSync(captureDir, { recursive: true, force: true });
console.log(`${records.length} requests, ${id} rows, ${labels.length} labels → ${path.relative(root, out)}`);
