import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline } from '../../../engine/run';
import type { CategoryColumn, NumberColumn } from '../../../frame/types';
import { builtinNodes } from '../../catalog';
import { rowsWithRole } from '../../dataset';
import { classCodes, labelledRows, modelMatrix } from '../../modeling';
import type { ClassificationMetrics, DatasetValue, MetricsValue, ModelValue, ReportValue } from '../../ports';
import { Role } from '../../ports';
import { predict } from '../../predictors';
import { createRegistry } from '../../registry';
import type { FactsReport, TableReport } from '../../reports';
import { emptyDoc, host } from '../../test-kit';
import fairness from './fairness';
import segments from './segments';

// The real catalog plus these two nodes (until the catalog lists them; then without duplicates).
const mine = [segments, fairness];
const registry = createRegistry([...builtinNodes.filter((d) => !mine.some((m) => m.type === d.type)), ...mine]);

type Params = Record<string, string | number>;

/** Dataset → Split → model → Evaluate and the node under test, both fed the split data. */
async function pipeline(sample: string, target: string, model: string, modelParams: Params, type: string, params: Params) {
	let doc: PipelineDocument = emptyDoc();
	const add = (t: string, p: Params) => {
		const r = addNode(doc, registry, t, { x: 0, y: 0 }, p);
		doc = r.doc;
		return r.id;
	};
	const link = (from: string, fp: string, to: string, tp: string) => {
		const c = connect(doc, registry, { node: from, port: fp }, { node: to, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	};
	const data = add('io.dataset', { source: 'sample', sample });
	const split = add('split.train-test', { target, seed: 42 });
	const fit = add(model, modelParams);
	const evaluate = add('evaluate.metrics', {});
	const node = add(type, params);
	link(data, 'data', split, 'data');
	link(split, 'data', fit, 'data');
	for (const to of [evaluate, node]) {
		link(fit, 'model', to, 'model');
		link(split, 'data', to, 'data');
	}
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
	const out = (port: string) => (res.outputs.get(node)?.[port] as ReportValue | undefined)?.report;
	return {
		error: res.errors.get(node),
		report: out('report') as TableReport,
		summary: out('summary') as FactsReport | undefined,
		metrics: res.outputs.get(evaluate)?.metrics as MetricsValue,
		model: res.outputs.get(fit)?.model as ModelValue,
		data: res.outputs.get(split)?.data as DatasetValue
	};
}

/** The held-out rows and the model's predicted codes for them, recomputed here. */
async function heldOut(model: ModelValue, data: DatasetValue, role: number) {
	const rows = labelledRows(data.frame, model.target, rowsWithRole(data, role));
	const out = await predict(model, modelMatrix(model, data.frame, rows));
	return { rows, out };
}

const column = <T>(data: DatasetValue, name: string) => data.frame.columns.find((c) => c.name === name) as T;
const GBDT = { maxIter: 20 };

describe('Metrics by segment and Fairness by group nodes', () => {
	it('have a label and help for every param', () => {
		for (const def of mine) {
			expect(def.category).toBe('evaluate');
			for (const spec of Object.values(def.params)) expect(spec.label && spec.help).toBeTruthy();
		}
		expect([segments.title, fairness.title]).toEqual(['Metrics by segment', 'Fairness by group']);
	});

	it('penguins by Island: accuracy and macro F1 per island, worst first, overall row as Evaluate', async () => {
		const r = await pipeline('penguins', 'Species', 'model.gbdt', GBDT, 'evaluate.segments', {
			rows: 'test',
			column: 'Island',
			minRows: 10
		});
		expect(r.error).toBeUndefined();
		expect(r.report.columns).toEqual(['segment', 'rows', 'accuracy', 'macro F1']);
		const { rows, out } = await heldOut(r.model, r.data, Role.test);
		const truth = classCodes(r.data.frame, 'Species', rows, r.model.classes!);
		const island = column<CategoryColumn>(r.data, 'Island');
		// Expected: group by island, pool islands under 10 rows, accuracy by counting.
		const names = Array.from(rows, (row) => island.dictionary[island.codes[row]]);
		const size = (n: string) => names.filter((m) => m === n).length;
		const pooled = names.map((n) => (size(n) < 10 ? '(other)' : n));
		const expected = new Map<string, { rows: number; right: number }>();
		pooled.forEach((g, i) => {
			const e = expected.get(g) ?? { rows: 0, right: 0 };
			expected.set(g, { rows: e.rows + 1, right: e.right + (truth[i] === out.codes![i] ? 1 : 0) });
		});
		const body = r.report.rows.slice(0, -1);
		expect(body.length).toBe(expected.size);
		expect(expected.size).toBeGreaterThan(1);
		for (const [seg, n, accuracy] of body) {
			const e = expected.get(seg as string)!;
			expect(n).toBe(e.rows);
			expect(accuracy).toBeCloseTo(e.right / e.rows, 12);
		}
		const accuracies = body.map((row) => row[2] as number);
		expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
		const test = r.metrics.test as ClassificationMetrics;
		expect(r.report.rows.at(-1)!.slice(1)).toEqual([test.rows, test.accuracy, test.f1Macro]);
	});

	it('diabetes by bmi (regression): quantile bins, RMSE per bin recomputed from the rows in it, largest first', async () => {
		const r = await pipeline('diabetes', 'progression', 'model.linear', {}, 'evaluate.segments', { column: 'bmi', bins: 4, minRows: 1 });
		expect(r.error).toBeUndefined();
		expect(r.report.columns).toEqual(['segment', 'rows', 'RMSE', 'MAE', 'R²']);
		const { rows, out } = await heldOut(r.model, r.data, Role.validation);
		const bmi = column<NumberColumn>(r.data, 'bmi');
		const y = column<NumberColumn>(r.data, 'progression');
		const body = r.report.rows.slice(0, -1);
		expect(body.length).toBe(4);
		let covered = 0;
		for (const [seg, n, rmse, mae] of body) {
			const [lo, hi] = (seg as string).slice(1, -1).split(', ').map(Number);
			const closed = (seg as string).endsWith(']');
			const inBin = [...rows.keys()].filter(
				(i) => bmi.values[rows[i]] >= lo && (closed ? bmi.values[rows[i]] <= hi : bmi.values[rows[i]] < hi)
			);
			const err = inBin.map((i) => y.values[rows[i]] - out.values![i]);
			expect(n).toBe(inBin.length);
			expect(rmse).toBeCloseTo(Math.sqrt(err.reduce((s, e) => s + e * e, 0) / err.length), 9);
			expect(mae).toBeCloseTo(err.reduce((s, e) => s + Math.abs(e), 0) / err.length, 9);
			covered += inBin.length;
		}
		expect(covered).toBe(rows.length);
		const rmses = body.map((row) => row[2] as number);
		expect(rmses).toEqual([...rmses].sort((a, b) => b - a));
		expect(r.report.rows.at(-1)![2]).toBeCloseTo((r.metrics.validation as { rmse: number }).rmse, 9);
	});

	it('penguins by Sex for Adelie: selection rate, TPR, FPR, precision per group and the differences', async () => {
		const r = await pipeline('penguins', 'Species', 'model.gbdt', GBDT, 'evaluate.fairness', { sensitive: 'Sex', positive: 'Adelie' });
		expect(r.error).toBeUndefined();
		expect(r.report.columns).toEqual(['group', 'rows', 'selection rate', 'true-positive rate', 'false-positive rate', 'precision']);
		const { rows, out } = await heldOut(r.model, r.data, Role.validation);
		const adelie = r.model.classes!.indexOf('Adelie');
		const truth = classCodes(r.data.frame, 'Species', rows, r.model.classes!);
		const sex = column<CategoryColumn>(r.data, 'Sex');
		const groupOf = (row: number) => (sex.codes[row] < 0 ? '(missing)' : sex.dictionary[sex.codes[row]]);
		const groups = [...new Set(Array.from(rows, groupOf))].sort();
		expect(r.report.rows.map((row) => row[0])).toEqual(groups);
		const selection: number[] = [];
		const tprs: number[] = [];
		for (const row of r.report.rows) {
			const at = [...rows.keys()].filter((i) => groupOf(rows[i]) === row[0]);
			const pos = at.filter((i) => truth[i] === adelie);
			const neg = at.filter((i) => truth[i] !== adelie);
			const chosen = at.filter((i) => out.codes![i] === adelie);
			const tp = pos.filter((i) => out.codes![i] === adelie).length;
			const fp = chosen.length - tp;
			const expected = [
				at.length,
				chosen.length / at.length,
				pos.length ? tp / pos.length : 0,
				neg.length ? fp / neg.length : 0,
				chosen.length ? tp / chosen.length : 0
			];
			row.slice(1).forEach((v, j) => expect(v).toBeCloseTo(expected[j], 12));
			selection.push(expected[1]);
			tprs.push(expected[2]);
		}
		const facts = Object.fromEntries(r.summary!.facts.map((f) => [f.label.split(' (')[0], f.value]));
		expect(facts['Demographic-parity difference']).toBeCloseTo(Math.max(...selection) - Math.min(...selection), 12);
		expect(facts['Equal-opportunity difference']).toBeCloseTo(Math.max(...tprs) - Math.min(...tprs), 12);
		expect(r.report.title).toMatch(/demographic-parity difference .* pp, equal-opportunity difference .* pp/);
	});

	it('fairness explains what to fix: no positive class for three classes, a regression model, a number column', async () => {
		const three = await pipeline('penguins', 'Species', 'model.gbdt', GBDT, 'evaluate.fairness', { sensitive: 'Sex' });
		expect(three.error).toMatch(/3 classes \(Adelie, Chinstrap, Gentoo\).*Positive class/);
		const unknown = await pipeline('penguins', 'Species', 'model.gbdt', GBDT, 'evaluate.fairness', {
			sensitive: 'Sex',
			positive: 'Emperor'
		});
		expect(unknown.error).toMatch(/"Emperor".*one of Adelie, Chinstrap, Gentoo/);
		const regression = await pipeline('diabetes', 'progression', 'model.linear', {}, 'evaluate.fairness', { sensitive: 'sex' });
		expect(regression.error).toMatch(/needs a classifier/);
		const segmentsMissing = await pipeline('diabetes', 'progression', 'model.linear', {}, 'evaluate.segments', { column: 'nope' });
		expect(segmentsMissing.error).toMatch(/column "nope" \(param "column"\) is not in the data/);
	});
});
