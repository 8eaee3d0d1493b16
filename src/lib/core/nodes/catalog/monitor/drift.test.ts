import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline } from '../../../engine/run';
import { isSkipped, type ColumnDrift } from '../../../monitor/drift';
import type { CategoryColumn } from '../../../frame/types';
import type { ClassificationMetrics, DatasetValue, MetricsValue, ReportValue } from '../../ports';
import type { ParamValue } from '../../params';
import { emptyDoc, host, registry } from '../../test-kit';
import type { DriftReport } from './drift';

type Params = Record<string, ParamValue>;

/**
 * penguins.csv as reference, its Biscoe rows as current (a shift on purpose: Biscoe has no
 * Chinstrap and most of the Gentoo, which are larger). With `model`, a gradient-boosted model (it reads missing values itself)
 * trained on a split of it joins, and the reference is the split's output.
 */
async function driftRun(params: Params, opts: { model?: boolean; reference?: boolean } = {}) {
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
	const data = add('io.dataset', { source: 'sample', sample: 'penguins' });
	const filter = add('clean.filter', { expression: "Island == 'Biscoe'" });
	const node = add('monitor.drift', params);
	link(data, 'data', filter, 'data');
	link(filter, 'data', node, 'current');
	let evaluate: string | null = null;
	if (opts.model) {
		const split = add('split.train-test', { target: 'Species', seed: 42 });
		const fit = add('model.gbdt', { maxIter: 20 });
		evaluate = add('evaluate.metrics', {});
		link(data, 'data', split, 'data');
		link(split, 'data', fit, 'data');
		link(fit, 'model', evaluate, 'model');
		link(split, 'data', evaluate, 'data');
		link(fit, 'model', node, 'model');
		if (opts.reference !== false) link(split, 'data', node, 'reference');
	} else link(data, 'data', node, 'reference');
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
	const out = res.outputs.get(node);
	return {
		error: res.errors.get(node),
		report: (out?.report as ReportValue | undefined)?.report as DriftReport,
		table: out?.data as DatasetValue,
		metrics: evaluate ? (res.outputs.get(evaluate)?.metrics as MetricsValue) : null,
		current: res.outputs.get(filter)?.data as DatasetValue
	};
}

const byName = (report: DriftReport, name: string): ColumnDrift => {
	const c = report.result.columns.find((d) => d.column === name);
	if (!c) throw new Error(`no column ${name}`);
	return c;
};

describe('Data drift node', () => {
	it('has a label and help for every param, in the Monitor category', async () => {
		const def = registry.get('monitor.drift')!;
		expect(def.title).toBe('Data drift');
		expect(def.category).toBe('monitor');
		for (const spec of Object.values(def.params)) expect(spec.label && spec.help).toBeTruthy();
	});

	it("penguins vs its Biscoe rows: Kolmogorov–Smirnov p-values equal scipy's ks_2samp", async () => {
		const { report, error } = await driftRun({});
		expect(error).toBeUndefined();
		// 344 reference rows ≤ 1,000: Evidently's rule picks KS for numbers with many values.
		// import pandas as pd; from scipy import stats; df = pd.read_csv('penguins.csv'); cur = df[df.Island == 'Biscoe']
		// stats.ks_2samp(df[c].dropna(), cur[c].dropna())   (scipy 1.10, method 'auto' = exact here)
		const scipy: Record<string, [number, number]> = {
			'Beak Length (mm)': [0.1663515075112932, 0.0034195740683350285],
			'Beak Depth (mm)': [0.3441537976678222, 2.5467159732894082e-12],
			'Flipper Length (mm)': [0.35334593969954825, 5.620723431949668e-13],
			'Body Mass (g)': [0.31783800819413804, 1.5087785236722037e-10]
		};
		for (const [name, [d, pValue]] of Object.entries(scipy)) {
			const c = byName(report, name);
			expect(c.test).toBe('ks');
			expect([c.referenceRows, c.currentRows]).toEqual([342, 167]);
			expect(c.statistic).toBeCloseTo(d, 12);
			expect(Math.abs(c.score - pValue)).toBeLessThan(1e-10);
			expect(c.drifted).toBe(true);
		}
		// Sex is not shifted by the island (83 male / 80 female on Biscoe, 168 / 165 overall).
		expect(byName(report, 'Sex').drifted).toBe(false);
		// Island itself drifts (only one level left); the share and dataset rule follow.
		expect(byName(report, 'Island').drifted).toBe(true);
		const tested = report.result.columns.length;
		expect(report.result.drifted).toBe(report.result.columns.filter((c) => c.drifted).length);
		expect(report.result.share).toBeCloseTo(report.result.drifted / tested, 12);
		expect(report.result.datasetDrift).toBe(true);
		expect(report.reference).toEqual({ kind: 'dataset', rows: 'all', count: 344 });
		expect(report.currentRows).toBe(168);
		expect(report.model).toBeNull();
	});

	it('defaults to every shared column except the target, and honours a column list', async () => {
		const all = await driftRun({});
		expect(all.report.result.columns.map((c) => c.column).sort()).toEqual(
			['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'].sort()
		);
		const two = await driftRun({ columns: ['Sex', 'Body Mass (g)'] });
		expect(two.report.result.columns.map((c) => c.column).sort()).toEqual(['Body Mass (g)', 'Sex']);
		const bad = await driftRun({ columns: ['Wing span'] });
		expect(bad.error).toMatch(/"Wing span" is not in the reference data/);
	});

	it('puts the per-column table on its data port, most drifted first', async () => {
		const { report, table } = await driftRun({});
		expect(table.frame.rowCount).toBe(report.result.columns.length);
		const names = table.frame.columns.find((c) => c.name === 'column');
		expect(names?.kind === 'text' && names.values).toEqual(report.result.columns.map((c) => c.column));
		const flags = table.frame.columns.find((c) => c.name === 'drifted');
		expect(flags?.kind === 'boolean' && Array.from(flags.codes)).toEqual(report.result.columns.map((c) => (c.drifted ? 1 : 0)));
		const test = table.frame.columns.find((c) => c.name === 'test') as CategoryColumn;
		expect(Array.from(test.codes, (code) => test.dictionary[code])).toEqual(report.result.columns.map((c) => c.test));
	});

	it('with a model: training rows as reference, prediction drift, and current metrics beside Evaluate’s test metrics', async () => {
		const { report, error, metrics, current } = await driftRun({}, { model: true });
		expect(error).toBeUndefined();
		expect(report.reference.kind).toBe('dataset');
		if (report.reference.kind === 'dataset') expect(report.reference.rows).toBe('training');
		// The target is no input column; the model's inputs are.
		expect(report.result.columns.some((c) => c.column === 'Species')).toBe(false);
		const md = report.model!;
		expect(md.task).toBe('classification');
		// Evaluate's test metrics, exactly.
		expect(md.test).toEqual(metrics!.test);
		expect(md.testSource).toBe('reference test rows');
		// Current metrics: every Biscoe row with a species (all 168).
		const m = md.current as ClassificationMetrics;
		expect(m.rows).toBe(current.frame.rowCount);
		// The labels it was scored against are the Biscoe species: no Chinstrap there.
		const species = m.labels.map((l, i) => ({ l, support: m.perClass[i].support }));
		expect(species.find((s) => s.l === 'Chinstrap')?.support ?? 0).toBe(0);
		expect(species.find((s) => s.l === 'Gentoo')?.support).toBe(124);
		// Predicted species on Biscoe: no Chinstrap, far more Gentoo than in training → drift.
		expect(isSkipped(md.prediction)).toBe(false);
		if (!isSkipped(md.prediction)) {
			expect(md.prediction.kind).toBe('category');
			expect(md.prediction.drifted).toBe(true);
		}
	});

	it("with only a model: the model's reference sample is the reference", async () => {
		const { report, error } = await driftRun({}, { model: true, reference: false });
		expect(error).toBeUndefined();
		expect(report.reference.kind).toBe('model-sample');
		expect(report.result.columns.length).toBeGreaterThan(0);
		expect(byName(report, 'Flipper Length (mm)').drifted).toBe(true);
		// No reference rows with roles, no model file: no test metrics to compare with.
		expect(report.model!.test).toBeNull();
		expect(report.model!.current?.rows).toBe(168);
	});

	it('says what to connect when neither a reference nor a model is there', async () => {
		let doc: PipelineDocument = emptyDoc();
		const a = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'penguins' });
		doc = a.doc;
		const b = addNode(doc, registry, 'monitor.drift', { x: 0, y: 0 }, {});
		doc = b.doc;
		const c = connect(doc, registry, { node: a.id, port: 'data' }, { node: b.id, port: 'current' });
		if (!c.ok) throw new Error(c.reason);
		const res = await runPipeline({ doc: c.doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
		expect(res.errors.get(b.id)).toMatch(/connect reference rows/);
	});
});
