/** `tessera serve --capture`: sampled requests and responses as NDJSON files, rotated by size and by age. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../lib/core/nodes/test-kit';
import { buildApp } from './app';
import { Capture } from './capture';
import { cells, dir, servePenguins, v2Body } from './test-kit';

const server = servePenguins();

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
		const app = buildApp({ catalog: server.catalog, registry, capture, defaultMetrics: false }).app;
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
		expect(first.outputs.label).toEqual(server.expected.labels.slice(0, 2));
		expect(first.latency_ms).toBeGreaterThan(0);
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
