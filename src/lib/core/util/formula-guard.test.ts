/**
 * Every CSV the app writes for people keeps the spreadsheet-formula guard (OWASP CSV
 * injection): text starting with = + - @ tab or CR is written with a leading ' so a
 * spreadsheet shows it instead of running it. The writers: csvText (tables of the experiments
 * export — tested in experiments/table.test.ts —, the tune trials, the offline predictor's
 * results file) and the batch predictions of `tessera predict` (scoring/output.ts). The share
 * bundle's data CSVs (bundle/frame-csv.ts) are unguarded on purpose: they must read back to
 * the very data, and are read by Tessera, not opened as a report.
 */
import { describe, expect, it } from 'vitest';
import type { TuneReport } from '../nodes/catalog/evaluate/tune';
import { trialsCsv } from '../nodes/catalog/evaluate/tune';
import { csvHeader, csvRows, type OutputLayout } from '../scoring/output';
import { csvText } from './csv-text';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1'];

describe('the formula guard of every CSV writer', () => {
	it('csvText: each formula start is quoted inert, numbers stay numbers', () => {
		const text = csvText(['name', 'x'], [...HOSTILE.map((h) => [h, -1]), ['plain', -0.5]]);
		expect(text.split('\r\n')).toEqual([
			'name,x',
			`"'=HYPERLINK(""http://x"",""y"")",-1`,
			`"'+cmd|"" /C calc""!A0",-1`,
			`"'-2+3",-1`,
			`"'@SUM(A1:A9)",-1`,
			`"'\t=1",-1`,
			`"'\r=1",-1`,
			'plain,-0.5',
			''
		]);
	});

	it('the tune trials CSV: hostile setting values and error messages', () => {
		const report: TuneReport = {
			type: 'tune',
			title: 'Tune',
			strategy: 'grid',
			metric: 'accuracy',
			direction: 'max',
			budget: 2,
			folds: 0,
			parallel: 1,
			modelType: 'model.tree',
			space: 'criterion: gini, =1+1',
			dimensions: ['criterion'],
			trials: [
				{ n: 1, status: 'done', value: 0.9, metrics: { accuracy: 0.9 }, ms: 1000, params: { criterion: '=1+1' } },
				{ n: 2, status: 'failed', value: null, metrics: {}, ms: 500, params: { criterion: 'gini' }, error: '@evil()' }
			],
			best: null
		};
		expect(trialsCsv(report).split('\r\n')).toEqual([
			'trial,accuracy,criterion,seconds,status,error',
			`1,0.9,"'=1+1",1,done,`,
			`2,,gini,0.5,failed,"'@evil()"`,
			''
		]);
	});

	it('the predictions CSV (tessera predict): hostile ids, class labels and header; numeric ids and labels as they are', () => {
		const classes = ['=HYPERLINK("x")', '-1', '@a'];
		const layout: OutputLayout = {
			id: '+id',
			classes,
			proba: true,
			header: ['+id', 'prediction', ...classes.map((c) => `p(${c})`), 'error']
		};
		expect(csvHeader(layout)).toBe(`"'+id",prediction,"p(=HYPERLINK(""x""))",p(-1),p(@a),error`);
		const scored = {
			rowCount: 4,
			codes: Int32Array.from([0, 1, 2, -1]),
			values: null,
			proba: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, NaN, NaN, NaN]),
			scored: Uint8Array.from([1, 1, 1, 0]),
			problems: [null, null, null, { column: 'x', problem: 'not a number', message: '=x is not a number' }]
		};
		expect(csvRows(layout, { ids: ['-7', '=cmd()', '-1e3', null], firstRow: 1, scored }).split('\n')).toEqual([
			`-7,"'=HYPERLINK(""x"")",1,0,0,`,
			`"'=cmd()",-1,0,1,0,`,
			`-1e3,"'@a",0,0,1,`,
			`,,,,,"'=x is not a number"`,
			''
		]);
		// The TSV form guards alike.
		expect(csvRows(layout, { ids: ['@x'], firstRow: 1, scored: { ...scored, rowCount: 1 } }, '\t')).toBe(
			`"'@x"\t"'=HYPERLINK(""x"")"\t1\t0\t0\t\n`
		);
	});
});
