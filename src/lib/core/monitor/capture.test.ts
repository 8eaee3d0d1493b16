import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFrame } from '../frame/frame';
import { CaptureBuilder, CaptureReader, IssueCounter, predictionsOf, readCaptureTexts, rowIds, tableToCapture } from './capture';

const FIXTURE = 'e2e/fixtures/monitoring/';
const text = (name: string) => readFileSync(FIXTURE + name, 'utf8');

/** A capture record as the server writes it (src/cli/serve/capture.ts). */
const record = (
	time: string,
	latency: number,
	inputs: Record<string, (string | null)[]>,
	outputs: Record<string, unknown[]>,
	id: string | null = null
) =>
	JSON.stringify({
		time,
		model: 'm',
		version: '1',
		endpoint: 'v2',
		id,
		latency_ms: latency,
		rows: Object.values(inputs)[0].length,
		inputs,
		outputs
	});

describe('capture files', () => {
	it('reads the server-made fixture: two rotated files as one stream', () => {
		const { table, issues } = readCaptureTexts([
			{ name: 'capture-1.ndjson', text: text('capture-1.ndjson') },
			{ name: 'capture-2.ndjson', text: text('capture-2.ndjson') }
		]);
		expect(issues).toEqual({ badLines: 0, first: [], truncated: [] });
		// 207 requests of 1–4 rows, 512 rows (scripts/make-capture-fixture.mjs).
		expect(table.requests).toBe(207);
		expect(table.rows).toBe(512);
		expect([...table.inputs.keys()]).toEqual([
			'Island',
			'Beak Length (mm)',
			'Beak Depth (mm)',
			'Flipper Length (mm)',
			'Body Mass (g)',
			'Sex',
			'row_id'
		]);
		expect(table.inputs.get('row_id')!.cell(0)).toBe('r0001');
		expect(table.inputs.get('row_id')!.cell(511)).toBe('r0512');
		expect(table.version.dictionary).toEqual(['penguins-gbdt.v1@1']);
		expect(new Set(table.prediction.dictionary)).toEqual(new Set(['Adelie', 'Chinstrap', 'Gentoo']));
		// Simulated times: 8 hours from 08:00 UTC.
		expect(new Date(Math.min(...table.requestTime)).toISOString().slice(0, 13)).toBe('2026-11-02T08');
		expect(new Date(Math.max(...table.requestTime)).toISOString().slice(0, 13)).toBe('2026-11-02T15');
	});

	it('gives the same table whatever the pieces the text arrives in', () => {
		const whole = text('capture-1.ndjson');
		const builder = new CaptureBuilder('capture');
		const counter = new IssueCounter();
		const reader = new CaptureReader(builder, 'a', counter);
		for (let at = 0; at < whole.length; at += 997) reader.push(whole.slice(at, at + 997));
		reader.end();
		const once = readCaptureTexts([{ name: 'a', text: whole }]).table;
		const pieces = builder.table();
		expect(pieces.rows).toBe(once.rows);
		expect(Array.from(pieces.requestTime)).toEqual(Array.from(once.requestTime));
		expect(Array.from(pieces.latency)).toEqual(Array.from(once.latency));
		expect(Array.from(pieces.inputs.get('Body Mass (g)')!.codes)).toEqual(Array.from(once.inputs.get('Body Mass (g)')!.codes));
	});

	it('counts bad lines by number, keeps going, and tells a cut-off last line apart', () => {
		const good = (k: number) => record(`2026-01-01T00:0${k}:00Z`, k, { x: [String(k)] }, { label: ['a'] });
		const lines = [
			good(0),
			'{"time": "2026-01-01T00:01:00Z", "rows": 1',
			good(2),
			'',
			JSON.stringify({ time: 'yesterday', rows: 1, inputs: {}, outputs: {} }),
			record('2026-01-01T00:05:00Z', 1, { x: ['1', '2'] }, { label: ['a'] }),
			'[1, 2]',
			JSON.stringify({ time: '2026-01-01T00:07:00Z', rows: 1, inputs: { x: [1, 2] }, outputs: {} }),
			good(8),
			good(9)
		];
		const cut = lines.join('\n').slice(0, -5);
		const { table, issues } = readCaptureTexts([{ name: 'c.ndjson', text: cut }]);
		expect(table.requests).toBe(3);
		expect(issues.badLines).toBe(5);
		expect(issues.truncated).toEqual(['c.ndjson']);
		expect(issues.first.map((i) => i.line)).toEqual([2, 5, 6, 7, 8]);
		expect(issues.first[0].message).toMatch(/^not JSON/);
		expect(issues.first[1].message).toBe('"time" is not an ISO time ("yesterday")');
		expect(issues.first[2].message).toBe('its outputs have 1 predictions for 2 rows');
		expect(issues.first[3].message).toBe('not a JSON object');
		expect(issues.first[4].message).toBe('input "x" has 2 cells for 1 rows');
	});

	it('a column first sent later is missing in the rows before', () => {
		const { table } = readCaptureTexts([
			{
				name: 'a',
				text: [
					record('2026-01-01T00:00:00Z', 1, { x: ['1'] }, { label: ['a'] }),
					record('2026-01-01T00:01:00Z', 1, { x: ['2'], y: ['q', null] as never }, { label: ['b'] })
				].join('\n')
			}
		]);
		// The second record's y has 2 cells for 1 row: refused; x alone is kept.
		expect(table.requests).toBe(1);
		const ok = readCaptureTexts([
			{
				name: 'a',
				text: [
					record('2026-01-01T00:00:00Z', 1, { x: ['1'] }, { label: ['a'] }),
					record('2026-01-01T00:01:00Z', 1, { x: ['2'], y: ['q'] }, { label: ['b'] })
				].join('\n')
			}
		]).table;
		expect([ok.inputs.get('y')!.cell(0), ok.inputs.get('y')!.cell(1)]).toEqual([null, 'q']);
	});

	it('finds the prediction in each protocol’s outputs', () => {
		expect(predictionsOf({ label: ['a', 'b'], probabilities: [0.9, 0.1, 0.2, 0.8] }, 2)).toEqual(['a', 'b']);
		expect(predictionsOf({ prediction: [1.5, 2] }, 2)).toEqual(['1.5', '2']);
		expect(predictionsOf({ predictions: [{ prediction: 'x', 'p(x)': 1 }] }, 1)).toEqual(['x']);
		expect(predictionsOf({ predictions: ['x', null] }, 2)).toEqual(['x', null]);
		expect(predictionsOf({}, 2)).toEqual([null, null]);
	});

	it('row ids: a column, or the request id (with #k for rows of a batch)', () => {
		const { table } = readCaptureTexts([
			{
				name: 'a',
				text: [
					record('2026-01-01T00:00:00Z', 1, { x: ['1'] }, { label: ['a'] }, 'q1'),
					record('2026-01-01T00:00:01Z', 1, { x: ['2', '3'] }, { label: ['a', 'b'] }, 'q2'),
					record('2026-01-01T00:00:02Z', 1, { x: ['4'] }, { label: ['a'] })
				].join('\n')
			}
		]);
		expect(rowIds(table, { kind: 'request' })).toEqual(['q1', 'q2#0', 'q2#1', null]);
		expect(rowIds(table, { kind: 'column', column: 'x' })).toEqual(['1', '2', '3', '4']);
		expect(() => rowIds(table, { kind: 'column', column: 'id' })).toThrow('the capture has no column "id" to join labels by');
	});
});

describe('a table of scored rows', () => {
	const frame = createFrame([
		{ kind: 'date', name: 'at', values: Float64Array.from([Date.parse('2026-01-01T00:00:00Z'), NaN, Date.parse('2026-01-01T01:30:00Z')]) },
		{ kind: 'number', name: 'x', values: Float64Array.from([1.5, 2, NaN]) },
		{ kind: 'category', name: 'pred', codes: Int32Array.from([0, 1, 0]), dictionary: ['yes', 'no'] }
	]);

	it('becomes one request per row, rows without a time counted', () => {
		const { table, issues } = tableToCapture(frame, { time: 'at', prediction: 'pred', features: ['x'] }, 'scored.csv');
		expect(table.rows).toBe(2);
		expect(Array.from(table.requestTime)).toEqual([Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T01:30:00Z')]);
		expect(Number.isNaN(table.latency[0])).toBe(true);
		expect([table.inputs.get('x')!.cell(0), table.inputs.get('x')!.cell(1)]).toEqual(['1.5', null]);
		expect([table.prediction.cell(0), table.prediction.cell(1)]).toEqual(['yes', 'yes']);
		expect(issues.badLines).toBe(1);
		expect(issues.first[0]).toEqual({ file: 'scored.csv', line: 2, message: 'row 2: column "at" holds no readable time' });
	});

	it('names a column that is not there', () => {
		expect(() => tableToCapture(frame, { time: 'when', prediction: 'pred', features: [] }, 'scored.csv')).toThrow(
			'scored.csv has no column "when" (chosen as the time column)'
		);
	});
});
