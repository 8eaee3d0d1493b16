import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import type { DatasetValue, MetricsValue, ModelValue, ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { emptyDoc, registry, run, sampleDataset, testContext } from '../../test-kit';
import split from '../split/split';
import forest from './forest';
import tree from './tree';

type Params = Record<string, string | number | boolean | string[]>;

/** io.dataset → split → model, with Evaluate and Predict on the trained model. */
function pipeline(sample: string, target: string, model: string, params: Params): { doc: PipelineDocument; ids: Record<string, string> } {
	let doc = emptyDoc();
	const ids: Record<string, string> = {};
	const add = (key: string, type: string, p: Params = {}) => {
		const added = addNode(doc, registry, type, { x: Object.keys(ids).length * 200, y: 0 }, p);
		doc = added.doc;
		ids[key] = added.id;
	};
	const link = (from: string, fromPort: string, to: string, toPort: string) => {
		const linked = connect(doc, registry, { node: ids[from], port: fromPort }, { node: ids[to], port: toPort });
		if (!linked.ok) throw new Error(linked.reason);
		doc = linked.doc;
	};
	add('source', 'io.dataset', { source: 'sample', sample });
	add('split', 'split.train-test', { target });
	add('model', model, params);
	add('evaluate', 'evaluate.metrics');
	add('predict', 'deploy.predict');
	link('source', 'data', 'split', 'data');
	link('split', 'data', 'model', 'data');
	link('model', 'model', 'evaluate', 'model');
	link('split', 'data', 'evaluate', 'data');
	link('model', 'model', 'predict', 'model');
	link('source', 'data', 'predict', 'data');
	return { doc, ids };
}

describe('model.tree and model.forest in a real run', () => {
	it('a forest on penguins (with its missing measurements) evaluates, predicts every row and reports importances', async () => {
		const { doc, ids } = pipeline('penguins', 'Species', 'model.forest', { trees: 25 });
		const result = await run(doc);
		expect(Object.fromEntries(result.errors)).toEqual({});
		const model = result.outputs.get(ids.model)!.model as ModelValue;
		expect(model).toMatchObject({ family: 'forest', task: 'classification', backend: 'typed-arrays', nativeMissing: true });
		expect(model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
		expect(model.curves.oob_accuracy).toHaveLength(25);
		expect(model.curves.val_accuracy).toHaveLength(25);
		const metrics = result.outputs.get(ids.evaluate)!.metrics as MetricsValue;
		expect(metrics.test?.task === 'classification' && metrics.test.accuracy).toBeGreaterThan(0.9);
		const predictions = result.outputs.get(ids.predict)!.data as DatasetValue;
		expect(predictions.frame.rowCount).toBe(344);
		const report = (result.outputs.get(ids.model)!.report as ReportValue).report as TableReport;
		expect(report.columns).toEqual(['feature', 'importance']);
		expect(report.rows.map((r) => r[0]).sort()).toEqual([...model.features].sort());
		expect(JSON.parse(JSON.stringify(model.estimator))).toEqual(model.estimator);
	});

	it('a regression tree on diabetes evaluates with R²', async () => {
		const { doc, ids } = pipeline('diabetes', 'progression', 'model.tree', { maxDepth: 3 });
		const result = await run(doc);
		expect(Object.fromEntries(result.errors)).toEqual({});
		const model = result.outputs.get(ids.model)!.model as ModelValue;
		expect(model).toMatchObject({ family: 'tree', task: 'regression' });
		const metrics = result.outputs.get(ids.evaluate)!.metrics as MetricsValue;
		expect(metrics.test?.task).toBe('regression');
		expect(Number.isFinite(metrics.test?.task === 'regression' ? metrics.test.r2 : NaN)).toBe(true);
	});

	it('Cancel during a forest returns the trees so far with a stop note', async () => {
		const ctx = testContext();
		const controller = new AbortController();
		const data = (
			await split.run!(
				{ data: sampleDataset('penguins') },
				{ target: 'Species', train: 0.7, validation: 0.15, stratify: true, seed: 42 } as never,
				ctx
			)
		).data;
		const params = { ...Object.fromEntries(Object.entries(forest.params).map(([k, s]) => [k, s.default])), trees: 50 };
		let messages = 0;
		const out = await forest.run!({ data }, params as never, {
			...ctx,
			signal: controller.signal,
			// The first tree always reports; cancelling there leaves exactly one tree.
			progress: () => {
				messages++;
				controller.abort();
			}
		});
		const model = out.model as ModelValue;
		expect(messages).toBeGreaterThan(0);
		expect(model.stopped?.reason).toBe('cancelled');
		expect(model.stopped!.completed).toBe(1);
		expect((model.estimator as { trees: unknown[] }).trees).toHaveLength(model.stopped!.completed);
	});

	it('says what to do without a target', async () => {
		const ctx = testContext();
		const defaults = Object.fromEntries(Object.entries(tree.params).map(([k, s]) => [k, s.default]));
		await expect(Promise.resolve().then(() => tree.run!({ data: sampleDataset('iris') }, defaults as never, ctx))).rejects.toThrow(
			/no target: add a Split node/
		);
	});
});
