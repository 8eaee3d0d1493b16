import { describe, expect, it } from 'vitest';
import { emptyDoc, registry } from '../nodes/test-kit';
import { addNode, connect } from './commands';
import { typesForWire, wireEdge } from './wire-drop';

describe('wire drop', () => {
	const base = addNode(emptyDoc(), registry, 'model.logistic', { x: 0, y: 0 });

	it('a model output is offered only to types with a model input, each of which then connects', () => {
		const fits = typesForWire(base.doc, registry, registry.all, { node: base.id, port: 'model', side: 'output' });
		const withModelInput = registry.all.filter((t) => Object.values(t.inputs).some((p) => p.kind === 'model')).map((t) => t.type);
		expect(fits.map((f) => f.type)).toEqual(withModelInput);
		expect(fits.map((f) => f.type)).toContain('evaluate.metrics');
		expect(fits.map((f) => f.type)).not.toContain('clean.scale');
		for (const f of fits) {
			const added = addNode(base.doc, registry, f.type, { x: 300, y: 0 });
			const e = wireEdge({ node: base.id, port: 'model', side: 'output' }, added.id, f.port);
			const r = connect(added.doc, registry, e.from, e.to);
			expect(r.ok, `${f.type}.${f.port}: ${r.ok ? '' : r.reason}`).toBe(true);
		}
	});

	it('an input dragged backwards is offered types with a matching output, connected into it', () => {
		const fits = typesForWire(base.doc, registry, registry.all, { node: base.id, port: 'data', side: 'input' });
		expect(fits.map((f) => f.type)).toContain('io.dataset');
		expect(fits.map((f) => f.type)).not.toContain('evaluate.metrics');
		expect(fits.find((f) => f.type === 'io.dataset')).toEqual({ type: 'io.dataset', port: 'data' });
		expect(wireEdge({ node: base.id, port: 'data', side: 'input' }, 'dataset-1', 'data')).toEqual({
			from: { node: 'dataset-1', port: 'data' },
			to: { node: base.id, port: 'data' }
		});
	});

	it('a report output fits nothing that takes data, and an unknown node fits nothing', () => {
		const fits = typesForWire(base.doc, registry, registry.all, { node: base.id, port: 'report', side: 'output' });
		for (const f of fits) expect(Object.values(registry.get(f.type)!.inputs).some((p) => p.kind === 'report')).toBe(true);
		expect(typesForWire(base.doc, registry, registry.all, { node: 'nope', port: 'model', side: 'output' })).toEqual([]);
	});
});
