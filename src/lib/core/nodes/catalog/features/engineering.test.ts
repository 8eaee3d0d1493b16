import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { applyRecipe } from '../../../engine/recipe';
import type { ParamValue } from '../../params';
import type { DatasetValue, ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { emptyDoc, registry, run, sampleDataset } from '../../test-kit';

/** A straight chain of nodes, each feeding the next one's "data" input. */
function chain(steps: [string, Record<string, ParamValue>][]): { doc: PipelineDocument; ids: string[] } {
	let doc = emptyDoc();
	const ids: string[] = [];
	for (const [type, params] of steps) {
		const added = addNode(doc, registry, type, { x: ids.length * 200, y: 0 }, params);
		doc = added.doc;
		if (ids.length) {
			const c = connect(doc, registry, { node: ids[ids.length - 1], port: 'data' }, { node: added.id, port: 'data' });
			if (!c.ok) throw new Error(c.reason);
			doc = c.doc;
		}
		ids.push(added.id);
	}
	return { doc, ids };
}

/** Every cell of a dataset, for comparing two frames. */
const cells = (d: DatasetValue) =>
	d.frame.columns.map((c) => {
		const values: ArrayLike<number | string | null> = c.kind === 'category' || c.kind === 'boolean' ? c.codes : c.values;
		return [c.name, Array.from(values, String)];
	});

describe('engineering nodes in a pipeline', () => {
	it('run after a split, report PCA variance, and replay from the recipe on raw rows exactly', async () => {
		const { doc, ids } = chain([
			['io.dataset', { sample: 'penguins' }],
			['split.train-test', { target: 'Species' }],
			['clean.missing', { strategy: 'median' }],
			['features.group-aggregate', { groupBy: ['Island'], value: 'Body Mass (g)', mean: true, count: true, unseen: 'global' }],
			['features.polynomial', { columns: ['Beak Length (mm)', 'Beak Depth (mm)'] }],
			['features.pca', { columns: ['Flipper Length (mm)', 'Body Mass (g)', 'Beak Length (mm)*Beak Depth (mm)'], components: 2 }]
		]);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const last = res.outputs.get(ids[ids.length - 1])!;
		const report = (last.report as ReportValue).report as TableReport;
		expect(report.rows.map((r) => r[0])).toEqual(['PC1', 'PC2', 'PC3']);
		expect(report.rows[2][3] as number).toBeCloseTo(1, 12);
		const trained = last.data as DatasetValue;
		expect(trained.recipe.map((s) => s.type)).toEqual(['clean.missing', 'features.group-aggregate', 'features.polynomial', 'features.pca']);
		// Predict replays the recipe on the raw file: the same columns and values, row for row.
		const replayed = applyRecipe(registry, sampleDataset('penguins'), trained.recipe);
		expect(cells(replayed)).toEqual(cells(trained));
	});

	it('stateless steps join the recipe too: date parts, lag and text replay on raw rows', async () => {
		const { doc, ids } = chain([
			['io.dataset', { sample: 'seattle-weather' }],
			['features.date-parts', { column: 'date', cyclical: true, dropOriginal: false }],
			['features.lag', { columns: ['temp_max'], orderBy: 'date', groupBy: 'weather', lag: 1, window: 7 }],
			['split.train-test', { target: 'weather' }],
			['features.text', { column: 'weather', mode: 'counts', keepText: true }]
		]);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const trained = res.outputs.get(ids[ids.length - 1])!.data as DatasetValue;
		expect(trained.recipe.map((s) => s.type)).toEqual(['features.date-parts', 'features.lag', 'features.text']);
		expect(trained.frame.columns.map((c) => c.name)).toContain('count:drizzle');
		expect(cells(applyRecipe(registry, sampleDataset('seattle-weather'), trained.recipe))).toEqual(cells(trained));
	});
});
