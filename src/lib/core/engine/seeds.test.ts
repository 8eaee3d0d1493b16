import { describe, expect, it } from 'vitest';
import { addNode, connect, setParam, setSeed } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import type { DatasetValue } from '../nodes/ports';
import { emptyDoc, host, registry } from '../nodes/test-kit';
import { OutputCache } from './cache';
import type { EngineEvent } from './events';
import { runPipeline } from './run';

/**
 * The seed rule (issue 12): a node's seed param left empty follows the document seed; a
 * number is its own seed and overrides it. Only the nodes that follow the document seed
 * have it in their signature.
 */
function pipeline(): PipelineDocument {
	let doc = emptyDoc();
	const add = (type: string, params: Record<string, string | number> = {}) => {
		const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = r.doc;
		return r.id;
	};
	const data = add('io.dataset', { source: 'sample', sample: 'penguins' });
	const follows = add('clean.sample', { method: 'random', rows: 50 });
	const own = add('clean.sample', { method: 'random', rows: 50, seed: 42 });
	const fixed = add('clean.missing');
	for (const to of [follows, own, fixed]) {
		const r = connect(doc, registry, { node: data, port: 'data' }, { node: to, port: 'data' });
		if (!r.ok) throw new Error(r.reason);
		doc = r.doc;
	}
	return { ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, label: ['data', 'follows', 'own', 'fixed'][i] })) };
}

const idOf = (doc: PipelineDocument, label: string) => doc.nodes.find((n) => n.label === label)!.id;

async function runWith(doc: PipelineDocument, cache: OutputCache) {
	const events: EngineEvent[] = [];
	const res = await runPipeline({ doc, registry, cache, host, backend: 'cpu', onEvent: (e) => events.push(e) });
	expect(Object.fromEntries(res.errors)).toEqual({});
	const started = new Set(events.filter((e) => e.type === 'started').map((e) => e.node));
	const rows = (label: string) => {
		const data = res.outputs.get(idOf(doc, label))!.data as DatasetValue;
		return Array.from((data.frame.columns.find((c) => c.name === 'Beak Length (mm)') as { values: Float64Array }).values);
	};
	return { res, started, rows, signature: (label: string) => res.signatures.get(idOf(doc, label))! };
}

describe('the document seed', () => {
	it('a new seed param follows the document seed; a number overrides it', () => {
		const doc = pipeline();
		expect(doc.nodes.find((n) => n.label === 'follows')!.params.seed).toBeNull();
		expect(doc.nodes.find((n) => n.label === 'own')!.params.seed).toBe(42);
	});

	it('changing it re-runs and changes exactly the nodes that follow it', async () => {
		const cache = new OutputCache();
		const doc = pipeline();
		expect(doc.seeds.global).toBe(42);
		const first = await runWith(doc, cache);
		// Following the document seed 42 is the same as a seed of 42 of its own.
		expect(first.rows('follows')).toEqual(first.rows('own'));

		const reseeded = setSeed(doc, 7);
		if (!reseeded.ok) throw new Error(reseeded.error);
		const second = await runWith(reseeded.doc, cache);
		expect([...second.started]).toEqual([idOf(doc, 'follows')]);
		expect(second.signature('follows')).not.toBe(first.signature('follows'));
		expect(second.rows('follows')).not.toEqual(first.rows('follows'));
		// An explicit seed keeps its rows and its cached result; a node without randomness stays cached.
		expect(second.signature('own')).toBe(first.signature('own'));
		expect(second.rows('own')).toEqual(first.rows('own'));
		expect(second.signature('fixed')).toBe(first.signature('fixed'));
		expect(second.signature('data')).toBe(first.signature('data'));
		// The node runs with the seed it follows, which is what gets recorded.
		expect(second.res.keys.get(idOf(doc, 'follows'))!.params.seed).toBe(7);
	});

	it('giving a following node its own seed takes it off the document seed', async () => {
		const cache = new OutputCache();
		let doc = pipeline();
		const id = idOf(doc, 'follows');
		const set = setParam(doc, registry, id, 'seed', 7);
		if (!set.ok) throw new Error(set.error);
		doc = set.doc;
		const first = await runWith(doc, cache);
		const reseeded = setSeed(doc, 1234);
		if (!reseeded.ok) throw new Error(reseeded.error);
		const second = await runWith(reseeded.doc, cache);
		expect(second.started.size).toBe(0);
		expect(second.rows('follows')).toEqual(first.rows('follows'));
	});
});
