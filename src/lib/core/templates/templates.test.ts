import { describe, expect, it } from 'vitest';
import { parseDocument, serialiseDocument } from '../doc/serialise';
import { SAMPLES } from '../nodes/catalog/io/dataset';
import { registry } from '../nodes/test-kit';
import { estimatedSize, portAnchor, segmentCrossesRect, tidyLayout } from '../doc/layout';
import { TEMPLATES, templateById } from './gallery';
import { templateDocument } from './document';

// What every template promises before it runs (src/cli/templates.test.ts runs them all).
describe('the templates gallery', () => {
	it('has the nine use cases, each with a unique id', () => {
		expect(TEMPLATES.map((t) => t.id)).toEqual(['churn', 'fraud', 'demand', 'house-prices', 'segmentation', 'anomaly', 'digits', 'text', 'fairness']);
		expect(templateById('fraud')?.title).toBe('Fraud detection');
		expect(templateById('nope')).toBeUndefined();
	});

	describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, t) => {
		const doc = templateDocument(t, registry);

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

describe('a template as it opens', () => {
	const doc = templateDocument(templateById('churn')!, registry);

	it('is already tidy: Tidy layout in the studio moves nothing', () => {
		expect(tidyLayout(doc, registry).nodes.map((n) => n.position)).toEqual(doc.nodes.map((n) => n.position));
	});

	it('runs the main chain along one row, left to right', () => {
		const at = (id: string) => doc.nodes.find((n) => n.id === id)!.position;
		const chain = ['dataset-1', 'columns-1', 'train-test-1', 'one-hot-1', 'scale-1', 'logistic-1'].map(at);
		for (let i = 1; i < chain.length; i++) expect(chain[i].x).toBeGreaterThan(chain[i - 1].x);
	});

	it('carries a note above the graph saying what it is for, over no node', () => {
		expect(doc.notes).toHaveLength(1);
		const note = doc.notes[0];
		expect(note.text).toContain('### Customer churn');
		expect(note.text).toContain('threshold');
		const top = Math.min(...doc.nodes.map((n) => n.position.y));
		expect(note.position.y + note.size.height).toBeLessThanOrEqual(top);
	});
});

describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s wires', (_id, t) => {
	it('never pass under a node they do not touch', () => {
		const doc = templateDocument(t, registry);
		const box = new Map(doc.nodes.map((n) => [n.id, { x: n.position.x, y: n.position.y, box: estimatedSize(n, registry) }]));
		for (const e of doc.edges) {
			const from = doc.nodes.find((n) => n.id === e.from.node)!;
			const to = doc.nodes.find((n) => n.id === e.to.node)!;
			const a = portAnchor(from, registry, 'output', e.from.port);
			const b = portAnchor(to, registry, 'input', e.to.port);
			for (const [id, r] of box) if (id !== from.id && id !== to.id) expect(segmentCrossesRect(a, b, r), `${e.id} under ${id}`).toBe(false);
		}
	});
});
