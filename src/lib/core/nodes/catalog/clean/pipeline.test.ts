import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import type { DatasetValue, ModelValue, ReportValue } from '../../ports';
import type { FactsReport, TableReport } from '../../reports';
import { emptyDoc, registry, run } from '../../test-kit';

/** Adds nodes in a chain, data → data, and returns the document with the ids. */
function chain(steps: [string, Record<string, string | number | boolean | string[]>][]): { doc: PipelineDocument; ids: string[] } {
	let doc = emptyDoc();
	const ids: string[] = [];
	for (const [type, params] of steps) {
		const added = addNode(doc, registry, type, { x: ids.length * 200, y: 0 }, params);
		if (ids.length) {
			const from = ids[ids.length - 1];
			const linked = connect(added.doc, registry, { node: from, port: 'data' }, { node: added.id, port: 'data' });
			if (!linked.ok) throw new Error(linked.reason);
			doc = linked.doc;
		} else doc = added.doc;
		ids.push(added.id);
	}
	return { doc, ids };
}

describe('cleaning nodes in a real run', () => {
	it('reports on their report ports, and a model replays outliers and missing values on raw rows', async () => {
		const { doc: base, ids } = chain([
			['io.dataset', { source: 'sample', sample: 'penguins' }],
			['clean.duplicates', {}],
			['split.train-test', { target: 'Species' }],
			['clean.outliers', { action: 'clip', k: 0.5 }],
			['clean.missing', { strategy: 'median', indicators: true }],
			['model.logistic', {}]
		]);
		const predict = addNode(base, registry, 'deploy.predict', { x: 0, y: 200 });
		let doc = predict.doc;
		for (const [from, fromPort, to] of [
			[ids[5], 'model', 'model'],
			[ids[0], 'data', 'data']
		]) {
			const linked = connect(doc, registry, { node: from, port: fromPort }, { node: predict.id, port: to });
			if (!linked.ok) throw new Error(linked.reason);
			doc = linked.doc;
		}
		const result = await run(doc);
		expect(Object.fromEntries(result.errors)).toEqual({});
		const dupReport = (result.outputs.get(ids[1])!.report as ReportValue).report as FactsReport;
		expect(dupReport.facts.map((f) => f.value)).toEqual([344, 0, 344]);
		const outReport = (result.outputs.get(ids[3])!.report as ReportValue).report as TableReport;
		expect(outReport.rows.map((r) => r[0])).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']);
		const model = result.outputs.get(ids[5])!.model as ModelValue;
		expect(model.recipe.map((s) => s.type)).toEqual(['clean.outliers', 'clean.missing']);
		expect(model.features).toContain('Sex_missing');
		const predictions = result.outputs.get(predict.id)!.data as DatasetValue;
		expect(predictions.frame.rowCount).toBe(344);
		expect(predictions.frame.columns.map((c) => c.name)).toContain('prediction');
	});
});
