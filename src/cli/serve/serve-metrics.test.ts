/** `tessera serve`'s /metrics: Prometheus text whose counters add up. */
import { describe, expect, it } from 'vitest';
import { cells, FEATURES, servePenguins, v2Body } from './test-kit';

const server = servePenguins();

describe('tessera serve', () => {
	it('/metrics parses as Prometheus text and its counters add up', async () => {
		const parse = async () => {
			const res = await fetch(`${server.base}/metrics`);
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
		// In this file the server starts fresh: fill the 50-row drift window and answer one bad request first.
		expect((await server.post('/v2/models/penguins/infer', v2Body(0, 80))).status).toBe(200);
		expect((await server.post('/v2/models/penguins/infer', '{"inputs": [')).status).toBe(400);
		const before = await parse();
		const requestsBefore = sum(before.filter((s) => s.name === 'tessera_requests_total'));
		const rowsBefore = sum(before.filter((s) => s.name === 'tessera_rows_scored_total'));
		for (let i = 0; i < 5; i++) expect((await server.post('/v2/models/penguins/infer', v2Body(i, i + 3))).status).toBe(200);
		expect((await server.post('/invocations', { dataframe_split: { columns: FEATURES, data: cells.slice(0, 4) } })).status).toBe(200);
		expect((await server.post('/invocations', { instances: cells.slice(0, 1) })).status).toBe(200);
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
