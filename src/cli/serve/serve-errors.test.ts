/**
 * `tessera serve` when a request is wrong or too much: 4xx with a message and the server keeps
 * answering; beyond --max-concurrency a 503 with Retry-After; a fault of the server itself is a
 * plain 500, logged with the request, and the server stays up.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '../../lib/core/nodes/test-kit';
import { buildApp } from './app';
import { Catalog } from './models';
import { cells, csv, FEATURES, NUMBERS, rows, servePenguins, v2Body } from './test-kit';

const server = servePenguins();

describe('tessera serve', () => {
	it('answers bad requests with 4xx and a message, and keeps answering good ones', async () => {
		const good = async () => {
			const res = await server.post('/v2/models/penguins/infer', v2Body(0, 2));
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
			const res = await server.post(path, body, type);
			expect({ path, status: res.status }).toEqual({ path, status });
			const message = path.startsWith('/invocations') ? res.json.message : res.json.error;
			if (path.startsWith('/invocations')) expect(res.json.error_code).toBe(status === 413 ? 'REQUEST_LIMIT_EXCEEDED' : 'BAD_REQUEST');
			if (typeof pattern === 'string') expect(message).toBe(pattern);
			else expect(message).toMatch(pattern);
			await good();
		}
	});
});

describe('limits', () => {
	it('--max-concurrency: a scoring request beyond the limit gets 503 with Retry-After; the held one still succeeds', async () => {
		const { request } = await import('node:http');
		const app = buildApp({ catalog: server.catalog, registry, defaultMetrics: false, limits: { maxConcurrency: 1 } }).app;
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
});

describe('faults of the server itself', () => {
	it('answer 500 with a plain message, are logged with the request, and leave the server up', async () => {
		const broken = new Catalog();
		const good = server.catalog.resolve('penguins')!;
		// A model without its input schema cannot be loaded from a file; built by hand it makes the scoring path throw.
		broken.replace(
			new Map([
				['penguins', server.catalog.entries.get('penguins')!],
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
