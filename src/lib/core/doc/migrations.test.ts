import { describe, expect, it } from 'vitest';
import type { NodeTypeInfo } from '../nodes/define';
import { p } from '../nodes/params';
import { port } from '../nodes/ports';
import { docMigrations, docVersionOf, migrateNodeParams } from './migrations';
import { parseDocument } from './serialise';
import { testLookup } from './test-lookup';
import { DOC_VERSION } from './types';

/** v1 `k` (a fraction) → v2 `ratio`; v2 `ratio` → v3 `percent`. */
const scaler: NodeTypeInfo = {
	type: 'features.scale',
	version: 3,
	inputs: { data: port.dataset() },
	outputs: { data: port.dataset() },
	params: { percent: p.number({ default: 50, min: 0, max: 100 }) },
	migrations: [
		({ k, ...rest }) => ({ ...rest, ratio: k }),
		({ ratio, ...rest }) => ({ ...rest, percent: typeof ratio === 'number' ? ratio * 100 : ratio })
	]
};

const broken: NodeTypeInfo = {
	type: 'features.broken',
	version: 2,
	inputs: {},
	outputs: { data: port.dataset() },
	params: { n: p.int({ default: 3 }) },
	migrations: [
		() => {
			throw new Error('no way back');
		}
	]
};

const lookup = testLookup([scaler, broken]);

function v1File(seq: Record<string, number>, nodes: unknown[]): string {
	return JSON.stringify({
		format: 'tessera/pipeline',
		schema: { sequences: { doc: 1, ...seq } },
		meta: { name: 'm', created: '', modified: '' },
		seeds: { global: 0 },
		nodes,
		edges: [],
		data: []
	});
}

describe('migration machinery', () => {
	it('has one envelope migration per format version', () => {
		expect(docMigrations).toHaveLength(DOC_VERSION);
	});

	it('reads the envelope version; no schema means format 0', () => {
		expect(docVersionOf({ format: 'tessera/pipeline' })).toEqual({ ok: true, version: 0 });
		expect(docVersionOf({ schema: { sequences: { doc: 1 } } })).toEqual({ ok: true, version: 1 });
		expect(docVersionOf({ schema: { sequences: { doc: -1 } } }).ok).toBe(false);
		expect(docVersionOf({ schema: null }).ok).toBe(false);
	});

	it('runs node migrations in order from the file version to the registry version', () => {
		expect(migrateNodeParams(scaler, 1, { k: 0.25 })).toEqual({ percent: 25 });
		expect(migrateNodeParams(scaler, 2, { ratio: 0.5 })).toEqual({ percent: 50 });
		expect(migrateNodeParams(scaler, 3, { percent: 7 })).toEqual({ percent: 7 });
	});

	it('each node type follows its own sequence', () => {
		const text = v1File({ 'node:features.scale': 1, 'node:clean.impute': 2 }, [
			{ id: 's', type: 'features.scale', position: { x: 0, y: 0 }, params: { k: 0.1 } },
			// already at version 2: `method` is not renamed, just unknown
			{ id: 'i', type: 'clean.impute', position: { x: 0, y: 0 }, params: { method: 'mean' } }
		]);
		const r = parseDocument(text, lookup);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.doc.nodes[0].params).toEqual({ percent: 10 });
		expect(r.doc.nodes[1].params).toEqual({ strategy: 'median', columns: [] });
		expect(r.warnings).toEqual(['node "i" (clean.impute): unknown param "method" ignored']);
		expect(r.doc.schema.sequences).toEqual({ doc: 3, 'node:clean.impute': 2, 'node:features.scale': 3 });
	});

	it('a node migration that fails resets that node to defaults and says so', () => {
		const text = v1File({}, [{ id: 'b', type: 'features.broken', position: { x: 0, y: 0 }, params: { n: 9 } }]);
		const r = parseDocument(text, lookup);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.doc.nodes[0].params).toEqual({ n: 3 });
		expect(r.warnings).toEqual([
			'node "b" (features.broken): could not upgrade its params from version 1 (no way back); all params reset to defaults'
		]);
	});

	it('format 0: a missing seed becomes 42 and a malformed edge endpoint is dropped with a warning', () => {
		const v0 = JSON.stringify({
			format: 'tessera/pipeline',
			name: 'old',
			created: '2024-12-01T00:00:00.000Z',
			nodes: [
				{ id: 'a', kind: 'io.dataset', x: 0, y: 0, params: {} },
				{ id: 'b.1', kind: 'clean.impute', x: 10, y: 0, params: { method: 'mode' } }
			],
			edges: [
				{ source: 'a.data', target: 'b.1.data' },
				{ source: 'a', target: 'b.1.data' }
			]
		});
		const r = parseDocument(v0, lookup);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.doc.seeds.global).toBe(42);
		expect(r.doc.meta).toEqual({ name: 'old', created: '2024-12-01T00:00:00.000Z', modified: '2024-12-01T00:00:00.000Z' });
		expect(r.doc.nodes[1].params.strategy).toBe('mode');
		expect(r.doc.edges).toEqual([{ id: 'e1', from: { node: 'a', port: 'data' }, to: { node: 'b.1', port: 'data' } }]);
		expect(r.warnings).toEqual(['edge "e2" (edges[1]): expected from and to as { node, port }; the connection was removed']);
	});

	it('format 0 with garbage in place of nodes is refused, not crashed on', () => {
		const r = parseDocument(JSON.stringify({ format: 'tessera/pipeline', nodes: 5, edges: 'x', seed: 'y' }), lookup);
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.errors).toEqual([
				'nodes: expected a list of nodes, got 5',
				'seeds.global: expected a whole number from 0 to 4294967295, got "y"'
			]);
	});
});
