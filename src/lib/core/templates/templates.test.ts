import { describe, expect, it } from 'vitest';
import { parseDocument, serialiseDocument } from '../doc/serialise';
import { SAMPLES } from '../nodes/catalog/io/dataset';
import { registry } from '../nodes/test-kit';
import { arrange, COLUMN, ROW } from './build';
import { TEMPLATES, templateById } from './gallery';

// What every template promises before it runs (src/cli/templates.test.ts runs them all).
describe('the templates gallery', () => {
	it('has the nine use cases, each with a unique id', () => {
		expect(TEMPLATES.map((t) => t.id)).toEqual(['churn', 'fraud', 'demand', 'house-prices', 'segmentation', 'anomaly', 'digits', 'text', 'fairness']);
		expect(templateById('fraud')?.title).toBe('Fraud detection');
		expect(templateById('nope')).toBeUndefined();
	});

	describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, t) => {
		const doc = t.build(registry);

		it('is an ordinary pipeline file that opens without warnings', () => {
			const parsed = parseDocument(serialiseDocument(doc), registry);
			expect(parsed.ok && parsed.warnings).toEqual([]);
			expect(doc.meta.name).toBe(t.title);
		});

		it('runs on its bundled sample, with every node labelled', () => {
			const sources = doc.nodes.filter((n) => n.type === 'io.dataset');
			expect(sources.map((n) => n.params.sample)).toEqual([t.dataset.sample]);
			expect((SAMPLES as readonly string[]).includes(t.dataset.sample)).toBe(true);
			for (const n of doc.nodes) expect(n.label, n.id).toMatch(/\S/);
		});

		it('names an existing node for its figure, and a sensible band', () => {
			const node = doc.nodes.find((n) => n.id === t.figure.source.node);
			const type = { metric: 'evaluate.metrics', 'average-precision': 'evaluate.diagnostics', silhouette: 'model.kmeans' }[t.figure.source.kind];
			expect(node?.type).toBe(type);
			expect(t.figure.min).toBeLessThan(t.figure.max);
			expect(t.description.length).toBeGreaterThan(200);
		});

		it('is laid out left to right: every wire runs rightwards and no two nodes share a place', () => {
			const at = new Map(doc.nodes.map((n) => [n.id, n.position]));
			for (const e of doc.edges) expect(at.get(e.to.node)!.x, e.id).toBeGreaterThan(at.get(e.from.node)!.x);
			const places = doc.nodes.map((n) => `${n.position.x},${n.position.y}`);
			expect(new Set(places).size).toBe(places.length);
		});
	});
});

describe('arrange', () => {
	it('puts a node one column after its deepest input, side branches below the chain', () => {
		const doc = templateById('churn')!.build(registry);
		const pos = arrange(doc);
		const col = (id: string) => pos.get(id)!.x / COLUMN;
		const row = (id: string) => pos.get(id)!.y / ROW;
		// dataset → columns → split → one-hot → scale → logistic → metrics / diagnostics
		expect(['dataset-1', 'columns-1', 'train-test-1', 'one-hot-1', 'scale-1', 'logistic-1', 'metrics-1'].map(col)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		// The class-balance chart hangs off the dataset, one row under the main chain.
		expect([col('class-balance-1'), row('class-balance-1'), row('columns-1')]).toEqual([1, 1, 0]);
		// Metrics and diagnostics both take logistic + scale: same column, two rows.
		expect([col('diagnostics-1'), row('metrics-1'), row('diagnostics-1')]).toEqual([6, 0, 1]);
	});
});
