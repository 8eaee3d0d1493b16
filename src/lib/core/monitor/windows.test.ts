import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../model-file/format';
import { readTableBytes } from '../readers/readers';
import { readCaptureTexts, rowIds } from './capture';
import { referenceValues } from './drift';
import { joinLabels, labelsById } from './labels';
import { autoWidth, DAY, driftLevel, HOUR, MINUTE, monitorWindows, type ModelReference } from './windows';

const record = (time: string, latency: number, x: (string | null)[], labels: unknown[], output = 'label') =>
	JSON.stringify({
		time,
		model: 'm',
		version: '1',
		endpoint: 'v2',
		id: null,
		latency_ms: latency,
		rows: x.length,
		inputs: { x },
		outputs: { [output]: labels }
	});
const capture = (lines: string[]) => readCaptureTexts([{ name: 'a', text: lines.join('\n') }]).table;

describe('windows', () => {
	it('latency percentiles over a window’s requests equal numpy’s', () => {
		// np.percentile([3.5,0.8,12.25,1.1,7.0,2.2,0.4,95.5,4.75,1.9,3.3], [50,95,99]) → 3.3, 53.875, 87.175
		// np.percentile([10,20,30], [50,95,99]) → 20, 29, 29.8
		const first = [3.5, 0.8, 12.25, 1.1, 7.0, 2.2, 0.4, 95.5, 4.75, 1.9, 3.3];
		const lines = [
			...first.map((l, i) => record(`2026-03-01T10:${String(i).padStart(2, '0')}:00Z`, l, ['1'], ['a'])),
			...[10, 20, 30].map((l, i) => record(`2026-03-01T11:0${i}:00Z`, l, ['1', '2'], ['a', 'b']))
		];
		const report = monitorWindows(capture(lines), null, null, { width: HOUR });
		expect(report.windows).toHaveLength(2);
		const [a, b] = report.windows;
		expect(a.latency!.p50).toBeCloseTo(3.3, 12);
		expect(a.latency!.p95).toBeCloseTo(53.875, 12);
		expect(a.latency!.p99).toBeCloseTo(87.17500000000003, 12);
		expect(b.latency).toEqual({ p50: 20, p95: 29, p99: expect.closeTo(29.8, 12) });
		// Latency is per request: the second hour has 3 requests of 2 rows.
		expect([a.requests, a.rows, b.requests, b.rows]).toEqual([11, 11, 3, 6]);
	});

	it('are aligned to the width in UTC, with empty windows in a gap', () => {
		const lines = [
			record('2026-03-01T10:59:59.999Z', 1, ['1'], ['a']),
			record('2026-03-01T11:00:00Z', 1, ['1'], ['b']),
			record('2026-03-01T13:30:00Z', 1, ['1'], ['b'])
		];
		const report = monitorWindows(capture(lines), null, null, { width: HOUR });
		expect(report.windows.map((w) => new Date(w.start).toISOString())).toEqual([
			'2026-03-01T10:00:00.000Z',
			'2026-03-01T11:00:00.000Z',
			'2026-03-01T12:00:00.000Z',
			'2026-03-01T13:00:00.000Z'
		]);
		expect(report.windows.map((w) => w.rows)).toEqual([1, 1, 0, 1]);
		expect(report.windows[2].latency).toBeNull();
		expect(report.windows.map((w) => w.mix)).toEqual([
			{ kind: 'classes', counts: [1, 0] },
			{ kind: 'classes', counts: [0, 1] },
			{ kind: 'classes', counts: [0, 0] },
			{ kind: 'classes', counts: [0, 1] }
		]);
		expect(report.classes).toEqual(['a', 'b']);
	});

	it('auto width: minute, hour, day or week for at most 200 windows', () => {
		const t = Date.parse('2026-03-01T10:00:00Z');
		expect(autoWidth(t, t + 2 * HOUR)).toBe(MINUTE);
		expect(autoWidth(t, t + 8 * HOUR)).toBe(HOUR);
		expect(autoWidth(t, t + 30 * DAY)).toBe(DAY);
		expect(autoWidth(t, t + 400 * DAY)).toBe(7 * DAY);
	});

	it('refuses a width that makes too many windows, saying what to do', () => {
		const lines = [record('2026-03-01T00:00:00Z', 1, ['1'], ['a']), record('2026-03-31T00:00:00Z', 1, ['1'], ['a'])];
		expect(() => monitorWindows(capture(lines), null, null, { width: MINUTE })).toThrow(
			'windows of a minute over this capture make 43,201; choose a wider window (at most 2,000 windows)'
		);
	});

	it('metrics of the labelled rows equal scikit-learn’s', () => {
		// accuracy_score / f1_score / precision_score / recall_score(average='macro') on
		// y_true = a b c a b c a a, y_pred = a b b a c c b a → 0.625, 0.5857142857142857, 0.611111111111111, 0.5833333333333334
		const truth = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'a'];
		const pred = ['a', 'b', 'b', 'a', 'c', 'c', 'b', 'a'];
		// One more row, unlabelled: it counts in the mix but not in the metrics.
		const lines = [...pred, 'c'].map((p, i) => record(`2026-03-01T10:0${i}:00Z`, 1, [`id${i}`], [p]));
		const table = capture(lines);
		const labels = [...truth, null];
		const w = monitorWindows(table, null, labels, { width: HOUR }).windows[0];
		expect(w.labelled).toBe(8);
		expect(w.metrics!.accuracy).toBeCloseTo(0.625, 12);
		expect(w.metrics!.f1).toBeCloseTo(0.5857142857142857, 12);
		expect(w.metrics!.precision).toBeCloseTo(0.611111111111111, 12);
		expect(w.metrics!.recall).toBeCloseTo(0.5833333333333334, 12);
		expect(w.mix).toEqual({ kind: 'classes', counts: [3, 3, 3] });
	});

	it('regression: the mix is mean and quantiles, metrics RMSE/MAE/R² as scikit-learn', () => {
		// mean_squared_error(t, p) ** 0.5, mean_absolute_error, r2_score with t = 1.5 2 3.25 4 10, p = 1 2.5 3 5 8
		// → 1.0547511554864493, 0.85, 0.8808886509635975; np.percentile(p, [10, 50, 90]) → 1.6, 3, 6.8; mean 3.9
		const p = [1.0, 2.5, 3.0, 5.0, 8.0];
		const t = ['1.5', '2', '3.25', '4', '10'];
		const lines = p.map((v, i) => record(`2026-03-01T10:0${i}:00Z`, 1, ['1'], [v], 'prediction'));
		const model: ModelReference = { name: 'm', task: 'regression', classes: null, columns: [], reference: new Map(), test: null };
		const w = monitorWindows(capture(lines), model, t, { width: HOUR }).windows[0];
		expect(w.mix).toEqual({
			kind: 'numbers',
			count: 5,
			mean: expect.closeTo(3.9, 12),
			p10: expect.closeTo(1.6, 12),
			p50: 3,
			p90: expect.closeTo(6.8, 12)
		});
		expect(w.metrics!.rmse).toBeCloseTo(1.0547511554864493, 12);
		expect(w.metrics!.mae).toBeCloseTo(0.85, 12);
		expect(w.metrics!.r2).toBeCloseTo(0.8808886509635975, 12);
	});
});

describe('the server-made fixture against its model', async () => {
	const dir = 'e2e/fixtures/monitoring/';
	const { table } = readCaptureTexts(
		['capture-1.ndjson', 'capture-2.ndjson'].map((name) => ({ name, text: readFileSync(dir + name, 'utf8') }))
	);
	const { file } = await readModelFile(new Uint8Array(readFileSync('e2e/fixtures/penguins-gbdt.v1.tessera-model')));
	const model: ModelReference = {
		name: file.name,
		task: 'classification',
		classes: file.model.classes ?? null,
		columns: file.input.columns,
		reference: referenceValues(file.input),
		test: file.metrics.test
	};
	const labelsFile = await readTableBytes(new Uint8Array(readFileSync(dir + 'labels.csv')), { fileName: 'labels.csv' });
	const join = joinLabels(rowIds(table, { kind: 'column', column: 'row_id' }), labelsById(labelsFile, 'row_id', 'Species'));
	const report = monitorWindows(table, model, join.labels);

	it('hour windows over the 8 simulated hours', () => {
		expect(report.widthLabel).toBe('hour');
		expect(report.windows.map((w) => w.rows)).toEqual([64, 64, 64, 64, 64, 64, 64, 64]);
		expect(report.columns).toEqual(['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);
		// 4 labels in 5 arrived (every 5th row id has none).
		expect(join.matched).toBe(410);
		expect(report.windows.reduce((n, w) => n + w.labelled, 0)).toBe(410);
	});

	it('flags the shifted column in the last three hours only, by Kolmogorov–Smirnov (241 reference rows)', () => {
		const beak = report.windows.map((w) => w.drift.find((c) => c.column === 'Beak Length (mm)')!);
		expect(beak.every((c) => c.kind === 'tested' && c.test === 'ks')).toBe(true);
		expect(beak.map((c) => c.kind === 'tested' && c.drifted)).toEqual([false, false, false, false, false, true, true, true]);
	});

	it('accuracy falls where the column shifted', () => {
		const acc = report.windows.map((w) => w.metrics!.accuracy!);
		for (const a of acc.slice(0, 5)) expect(a).toBe(1);
		for (const a of acc.slice(5)) expect(a).toBeLessThan(0.8);
		expect(report.test!.accuracy).toBeCloseTo(0.9804, 4);
	});
});

describe('drift level', () => {
	it('puts p-values and distances on one scale, 1 at the threshold', () => {
		const cell = (score: number, scoreKind: 'p-value' | 'distance', threshold: number) =>
			({ kind: 'tested', column: 'x', test: 'ks', score, scoreKind, threshold, drifted: false, rows: 50 }) as const;
		expect(driftLevel(cell(0.0025, 'p-value', 0.05))).toBeCloseTo(2, 12);
		expect(driftLevel(cell(0.05, 'p-value', 0.05))).toBe(1);
		expect(driftLevel(cell(0.3, 'distance', 0.1))).toBeCloseTo(3, 12);
		expect(driftLevel({ kind: 'skipped', column: 'x', reason: 'few rows' })).toBeNull();
	});
});
