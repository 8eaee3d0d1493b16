/**
 * `tessera serve` over real HTTP on 127.0.0.1: V2 and MLflow answers equal `tessera predict`
 * on the same rows; bad requests get 4xx with messages and the server keeps answering;
 * /metrics adds up; capture files rotate; a registry swap under load loses no request.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry, sampleText } from '../../lib/core/nodes/test-kit';
import { main } from '../main';
import { buildApp, type ServeApp } from './app';
import { Capture } from './capture';
import { Catalog, loadFiles, loadRegistry, REGISTRY_INDEX, watchRegistry } from './models';

const MODEL = join(__dirname, '..', '..', '..', 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model');
const dir = mkdtempSync(join(tmpdir(), 'tessera-serve-'));
const FEATURES = ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];
const NUMBERS = new Set(FEATURES.slice(1, 5));

/** Penguin rows without the target (some with missing cells), as CSV text and as cells. */
const lines = sampleText('penguins').trimEnd().split(/\r?\n/);
const header = lines[0].split(',');
const rows = lines.slice(1, 81).map((l) => l.split(','));
const cells = rows.map((r) => FEATURES.map((f) => r[header.indexOf(f)]));
const csv = [FEATURES.join(','), ...cells.map((r) => r.join(','))].join('\n') + '\n';

/** A JSON value for a cell: numbers as numbers, missing as null (the V2 way). */
const typed = (feature: string, cell: string) => (cell === '' || cell === 'NA' ? null : NUMBERS.has(feature) ? Number(cell) : cell);

function v2Body(from: number, to: number, id?: string) {
	return {
		...(id ? { id } : {}),
		inputs: FEATURES.map((f, k) => ({
			name: f,
			shape: [to - from, 1],
			datatype: NUMBERS.has(f) ? 'FP64' : 'BYTES',
			data: cells.slice(from, to).map((r) => typed(f, r[k]))
		}))
	};
}

interface Expected {
	labels: string[];
	proba: number[][];
}
let expected: Expected;
let served: ServeApp;
let base: string;
let catalog: Catalog;

async function post(path: string, body: unknown, type = 'application/json') {
	const res = await fetch(base + path, {
		method: 'POST',
		headers: { 'content-type': type },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await res.text();
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text);
	} catch {
		/* not JSON: the test says what it expects */
	}
	return { status: res.status, json, text };
}

beforeAll(async () => {
	// What `tessera predict` says about these rows.
	const data = join(dir, 'rows.csv');
	writeFileSync(data, csv);
	let stdout = '';
	expect(
		await main(
			['predict', MODEL, data, '--proba'],
			(s) => (stdout += s + '\n'),
			() => {}
		)
	).toBe(0);
	const out = stdout
		.trimEnd()
		.split('\n')
		.slice(1)
		.map((l) => l.split(','));
	expect(out.every((r) => r[5] === '')).toBe(true);
	expected = { labels: out.map((r) => r[1]), proba: out.map((r) => r.slice(2, 5).map(Number)) };

	catalog = new Catalog();
	catalog.replace(await loadFiles([MODEL], ['penguins'], { driftWindow: 50 }));
	served = buildApp({ catalog, registry, defaultMetrics: false, limits: { maxBody: 64 * 1024, maxBatch: 200 } });
	base = await served.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
	await served?.app.close();
});

describe('tessera serve', () => {
	it('V2: health, server and model metadata, readiness, unknown model 404', async () => {
		expect((await fetch(`${base}/v2/health/live`)).status).toBe(200);
		expect(await (await fetch(`${base}/v2/health/ready`)).json()).toEqual({ ready: true });
		expect(await (await fetch(`${base}/v2`)).json()).toMatchObject({ name: 'tessera', extensions: [] });
		const meta = await (await fetch(`${base}/v2/models/penguins`)).json();
		expect(meta).toMatchObject({ name: 'penguins', versions: ['1'], platform: 'tessera' });
		expect(meta.inputs.map((i: { name: string }) => i.name)).toEqual(FEATURES);
		expect(await (await fetch(`${base}/v2/models/penguins/versions/1`)).json()).toEqual(meta);
		expect((await fetch(`${base}/v2/models/penguins/ready`)).status).toBe(200);
		expect((await fetch(`${base}/v2/models/penguins/versions/1/ready`)).status).toBe(200);
		const missing = await fetch(`${base}/v2/models/nope/ready`);
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ error: 'model "nope" is not served here (models: "penguins")' });
		expect((await fetch(`${base}/v2/models/penguins/versions/9`)).status).toBe(404);
		expect((await fetch(`${base}/ping`)).status).toBe(200);
		expect((await fetch(`${base}/health`)).status).toBe(200);
	});

	it('V2 infer scores as tessera predict does, bit for bit, and echoes the id', async () => {
		const res = await post('/v2/models/penguins/infer', v2Body(0, rows.length, 'req-1'));
		expect(res.status).toBe(200);
		const { outputs, ...rest } = res.json as { outputs: { name: string; shape: number[]; data: unknown[] }[] };
		expect(rest).toEqual({ model_name: 'penguins', model_version: '1', id: 'req-1' });
		expect(outputs[0]).toMatchObject({ name: 'label', datatype: 'BYTES', shape: [rows.length], data: expected.labels });
		expect(outputs[1]).toMatchObject({ name: 'probabilities', datatype: 'FP64', shape: [rows.length, 3], data: expected.proba.flat() });
		const versioned = await post('/v2/models/penguins/versions/1/infer', { ...v2Body(3, 4), outputs: [{ name: 'label' }] });
		expect(versioned.json.outputs).toEqual([{ name: 'label', datatype: 'BYTES', shape: [1], data: [expected.labels[3]] }]);
	});

	it('MLflow /invocations scores as tessera predict does, from every input layout and from CSV', async () => {
		const split = { dataframe_split: { columns: FEATURES, data: cells } };
		expect((await post('/invocations', split)).json).toEqual({ predictions: expected.labels });
		const records = cells.map((r) => Object.fromEntries(FEATURES.map((f, k) => [f, typed(f, r[k])])));
		expect((await post('/invocations', { dataframe_records: records })).json).toEqual({ predictions: expected.labels });
		expect((await post('/invocations', { instances: records })).json).toEqual({ predictions: expected.labels });
		expect((await post('/invocations', csv, 'text/csv')).json).toEqual({ predictions: expected.labels });
		const proba = (await post('/invocations', { ...split, params: { proba: true } })).json.predictions as Record<string, unknown>[];
		expect(proba[0]).toEqual({
			prediction: expected.labels[0],
			'p(Adelie)': expected.proba[0][0],
			'p(Chinstrap)': expected.proba[0][1],
			'p(Gentoo)': expected.proba[0][2]
		});
		expect(proba.map((p) => p['p(Gentoo)'])).toEqual(expected.proba.map((p) => p[2]));
	});

	it('answers bad requests with 4xx and a message, and keeps answering good ones', async () => {
		const good = async () => {
			const res = await post('/v2/models/penguins/infer', v2Body(0, 2));
			expect(res.status).toBe(200);
		};
		const bad: [string, unknown, string, number, RegExp | string][] = [
			['/v2/models/penguins/infer', '{"inputs": [', 'application/json', 400, /not valid JSON/],
			['/invocations', '{"dataframe_split": ', 'application/json', 400, /not valid JSON/],
			[
				'/v2/models/penguins/infer',
				{ inputs: [{ name: 'Island', shape: [1] }] },
				'application/json',
				400,
				/invalid request: body\/inputs\/0 must have required property/
			],
			[
				'/v2/models/penguins/infer',
				{ inputs: v2Body(0, 2).inputs.filter((i) => i.name !== 'Sex') },
				'application/json',
				400,
				'column "Sex" is missing: the model needs it'
			],
			[
				'/v2/models/penguins/infer',
				{ inputs: v2Body(0, 2).inputs.map((i) => (i.name === 'Body Mass (g)' ? { ...i, data: [3750, 'heavy'] } : i)) },
				'application/json',
				400,
				'row 2, input "Body Mass (g)" (FP64): "heavy" is not a number'
			],
			[
				'/invocations',
				{ dataframe_split: { columns: FEATURES, data: [cells[0], cells[1].map((c, k) => (k === 4 ? 'heavy' : c))] } },
				'application/json',
				400,
				'row 2: Body Mass (g): "heavy" is not a number'
			],
			[
				'/invocations',
				{ dataframe_split: { columns: FEATURES.slice(1), data: [cells[0].slice(1)] } },
				'application/json',
				400,
				'column "Island" is missing: the model needs it'
			],
			['/invocations', '{"dataframe_records": [{"Body Mass (g)": 1e999}]}', 'application/json', 400, /column "Island" is missing/],
			['/invocations', { columns: FEATURES, data: cells.slice(0, 1) }, 'application/json', 400, /exactly one of the input fields/],
			['/invocations', 'a,b\n"unterminated', 'text/csv', 400, /CSV body cannot be read|missing/],
			['/invocations', '<rows/>', 'application/xml', 415, /Unsupported Media Type/],
			['/v2/models/penguins/infer', 'x'.repeat(70 * 1024), 'application/json', 413, /Request body is too large/],
			[
				'/v2/models/penguins/infer',
				v2Body(0, rows.length).inputs.length && {
					inputs: FEATURES.map((f) => ({
						name: f,
						shape: [201],
						datatype: NUMBERS.has(f) ? 'FP64' : 'BYTES',
						data: new Array(201).fill(null)
					}))
				},
				'application/json',
				413,
				/at most 200 per request/
			],
			['/v2/models/unknown/infer', v2Body(0, 1), 'application/json', 404, /not served here/],
			['/v2/models/penguins/nothing', {}, 'application/json', 404, /no such endpoint/]
		];
		for (const [path, body, type, status, pattern] of bad) {
			const res = await post(path, body, type);
			expect({ path, status: res.status }).toEqual({ path, status });
			const message = path.startsWith('/invocations') ? res.json.message : res.json.error;
			if (path.startsWith('/invocations')) expect(res.json.error_code).toBe(status === 413 ? 'REQUEST_LIMIT_EXCEEDED' : 'BAD_REQUEST');
			if (typeof pattern === 'string') expect(message).toBe(pattern);
			else expect(message).toMatch(pattern);
			await good();
		}
	});

	it('/metrics parses as Prometheus text and its counters add up', async () => {
		const parse = async () => {
			const res = await fetch(`${base}/metrics`);
			expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
			const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
			for (const line of (await res.text()).split('\n')) {
				if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
				const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
				expect(m, line).not.toBeNull();
				const labels = Object.fromEntries([...(m![2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
				samples.push({ name: m![1], labels, value: Number(m![3]) });
			}
			return samples;
		};
		const sum = (s: { value: number }[]) => s.reduce((a, b) => a + b.value, 0);
		const before = await parse();
		const requestsBefore = sum(before.filter((s) => s.name === 'tessera_requests_total'));
		const rowsBefore = sum(before.filter((s) => s.name === 'tessera_rows_scored_total'));
		for (let i = 0; i < 5; i++) expect((await post('/v2/models/penguins/infer', v2Body(i, i + 3))).status).toBe(200);
		expect((await post('/invocations', { dataframe_split: { columns: FEATURES, data: cells.slice(0, 4) } })).status).toBe(200);
		expect((await post('/invocations', { instances: cells.slice(0, 1) })).status).toBe(200);
		// 7 scoring requests and the first scrape itself, answered before the next scrape starts.
		let after = await parse();
		for (let tries = 0; tries < 20 && sum(after.filter((s) => s.name === 'tessera_requests_total')) < requestsBefore + 8; tries++)
			after = await parse();
		const requests = after.filter((s) => s.name === 'tessera_requests_total');
		expect(sum(requests) - requestsBefore).toBe(8);
		const rowsScored = sum(after.filter((s) => s.name === 'tessera_rows_scored_total'));
		expect(rowsScored - rowsBefore).toBe(5 * 3 + 4 + 1);
		// Every scored row has one predicted class; every answered request one duration observation.
		expect(sum(after.filter((s) => s.name === 'tessera_predictions_total'))).toBe(rowsScored);
		for (const r of requests) {
			const count = after.find(
				(s) => s.name === 'tessera_request_duration_seconds_count' && JSON.stringify(s.labels) === JSON.stringify(r.labels)
			);
			expect(count?.value, JSON.stringify(r.labels)).toBe(r.value);
		}
		const infer = requests.find((s) => s.labels.endpoint === '/v2/models/:name/infer' && s.labels.code === '200');
		expect(infer?.labels).toEqual({ model: 'penguins', version: '1', endpoint: '/v2/models/:name/infer', code: '200' });
		expect(requests.some((s) => s.labels.code === '400')).toBe(true);
		const classes = after.filter((s) => s.name === 'tessera_predictions_total').map((s) => s.labels.class);
		expect(new Set(classes)).toEqual(new Set(['Adelie', 'Chinstrap', 'Gentoo'].filter((c) => classes.includes(c))));
		expect(after.find((s) => s.name === 'tessera_requests_in_flight')?.value).toBe(1);
		// Drift: one PSI per feature, over a full window of 50 rows.
		const drift = after.filter((s) => s.name === 'tessera_feature_drift_psi');
		expect(drift.map((s) => s.labels.feature).sort()).toEqual([...FEATURES].sort());
		expect(drift.every((s) => s.value >= 0 && Number.isFinite(s.value))).toBe(true);
		expect(after.find((s) => s.name === 'tessera_drift_window_rows')?.value).toBe(50);
	});
});

describe('tessera serve --capture', () => {
	it('writes sampled requests and responses as NDJSON, rotated by size', async () => {
		const captureDir = join(dir, 'capture');
		let coin = 0;
		// Every other request is sampled (0.5, with a deterministic "random" source).
		const capture = new Capture({
			dir: captureDir,
			sample: 0.5,
			maxBytes: 1500,
			maxAgeMs: 3_600_000,
			random: () => (coin++ % 2 ? 0.9 : 0.1)
		});
		const app = buildApp({ catalog, registry, capture, defaultMetrics: false }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			for (let i = 0; i < 8; i++) {
				const res = await fetch(`${url}/v2/models/penguins/infer`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(v2Body(i, i + 2, `c${i}`))
				});
				expect(res.status).toBe(200);
			}
		} finally {
			await app.close();
			await capture.close();
		}
		const files = readdirSync(captureDir).sort();
		expect(files.length).toBeGreaterThan(1);
		expect(files.every((f) => /^capture-\d{4}-\d\d-\d\dT[\d-]+Z-\d+-\d{4}\.ndjson$/.test(f))).toBe(true);
		const records = files.flatMap((f) =>
			readFileSync(join(captureDir, f), 'utf8')
				.trimEnd()
				.split('\n')
				.map((l) => JSON.parse(l))
		);
		expect(records.map((r) => r.id)).toEqual(['c0', 'c2', 'c4', 'c6']);
		const first = records[0];
		expect(Object.keys(first)).toEqual(['time', 'model', 'version', 'endpoint', 'id', 'latency_ms', 'rows', 'inputs', 'outputs']);
		expect(first).toMatchObject({ model: 'penguins', version: '1', endpoint: 'v2', rows: 2 });
		expect(first.inputs.Island).toEqual(cells.slice(0, 2).map((r) => r[0]));
		expect(first.outputs.label).toEqual(expected.labels.slice(0, 2));
		expect(first.latency_ms).toBeGreaterThan(0);
	});
});

describe('registry folder', () => {
	it('swaps the active version atomically when registry.json changes, under load, losing no request', async () => {
		const reg = join(dir, 'registry');
		const { mkdirSync } = await import('node:fs');
		mkdirSync(reg);
		copyFileSync(MODEL, join(reg, 'penguins-1.tessera-model'));
		copyFileSync(MODEL, join(reg, 'penguins-2.tessera-model'));
		const index = (active: string) =>
			JSON.stringify({
				models: { penguins: { active, versions: { '1': { file: 'penguins-1.tessera-model' }, '2': { file: 'penguins-2.tessera-model' } } } }
			});
		writeFileSync(join(reg, REGISTRY_INDEX), index('1'));
		const options = { driftWindow: 100 };
		const cat = new Catalog();
		cat.replace(await loadRegistry(reg, options));
		const reloads: (Error | null)[] = [];
		const watcher = watchRegistry(reg, cat, options, (e) => reloads.push(e));
		const app = buildApp({ catalog: cat, registry, defaultMetrics: false }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			const meta = await (await fetch(`${url}/v2/models/penguins`)).json();
			expect(meta.versions).toEqual(['1', '2']);
			let stop = false;
			const seen: { status: number; version: string; label: string }[] = [];
			const client = async () => {
				while (!stop) {
					const res = await fetch(`${url}/v2/models/penguins/infer`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(v2Body(0, 1))
					});
					const json = await res.json();
					seen.push({ status: res.status, version: json.model_version, label: json.outputs?.[0].data[0] });
				}
			};
			const clients = Array.from({ length: 8 }, client);
			await new Promise((r) => setTimeout(r, 300));
			// A writer replaces the index by rename, so the server never reads half of it.
			writeFileSync(join(reg, 'registry.json.tmp'), index('2'));
			renameSync(join(reg, 'registry.json.tmp'), join(reg, REGISTRY_INDEX));
			for (let i = 0; i < 100 && !reloads.length; i++) await new Promise((r) => setTimeout(r, 20));
			expect(reloads).toEqual([null]);
			await new Promise((r) => setTimeout(r, 300));
			// A broken index keeps the running models.
			writeFileSync(join(reg, REGISTRY_INDEX), '{"models": ');
			for (let i = 0; i < 100 && reloads.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
			expect(reloads[1]?.message).toMatch(/registry\.json: not JSON/);
			await new Promise((r) => setTimeout(r, 100));
			stop = true;
			await Promise.all(clients);
			expect(seen.length).toBeGreaterThan(50);
			expect(seen.filter((s) => s.status !== 200)).toEqual([]);
			expect(seen.every((s) => s.label === expected.labels[0])).toBe(true);
			const versions = seen.map((s) => s.version);
			expect(versions[0]).toBe('1');
			expect(versions.at(-1)).toBe('2');
			// Once every in-flight request of the old snapshot is done (8 clients), only version 2 answers.
			const firstTwo = versions.indexOf('2');
			expect(versions.slice(firstTwo + 8).every((v) => v === '2')).toBe(true);
		} finally {
			watcher.close();
			await app.close();
		}
	}, 30_000);
});

describe('tessera serve (usage)', () => {
	async function cli(...argv: string[]) {
		let stdout = '';
		let stderr = '';
		const code = await main(
			argv,
			(s) => (stdout += s + '\n'),
			(s) => (stderr += s + '\n')
		);
		return { code, stdout, stderr };
	}

	it('says what is wrong with the arguments (exit 2), and --help documents the options', async () => {
		expect(await cli('serve')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: tessera serve') });
		expect((await cli('serve', join(dir, 'nope.tessera-model'))).stderr).toMatch(
			/cannot read ".*nope\.tessera-model": no such file or folder/
		);
		expect((await cli('serve', MODEL, MODEL, '--name', 'x')).stderr).toMatch(/--name names one model file/);
		expect((await cli('serve', dir, '--name', 'x')).stderr).toMatch(/registry\.json|--name is for a model file/);
		expect((await cli('serve', MODEL, '--capture-sample', '2')).stderr).toMatch(/--capture-sample must be a number from 0 to 1/);
		expect((await cli('serve', MODEL, '--workers', '0')).stderr).toMatch(/--workers must be at least 1/);
		const help = await cli('serve', '--help');
		expect(help.code).toBe(0);
		for (const flag of [
			'--port',
			'--host',
			'--name',
			'--max-body',
			'--max-batch',
			'--max-concurrency',
			'--reject-unseen',
			'--capture',
			'--capture-sample',
			'--workers'
		])
			expect(help.stdout).toContain(flag);
		expect((await cli('help')).stdout).toContain('tessera serve <m.tessera-model>');
	});

	it('a registry folder without a usable index is refused before listening', async () => {
		const empty = mkdtempSync(join(tmpdir(), 'tessera-registry-'));
		expect((await cli('serve', empty, '--port', '0')).stderr).toMatch(/registry\.json/);
		writeFileSync(
			join(empty, REGISTRY_INDEX),
			JSON.stringify({ models: { m: { active: '3', versions: { '1': { file: 'm.tessera-model' } } } } })
		);
		expect((await cli('serve', empty, '--port', '0')).stderr).toMatch(/the active version "3" is not among its versions/);
		writeFileSync(
			join(empty, REGISTRY_INDEX),
			JSON.stringify({ models: { m: { active: '1', versions: { '1': { file: '../m.tessera-model' } } } } })
		);
		expect((await cli('serve', empty, '--port', '0')).stderr).toMatch(/is outside the registry folder/);
	});
});

describe('limits', () => {
	it('--max-concurrency: a scoring request beyond the limit gets 503 with Retry-After; the held one still succeeds', async () => {
		const { request } = await import('node:http');
		const app = buildApp({ catalog, registry, defaultMetrics: false, limits: { maxConcurrency: 1 } }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			const body = JSON.stringify(v2Body(0, 1));
			const { hostname, port } = new URL(url);
			// The first request sends half its body and waits: it holds the one slot.
			let finishFirst = () => {};
			const first = new Promise<number>((resolve, reject) => {
				const req = request(
					{
						hostname,
						port,
						path: '/v2/models/penguins/infer',
						method: 'POST',
						headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
					},
					(res) => {
						res.resume();
						res.on('end', () => resolve(res.statusCode ?? 0));
					}
				);
				req.on('error', reject);
				req.write(body.slice(0, 10));
				finishFirst = () => req.end(body.slice(10));
			});
			await new Promise((r) => setTimeout(r, 100));
			const busy = await fetch(`${url}/v2/models/penguins/infer`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body
			});
			expect(busy.status).toBe(503);
			expect(busy.headers.get('retry-after')).toBe('1');
			expect(await busy.json()).toEqual({ error: 'busy: 1 scoring requests in flight (--max-concurrency 1); retry' });
			// Health and metadata are not scoring: they still answer.
			expect((await fetch(`${url}/v2/health/ready`)).status).toBe(200);
			finishFirst();
			expect(await first).toBe(200);
			const again = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
			expect(again.status).toBe(200);
		} finally {
			await app.close();
		}
	});

	it('capture files also rotate by age', async () => {
		const captureDir = join(dir, 'capture-age');
		const capture = new Capture({ dir: captureDir, sample: 1, maxBytes: 1 << 30, maxAgeMs: 250 });
		const record = { time: '', model: 'm', version: '1', endpoint: 'v2', id: null, latency_ms: 1, rows: 0, inputs: {}, outputs: {} };
		capture.write(record);
		capture.write(record);
		await new Promise((r) => setTimeout(r, 400));
		capture.write(record);
		await capture.close();
		const files = readdirSync(captureDir).sort();
		expect(files).toHaveLength(2);
		expect(files.map((f) => readFileSync(join(captureDir, f), 'utf8').trimEnd().split('\n').length)).toEqual([2, 1]);
	});
});

describe('faults of the server itself', () => {
	it('answer 500 with a plain message, are logged with the request, and leave the server up', async () => {
		const broken = new Catalog();
		const good = catalog.resolve('penguins')!;
		// A model without its input schema cannot be loaded from a file; built by hand it makes the scoring path throw.
		broken.replace(
			new Map([
				['penguins', catalog.entries.get('penguins')!],
				[
					'broken',
					{
						name: 'broken',
						active: '1',
						versions: new Map([['1', { ...good, name: 'broken', model: { ...good.model, input: undefined } }]])
					}
				]
			])
		);
		const lines: string[] = [];
		const app = buildApp({ catalog: broken, registry, defaultMetrics: false, log: (l) => lines.push(l) }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			const res = await fetch(`${url}/v2/models/broken/infer`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(v2Body(0, 1))
			});
			expect(res.status).toBe(500);
			expect(await res.json()).toEqual({ error: 'internal error while scoring; see the server log' });
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatch(/^tessera serve: POST \/v2\/models\/broken\/infer: TypeError/);
			const ok = await fetch(`${url}/v2/models/penguins/infer`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(v2Body(0, 1))
			});
			expect(ok.status).toBe(200);
		} finally {
			await app.close();
		}
	});
});

describe('several models', () => {
	it('V2 reaches each by name; /invocations (one model by design) says to use V2', async () => {
		const two = new Catalog();
		const copy = join(dir, 'other.tessera-model');
		copyFileSync(MODEL, copy);
		two.replace(await loadFiles([MODEL, copy], [undefined, undefined], { driftWindow: 10 }));
		const app = buildApp({ catalog: two, registry, defaultMetrics: false }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			for (const name of ['penguins-gbdt.v1', 'other']) {
				const res = await fetch(`${url}/v2/models/${name}/infer`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(v2Body(0, 2))
				});
				expect(res.status).toBe(200);
				expect((await res.json()).model_name).toBe(name);
			}
			const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
			expect(res.status).toBe(400);
			expect(await res.json()).toEqual({
				error_code: 'BAD_REQUEST',
				message: 'this server has 2 models ("penguins-gbdt.v1", "other"): /invocations needs exactly one; use /v2/models/{name}/infer'
			});
			await expect(loadFiles([MODEL, MODEL], [undefined, undefined], { driftWindow: 10 })).rejects.toThrow(
				'two models are named "penguins-gbdt.v1": give one --name'
			);
		} finally {
			await app.close();
		}
	});
});

describe('registry folder (a request across a swap)', () => {
	it('a request whose body is still arriving when the version changes is scored by the version it started on', async () => {
		const { request } = await import('node:http');
		const { mkdirSync } = await import('node:fs');
		const reg = join(dir, 'registry-pin');
		mkdirSync(reg);
		copyFileSync(MODEL, join(reg, 'a.tessera-model'));
		copyFileSync(MODEL, join(reg, 'b.tessera-model'));
		const index = (active: string) =>
			JSON.stringify({ models: { p: { active, versions: { '1': { file: 'a.tessera-model' }, '2': { file: 'b.tessera-model' } } } } });
		writeFileSync(join(reg, REGISTRY_INDEX), index('1'));
		const cat = new Catalog();
		const options = { driftWindow: 10 };
		cat.replace(await loadRegistry(reg, options));
		const reloads: (Error | null)[] = [];
		const watcher = watchRegistry(reg, cat, options, (e) => reloads.push(e));
		const app = buildApp({ catalog: cat, registry, defaultMetrics: false }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			const { hostname, port } = new URL(url);
			const body = JSON.stringify({
				dataframe_records: [
					{
						Island: 'Biscoe',
						'Beak Length (mm)': 45.1,
						'Beak Depth (mm)': 14.5,
						'Flipper Length (mm)': 215,
						'Body Mass (g)': 5000,
						Sex: 'FEMALE'
					}
				]
			});
			const send = (path: string, payload: string) => {
				let rest = () => {};
				const answer = new Promise<string>((resolve, reject) => {
					const req = request(
						{
							hostname,
							port,
							path,
							method: 'POST',
							headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
						},
						(res) => {
							let text = '';
							res.on('data', (d: Buffer) => (text += d.toString()));
							res.on('end', () => resolve(text));
						}
					);
					req.on('error', reject);
					req.write(payload.slice(0, 10));
					rest = () => req.end(payload.slice(10));
				});
				return { answer, rest: () => rest() };
			};
			const v2 = JSON.stringify(v2Body(0, 1));
			const oldV2 = send('/v2/models/p/infer', v2);
			await new Promise((r) => setTimeout(r, 100));
			writeFileSync(join(reg, 'registry.json.tmp'), index('2'));
			renameSync(join(reg, 'registry.json.tmp'), join(reg, REGISTRY_INDEX));
			for (let i = 0; i < 100 && !reloads.length; i++) await new Promise((r) => setTimeout(r, 20));
			expect(reloads).toEqual([null]);
			oldV2.rest();
			expect(JSON.parse(await oldV2.answer).model_version).toBe('1');
			// A request started after the swap gets the new version; /invocations pins the same way.
			const fresh = await fetch(`${url}/v2/models/p/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: v2 });
			expect((await fresh.json()).model_version).toBe('2');
			const inv = send('/invocations', body);
			inv.rest();
			expect(JSON.parse(await inv.answer)).toEqual({ predictions: ['Gentoo'] });
		} finally {
			watcher.close();
			await app.close();
		}
	});
});
