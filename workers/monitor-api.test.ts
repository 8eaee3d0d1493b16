import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReadProgress } from '../src/lib/core/monitor/api';
import { createMonitorApi } from './monitor-api';

const fixture = (path: string) => new File([readFileSync(path)], path.split('/').pop()!);
const DIR = 'e2e/fixtures/monitoring/';

describe('monitor worker api', () => {
	it('streams capture files with progress, then reports windows with drift and metrics', async () => {
		const api = createMonitorApi();
		const progress: ReadProgress[] = [];
		const read = await api.readCaptures([fixture(DIR + 'capture-2.ndjson'), fixture(DIR + 'capture-1.ndjson')], (p) => progress.push(p));
		if (read.kind !== 'capture') throw new Error('not read as a capture');
		const captures = read.summary;
		expect(captures).toMatchObject({ source: 'capture', requests: 207, rows: 512, versions: ['penguins-gbdt.v1@1'], requestIds: false });
		expect(captures.columns).toContain('row_id');
		// The last progress of each file is its whole size.
		const sizes = new Map(progress.map((p) => [p.file, p]));
		for (const p of sizes.values()) expect(p.bytes).toBe(p.total);

		const model = await api.readModel(fixture('e2e/fixtures/penguins-gbdt.v1.tessera-model'));
		expect(model).toMatchObject({ task: 'classification', classes: ['Adelie', 'Chinstrap', 'Gentoo'] });
		expect(model.test!.accuracy).toBeCloseTo(0.9804, 4);

		const labels = await api.readLabels(fixture(DIR + 'labels.csv'), () => {});
		expect(labels.columns.map((c) => c.name)).toEqual(['row_id', 'Species']);

		const { report, labels: joined } = await api.analyse({
			width: 'auto',
			drift: {},
			minDriftRows: 30,
			join: { rows: { kind: 'column', column: 'row_id' }, labelId: 'row_id', label: 'Species' }
		});
		expect(joined).toEqual({ matched: 410, duplicates: 0, incomplete: 0 });
		// Files given out of order still make hours in time order.
		expect(report.windows.map((w) => new Date(w.start).toISOString().slice(11, 13))).toEqual([
			'08',
			'09',
			'10',
			'11',
			'12',
			'13',
			'14',
			'15'
		]);
	});

	it('tells a file without capture records apart, counting its lines', async () => {
		const api = createMonitorApi();
		const read = await api.readCaptures([fixture(DIR + 'labels.csv')], () => {});
		expect(read.kind).toBe('no-records');
		if (read.kind === 'no-records') {
			expect(read.issues.badLines).toBe(411);
			expect(read.issues.first[0]).toMatchObject({ file: 'labels.csv', line: 1 });
		}
	});

	it('reads a large capture piece by piece, reporting progress as it goes', async () => {
		// The fixture 128 times over (12 MB): one Blob of many parts, streamed by the worker.
		const text = readFileSync(DIR + 'capture-1.ndjson', 'utf8') + readFileSync(DIR + 'capture-2.ndjson', 'utf8');
		const big = new File(new Array(128).fill(text), 'big.ndjson');
		const api = createMonitorApi();
		const progress: ReadProgress[] = [];
		const read = await api.readCaptures([big], (p) => progress.push(p));
		if (read.kind !== 'capture') throw new Error('not read as a capture');
		const { summary } = read;
		expect(summary.rows).toBe(512 * 128);
		expect(summary.issues.badLines).toBe(0);
		expect(progress.length).toBeGreaterThan(10);
		expect(progress.at(-1)!.bytes).toBe(big.size);
		// Progress only grows.
		expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes)).toBe(true);
	});

	it('a table of scored rows with a time column: the person picks time and prediction', async () => {
		const csv = [
			'scored_at,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex,predicted,row_id',
			'2026-11-02T08:10:00Z,Torgersen,39.1,18.7,181,3750,MALE,Adelie,a1',
			'2026-11-02T08:20:00Z,Biscoe,46.1,13.2,211,4500,FEMALE,Gentoo,a2',
			'2026-11-02T09:05:00Z,Dream,46.5,17.9,192,3500,FEMALE,Adelie,a3',
			'not a time,Dream,46.5,17.9,192,3500,FEMALE,Adelie,a4'
		].join('\n');
		const api = createMonitorApi();
		const columns = await api.readScoredTable(new File([csv], 'scored.csv'), () => {});
		expect(columns.columns.map((c) => c.name)).toContain('scored_at');
		const summary = await api.useScoredTable({ time: 'scored_at', prediction: 'predicted', features: [] });
		expect(summary).toMatchObject({ source: 'table', rows: 3, requests: 3 });
		expect(summary.issues.badLines).toBe(1);
		await api.readModel(fixture('e2e/fixtures/penguins-gbdt.v1.tessera-model'));
		await api.readLabels(new File(['row_id,Species\na1,Adelie\na2,Gentoo\na3,Chinstrap\n'], 'labels.csv'), () => {});
		const { report } = await api.analyse({
			width: 3600_000,
			drift: {},
			minDriftRows: 30,
			join: { rows: { kind: 'column', column: 'row_id' }, labelId: 'row_id', label: 'Species' }
		});
		expect(report.windows.map((w) => w.rows)).toEqual([2, 1]);
		expect(report.windows.map((w) => w.latency)).toEqual([null, null]);
		expect(report.windows.map((w) => w.metrics?.accuracy)).toEqual([1, 0]);
		// Two rows are too few to test drift: each cell says so.
		expect(report.windows[0].drift[0]).toEqual({
			kind: 'skipped',
			column: 'Island',
			reason: '2 values in this window; drift is tested from 30'
		});
	});
});
