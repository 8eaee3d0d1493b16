import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import type { Column } from '../../../frame/types';
import type { DatasetValue, ModelValue, ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { retrain } from '../../../engine/recipe';
import { localTrials } from '../../../engine/trial';
import type { NodeContext } from '../../define';
import { emptyDoc, registry, run, testContext } from '../../test-kit';
import { quickModel } from '../../templates/quick-model';
import { trialsCsv, type TuneReport } from './tune';

/** What the engine hands a node, for calling the Tune node directly. */
function engineContext(seed: number): NodeContext {
	const ctx: NodeContext = {
		...testContext(),
		seed,
		retrain: (data, model, params) => retrain(registry, data, model, ctx, params),
		trials: localTrials(registry, () => ctx),
		paramsOf: (type) => registry.get(type)?.params
	};
	return ctx;
}

function attach(doc: PipelineDocument, type: string, params: Record<string, string | number>) {
	const id = (t: string) => doc.nodes.find((n) => n.type === t)!.id;
	const a = addNode(doc, registry, type, { x: 0, y: 0 }, params);
	let out = a.doc;
	for (const [from, fp, tp] of [
		[id('model.logistic'), 'model', 'model'],
		[id('split.train-test'), 'data', 'data']
	] as const) {
		const c = connect(out, registry, { node: from, port: fp }, { node: a.id, port: tp });
		if (!c.ok) throw new Error(c.reason);
		out = c.doc;
	}
	return { doc: out, id: a.id };
}

const penguins = () =>
	quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic',
		seed: 42
	});

async function tune(params: Record<string, string | number>, doc = penguins()) {
	const t = attach(doc, 'evaluate.tune', params);
	const res = await run(t.doc);
	const report = (res.outputs.get(t.id)?.report as ReportValue | undefined)?.report as TuneReport | undefined;
	return { res, report, node: t.id, doc: t.doc };
}

describe('evaluate.tune', () => {
	it('runs the budget, scores on the validation rows, keeps the best and trains it again as its model', async () => {
		const { res, report, node } = await tune({ strategy: 'random', budget: 6, space: 'C: 0.001 .. 100 log', seed: 3 });
		expect(Object.fromEntries(res.errors)).toEqual({});
		expect(report!.trials).toHaveLength(6);
		expect(report!.trials.every((t) => t.status === 'done')).toBe(true);
		const values = report!.trials.map((t) => t.value!);
		expect(report!.best!.value).toBe(Math.max(...values));
		// C ranges over five decades, log-uniformly: the draws are spread, not piled at the top.
		const cs = report!.trials.map((t) => t.params.C as number);
		expect(Math.min(...cs)).toBeLessThan(1);
		const model = res.outputs.get(node)!.model as ModelValue;
		expect(model.trainedBy!.params.C).toBe(report!.best!.params.C);
		expect(report!.metric).toBe('accuracy');
		expect(report!.direction).toBe('max');
		// The trials as CSV: one line per trial, the searched setting and every figure.
		const lines = trialsCsv(report!).trimEnd().split('\r\n');
		expect(lines[0]).toBe('trial,accuracy,C,f1Macro,precisionMacro,recallMacro,rocAuc,seconds,status,error');
		expect(lines).toHaveLength(7);
		const first = lines[1].split(',');
		expect(Number(first[1])).toBe(report!.trials[0].value);
		expect(Number(first[2])).toBe(report!.trials[0].params.C);
		expect(first[first.length - 2]).toBe('done');
	});

	it('never sees the test rows: scrambling their targets changes no trial', async () => {
		const a = await tune({ strategy: 'random', budget: 4, space: 'C: 0.001 .. 100 log' });
		const split = a.res.outputs.get(a.doc.nodes.find((n) => n.type === 'split.train-test')!.id)!.data as DatasetValue;
		// Flip every test row's species to one class: a leaking search would score differently.
		const species = split.frame.columns.find((c) => c.name === 'Species')! as Extract<Column, { kind: 'category' }>;
		const codes = species.codes.map((c, i) => (split.roles![i] === 3 ? 0 : c));
		expect(codes.some((c, i) => c !== species.codes[i])).toBe(true);
		const values = (r: TuneReport) => r.trials.map((t) => t.value);
		// Same pipeline through the engine twice, second time with scrambled test targets fed straight to the node.
		const tuneDef = registry.get('evaluate.tune')!;
		const model = a.res.outputs.get(a.doc.nodes.find((n) => n.type === 'model.logistic')!.id)!.model as ModelValue;
		const rerun = async (data: DatasetValue) => {
			// seed: null follows the document seed, as the node in the pipeline does.
			const out = await tuneDef.run!(
				{ model, data },
				{ strategy: 'random', budget: 4, space: 'C: 0.001 .. 100 log', metric: 'auto', folds: 0, gridPoints: 4, seed: null },
				engineContext(a.doc.seeds.global)
			);
			return (out.report as ReportValue).report as TuneReport;
		};
		const clean = await rerun(split);
		const dirty = await rerun({
			...split,
			frame: { ...split.frame, columns: split.frame.columns.map((c) => (c === species ? { ...species, codes } : c)) }
		});
		expect(values(dirty)).toEqual(values(clean));
		expect(values(clean)).toEqual(values(a.report!));
	});

	it('per-trial cross-validation equals the Cross-validate node on the same folds', async () => {
		const { report } = await tune({ strategy: 'grid', budget: 5, space: 'C: 0.5 .. 2', gridPoints: 2, folds: 3, seed: 7 });
		expect(report!.trials.map((t) => t.params.C)).toEqual([0.5, 2]);
		let doc = penguins();
		const lr = doc.nodes.find((n) => n.type === 'model.logistic')!;
		doc = { ...doc, nodes: doc.nodes.map((n) => (n === lr ? { ...n, params: { ...n.params, C: 0.5 } } : n)) };
		const cv = attach(doc, 'evaluate.cross-validate', { scheme: 'stratified', folds: 3, seed: 7 });
		const res = await run(cv.doc);
		const table = (res.outputs.get(cv.id)!.report as ReportValue).report as TableReport;
		expect(report!.trials[0].value).toBeCloseTo(table.rows.find((r) => r[0] === 'mean')![3] as number, 12);
	});

	it('a grid tries every combination once, within the budget', async () => {
		const { report } = await tune({ strategy: 'grid', budget: 50, space: 'C: 0.01 .. 10 log\npenalty: l1 | l2', gridPoints: 3 });
		expect(report!.trials).toHaveLength(6);
		const seen = new Set(report!.trials.map((t) => `${t.params.C}/${t.params.penalty}`));
		expect(seen.size).toBe(6);
		expect([...new Set(report!.trials.map((t) => t.params.C as number))].sort((a, b) => a - b)).toEqual([
			0.01,
			expect.closeTo(0.31622776601683794, 12),
			10
		]);
	});

	it('says what is wrong: a bad space, a metric of the other task, no validation rows', async () => {
		const bad = await tune({ space: 'C: 10 .. 1' });
		expect(bad.res.errors.get(bad.node)).toMatch(/^Tune hyperparameters: search space: line 1/);
		const unknown = await tune({ space: 'depth: 1 .. 3 int' });
		expect(unknown.res.errors.get(unknown.node)).toMatch(/depth/);
		const metric = await tune({ metric: 'rmse', budget: 2 });
		expect(metric.res.errors.get(metric.node)).toBe(
			'Tune hyperparameters: "rmse" does not measure a classification model: pick accuracy, f1Macro or rocAuc'
		);
		let doc = penguins();
		doc = { ...doc, nodes: doc.nodes.map((n) => (n.type === 'split.train-test' ? { ...n, params: { ...n.params, validation: 0 } } : n)) };
		const noVal = await tune({ budget: 2 }, doc);
		expect(noVal.res.errors.get(noVal.node)).toMatch(
			/no validation rows to score a trial on: give the Split a validation share, or cross-validate each trial/
		);
	});

	it("with no space, searches the model node's default ranges", async () => {
		const { res, report, node } = await tune({ strategy: 'tpe', budget: 8 });
		expect(Object.fromEntries(res.errors)).toEqual({});
		expect(report!.dimensions.length).toBeGreaterThan(0);
		expect(report!.trials.filter((t) => t.status === 'done')).toHaveLength(8);
		expect(res.outputs.get(node)!.model).toBeDefined();
	});
});
