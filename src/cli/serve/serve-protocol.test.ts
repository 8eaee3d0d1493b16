/**
 * `tessera serve` over real HTTP on 127.0.0.1: the V2 endpoints and MLflow's /invocations
 * answer as their protocols say, and score as `tessera predict` does on the same rows.
 */
import { describe, expect, it } from 'vitest';
import { cells, csv, FEATURES, rows, servePenguins, typed, v2Body } from './test-kit';

const server = servePenguins();

describe('tessera serve', () => {
	it('V2: health, server and model metadata, readiness, unknown model 404', async () => {
		expect((await fetch(`${server.base}/v2/health/live`)).status).toBe(200);
		expect(await (await fetch(`${server.base}/v2/health/ready`)).json()).toEqual({ ready: true });
		expect(await (await fetch(`${server.base}/v2`)).json()).toMatchObject({ name: 'tessera', extensions: [] });
		const meta = await (await fetch(`${server.base}/v2/models/penguins`)).json();
		expect(meta).toMatchObject({ name: 'penguins', versions: ['1'], platform: 'tessera' });
		expect(meta.inputs.map((i: { name: string }) => i.name)).toEqual(FEATURES);
		expect(await (await fetch(`${server.base}/v2/models/penguins/versions/1`)).json()).toEqual(meta);
		expect((await fetch(`${server.base}/v2/models/penguins/ready`)).status).toBe(200);
		expect((await fetch(`${server.base}/v2/models/penguins/versions/1/ready`)).status).toBe(200);
		const missing = await fetch(`${server.base}/v2/models/nope/ready`);
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ error: 'model "nope" is not served here (models: "penguins")' });
		expect((await fetch(`${server.base}/v2/models/penguins/versions/9`)).status).toBe(404);
		expect((await fetch(`${server.base}/ping`)).status).toBe(200);
		expect((await fetch(`${server.base}/health`)).status).toBe(200);
	});

	it('V2 infer scores as tessera predict does, bit for bit, and echoes the id', async () => {
		const res = await server.post('/v2/models/penguins/infer', v2Body(0, rows.length, 'req-1'));
		expect(res.status).toBe(200);
		const { outputs, ...rest } = res.json as { outputs: { name: string; shape: number[]; data: unknown[] }[] };
		expect(rest).toEqual({ model_name: 'penguins', model_version: '1', id: 'req-1' });
		expect(outputs[0]).toMatchObject({ name: 'label', datatype: 'BYTES', shape: [rows.length], data: server.expected.labels });
		expect(outputs[1]).toMatchObject({
			name: 'probabilities',
			datatype: 'FP64',
			shape: [rows.length, 3],
			data: server.expected.proba.flat()
		});
		const versioned = await server.post('/v2/models/penguins/versions/1/infer', { ...v2Body(3, 4), outputs: [{ name: 'label' }] });
		expect(versioned.json.outputs).toEqual([{ name: 'label', datatype: 'BYTES', shape: [1], data: [server.expected.labels[3]] }]);
	});

	it('MLflow /invocations scores as tessera predict does, from every input layout and from CSV', async () => {
		const split = { dataframe_split: { columns: FEATURES, data: cells } };
		expect((await server.post('/invocations', split)).json).toEqual({ predictions: server.expected.labels });
		const records = cells.map((r) => Object.fromEntries(FEATURES.map((f, k) => [f, typed(f, r[k])])));
		expect((await server.post('/invocations', { dataframe_records: records })).json).toEqual({ predictions: server.expected.labels });
		expect((await server.post('/invocations', { instances: records })).json).toEqual({ predictions: server.expected.labels });
		expect((await server.post('/invocations', csv, 'text/csv')).json).toEqual({ predictions: server.expected.labels });
		const proba = (await server.post('/invocations', { ...split, params: { proba: true } })).json.predictions as Record<string, unknown>[];
		expect(proba[0]).toEqual({
			prediction: server.expected.labels[0],
			'p(Adelie)': server.expected.proba[0][0],
			'p(Chinstrap)': server.expected.proba[0][1],
			'p(Gentoo)': server.expected.proba[0][2]
		});
		expect(proba.map((p) => p['p(Gentoo)'])).toEqual(server.expected.proba.map((p) => p[2]));
	});
});
