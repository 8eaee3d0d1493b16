import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import { migrateNodeParams } from '../../../doc/migrations';
import type { PipelineDocument } from '../../../doc/types';
import type { LinearState } from '../../../ml/models/linear';
import type { LogisticState } from '../../../ml/models/logistic';
import type { DatasetValue, MetricsValue, ModelValue, ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { emptyDoc, registry, run, sampleDataset, testContext } from '../../test-kit';
import split from '../split/split';
import linear from './linear';
import logistic from './logistic';

/** data → split → (steps) → model, with Evaluate on the model and the split data. */
function pipeline(sample: string, target: string, steps: [string, Record<string, unknown>][], model: [string, Record<string, unknown>]) {
	let doc: PipelineDocument = emptyDoc();
	const ids: string[] = [];
	for (const [type, params] of [
		['io.dataset', { source: 'sample', sample }],
		['split.train-test', { target, seed: 42 }],
		...steps,
		model
	] as [string, Record<string, unknown>][]) {
		const added = addNode(doc, registry, type, { x: ids.length * 200, y: 0 }, params as never);
		doc = added.doc;
		if (ids.length) doc = linked(doc, ids[ids.length - 1], 'data', added.id, 'data');
		ids.push(added.id);
	}
	const evaluate = addNode(doc, registry, 'evaluate.metrics', { x: 0, y: 200 });
	doc = linked(evaluate.doc, ids[ids.length - 1], 'model', evaluate.id, 'model');
	doc = linked(doc, ids[ids.length - 2], 'data', evaluate.id, 'data');
	return { doc, modelId: ids[ids.length - 1], evaluateId: evaluate.id };
}

function linked(doc: PipelineDocument, from: string, fromPort: string, to: string, toPort: string): PipelineDocument {
	const c = connect(doc, registry, { node: from, port: fromPort }, { node: to, port: toPort });
	if (!c.ok) throw new Error(c.reason);
	return c.doc;
}

describe('linear model nodes in a real run', () => {
	it('Logistic regression (l1, balanced) on penguins: evaluated, with a sorted coefficients report', async () => {
		const { doc, modelId, evaluateId } = pipeline(
			'penguins',
			'Species',
			[
				['clean.missing', { strategy: 'median' }],
				['features.one-hot', { columns: ['Island', 'Sex'] }],
				['clean.scale', { method: 'standard' }]
			],
			['model.logistic', { penalty: 'l1', C: 0.5, classWeight: 'balanced' }]
		);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const model = res.outputs.get(modelId)!.model as ModelValue;
		expect(model.stopped).toBeUndefined();
		expect(model.curves.loss.length).toBe((model.estimator as LogisticState).iterations);
		// The split keeps validation rows: their log-loss per iteration, falling overall.
		expect(model.curves.val_loss.length).toBe(model.curves.loss.length);
		expect(model.curves.val_loss.at(-1)!).toBeLessThan(model.curves.val_loss[0]);
		const metrics = res.outputs.get(evaluateId)!.metrics as MetricsValue;
		expect(metrics.test!.task === 'classification' && metrics.test!.accuracy).toBeGreaterThanOrEqual(0.95);
		const table = (res.outputs.get(modelId)!.report as ReportValue).report as TableReport;
		expect(table.columns).toEqual(['feature', 'coefficient (Adelie)', 'coefficient (Chinstrap)', 'coefficient (Gentoo)']);
		const size = table.rows.slice(0, -1).map((r) => Math.max(...r.slice(1).map((v) => Math.abs(v as number))));
		expect(size).toEqual([...size].sort((a, b) => b - a));
		expect(table.rows.at(-1)![0]).toBe('(intercept)');
		// The lasso drops some of the 9 features (the one-hot columns carry little once beaks are known).
		expect(size.filter((s) => s === 0).length).toBeGreaterThan(0);
		expect(table.title).toMatch(/features at 0/);
	});

	it('Linear regression (lasso) on diabetes: evaluated, with its objective curve and zeros in the report', async () => {
		const { doc, modelId, evaluateId } = pipeline(
			'diabetes',
			'progression',
			[['clean.scale', { method: 'standard' }]],
			['model.linear', { penalty: 'l1', alpha: 1 }]
		);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const model = res.outputs.get(modelId)!.model as ModelValue;
		expect((model.estimator as LinearState).converged).toBe(true);
		expect(model.curves.loss.length).toBeGreaterThan(1);
		const metrics = res.outputs.get(evaluateId)!.metrics as MetricsValue;
		expect(metrics.test!.task === 'regression' && metrics.test!.r2).toBeGreaterThan(0.3);
		const table = (res.outputs.get(modelId)!.report as ReportValue).report as TableReport;
		expect(table.columns).toEqual(['feature', 'coefficient']);
		expect(table.rows).toHaveLength(11);
	});

	it('v1 params migrate to the same behaviour', () => {
		expect(migrateNodeParams(registry.get('model.logistic')!, 1, { features: [], C: 0.3, maxIter: 200 })).toEqual({
			features: [],
			C: 0.3,
			maxIter: 200,
			penalty: 'l2',
			l1Ratio: 0.5,
			classWeight: 'none',
			tol: 1e-4
		});
		const lin = registry.get('model.linear')!;
		expect(migrateNodeParams(lin, 1, { features: ['a'], alpha: 0 })).toMatchObject({ features: ['a'], penalty: 'none' });
		expect(migrateNodeParams(lin, 1, { features: [], alpha: 10 })).toMatchObject({ penalty: 'l2', alpha: 10 });
	});
});

describe('Cancel while the linear models train', () => {
	const splitData = async (sample: string, target: string) =>
		(
			await split.run!(
				{ data: sampleDataset(sample) },
				{ target, train: 0.7, validation: 0.15, stratify: false, seed: 42 } as never,
				testContext()
			)
		).data as DatasetValue;

	it('keeps the model after a completed iteration, noted as cancelled', async () => {
		const ctl = new AbortController();
		const ctx = { ...testContext(), signal: ctl.signal, progress: () => ctl.abort() };
		const out = await logistic.run!(
			{ data: await splitData('wine', 'cultivar') },
			{ features: [], penalty: 'l2', C: 1, l1Ratio: 0.5, classWeight: 'none', maxIter: 200, tol: 1e-4 } as never,
			ctx
		);
		const model = out.model as ModelValue;
		expect(model.stopped).toEqual({ reason: 'cancelled', completed: 1, kept: 'the coefficients after iteration 1 (not converged)' });
	});

	it('throws an AbortError when nothing was learnt yet', async () => {
		const ctl = new AbortController();
		ctl.abort();
		const params = { features: [], penalty: 'l1', alpha: 1, l1Ratio: 0.5, maxIter: 1000, tol: 1e-4 } as never;
		await expect(
			linear.run!({ data: await splitData('diabetes', 'progression') }, params, { ...testContext(), signal: ctl.signal })
		).rejects.toThrow(/cancelled|abort/i);
	});
});
