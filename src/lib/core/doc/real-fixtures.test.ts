import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClassificationMetrics, MetricsValue } from '../nodes/ports';
import { registry, run } from '../nodes/test-kit';
import { SEED_DEFAULTS_V1 } from './migrations';
import { parseDocument } from './serialise';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures');

/**
 * Pipeline files of every released format version, written with the real node catalog:
 * they must keep opening without warnings and keep giving the same numbers.
 */
describe('released pipeline files', () => {
	it('format 1: the penguins Quick model opens cleanly and reproduces its metrics', async () => {
		const parsed = parseDocument(readFileSync(join(FIXTURES, 'penguins-quick-model.v1.json'), 'utf8'), registry);
		if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
		expect(parsed.warnings).toEqual([]);
		expect(parsed.readOnly).toBe(false);
		expect(parsed.doc.nodes.some((n) => n.inert)).toBe(false);
		const res = await run(parsed.doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const metrics = res.outputs.get('metrics-1')!.metrics as MetricsValue;
		const test = metrics.test as ClassificationMetrics;
		// Recorded when the fixture was made (tessera run on this file): 51 test rows, all correct.
		expect(test.rows).toBe(51);
		expect(test.accuracy).toBe(1);
		expect(test.confusion).toEqual([
			[23, 0, 0],
			[0, 10, 0],
			[0, 0, 18]
		]);
	});

	it('format 1: every node keeps the seed it ran with (seeds now follow the document seed only when left empty)', () => {
		const text = readFileSync(join(FIXTURES, 'every-family.tessera.json'), 'utf8');
		const raw = JSON.parse(text) as { nodes: { id: string; params: Record<string, unknown> }[] };
		const parsed = parseDocument(text, registry);
		if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
		expect(parsed.warnings).toEqual([]);
		expect(parsed.doc.schema.sequences.doc).toBe(3);
		const seeded = parsed.doc.nodes.filter((n) => 'seed' in n.params);
		expect(seeded.length).toBeGreaterThan(10);
		for (const n of seeded) expect(n.params.seed).toBe(raw.nodes.find((r) => r.id === n.id)!.params.seed);
	});

	it("format 1 → 2: a node seed left out gets its old default; Scatter matrix's 0 (the document seed) becomes empty", () => {
		const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, params });
		const file = {
			format: 'tessera/pipeline',
			schema: { sequences: { doc: 1 } },
			meta: { name: 'seeds', created: '', modified: '' },
			seeds: { global: 7 },
			nodes: [
				node('split', 'split.train-test', {}),
				node('tree', 'model.tree', {}),
				node('forest', 'model.forest', { seed: 5 }),
				node('matrix', 'explore.scatter-matrix', { seed: 0 }),
				node('matrix2', 'explore.scatter-matrix', { seed: 9 }),
				node('table', 'explore.table', {})
			],
			edges: [],
			data: []
		};
		const parsed = parseDocument(JSON.stringify(file), registry);
		if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
		expect(parsed.warnings).toEqual([]);
		const seed = (id: string) => parsed.doc.nodes.find((n) => n.id === id)!.params.seed;
		expect([seed('split'), seed('tree'), seed('forest'), seed('matrix'), seed('matrix2'), seed('table')]).toEqual([
			42,
			0,
			5,
			null,
			9,
			undefined
		]);
	});

	it('the format 1 seed defaults name every node type with a seed param, and each is a seed param', () => {
		for (const type of Object.keys(SEED_DEFAULTS_V1)) expect(registry.get(type)?.params.seed?.type, type).toBe('seed');
		const seeded = registry.all.filter((d) => 'seed' in d.params).map((d) => d.type);
		// Compare models came after format 1: no version-1 file holds one.
		expect(seeded.filter((t) => !(t in SEED_DEFAULTS_V1)).sort()).toEqual(['evaluate.compare-models', 'explore.scatter-matrix']);
	});
});
