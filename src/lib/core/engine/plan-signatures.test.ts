import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../doc/types';
import { defineNode, type NodeDefinition } from '../nodes/define';
import { NotConfiguredError } from '../nodes/errors';
import { p } from '../nodes/params';
import { port, type ReportValue } from '../nodes/ports';
import { createRegistry } from '../nodes/registry';
import { OutputCache } from './cache';
import type { EngineEvent } from './events';
import { planRun } from './plan';
import { planSignatures, skippableNodes } from './plan-signatures';
import { runPipeline, type EngineHost } from './run';
import { add, calls, constant, report, sourcelessHost, testDoc } from './test-nodes';

const live = defineNode({
	type: 'test.live',
	version: 1,
	category: 'io',
	title: 'Live',
	description: '',
	// Reads "the world" (as the Registered model node reads the registry's version in use).
	fingerprint: async (_params, world) => {
		if (!world.registeredModelKey) throw new Error('no registry here');
		return world.registeredModelKey('m', null);
	},
	inputs: {},
	outputs: { out: port.report() },
	params: {},
	run: () => {
		calls.push('live');
		return { out: report(7) };
	}
});
const unset = defineNode({
	type: 'test.unset',
	version: 1,
	category: 'model',
	title: 'Unset',
	description: '',
	inputs: {},
	outputs: { out: port.report() },
	params: { name: p.string({ default: '' }) },
	run: (_i, params) => {
		if (!params.name) throw new NotConfiguredError('choose a name');
		return { out: report(1) };
	}
});
const fit = defineNode({
	type: 'test.fit',
	version: 1,
	category: 'model',
	title: 'Fit',
	description: '',
	usesBackend: true,
	inputs: {},
	outputs: { out: port.report() },
	params: { __backend: p.string({ default: '' }) },
	run: () => ({ out: report(1) })
});
const registry = createRegistry([constant, add, live, unset, fit] as NodeDefinition[]);
const host: EngineHost = sourcelessHost;

/** `edges` join out → a. */
function doc(nodes: [string, string, Record<string, number | string>][], edges: [string, string][]): PipelineDocument {
	return testDoc(
		nodes,
		edges.map(([from, to]) => [from, 'out', to, 'a'])
	);
}

/** c → a → b, and c → x (a branch). */
const graph = (xPlus = 5) =>
	doc(
		[
			['c', 'test.constant', { value: 2 }],
			['a', 'test.add', { plus: 1 }],
			['b', 'test.add', { plus: 10 }],
			['x', 'test.add', { plus: xPlus }]
		],
		[
			['c', 'a'],
			['a', 'b'],
			['c', 'x']
		]
	);

/** The version "in use" that test.live's fingerprint reads. */
let inUse = 'm@1';
const world = { registeredModelKey: async () => inUse };

async function keysOf(d: PipelineDocument, backend: 'auto' | 'cpu' | 'wasm' = 'auto') {
	const plan = planRun(d, registry);
	return { plan, ...(await planSignatures(plan, { seed: 42, backend, sourceHash: host.sourceHash, world })) };
}

describe('planSignatures', () => {
	it('gives the signatures a run gives, without running anything', async () => {
		calls.length = 0;
		const { keys } = await keysOf(graph());
		expect(calls).toEqual([]);
		const res = await runPipeline({ doc: graph(), registry, cache: new OutputCache(), host });
		expect(new Map([...keys].map(([id, k]) => [id, k.signature]))).toEqual(res.signatures);
		// Ids stay out of the key; a param changes it for the node and everything after it.
		const other = await keysOf(graph(6));
		expect(other.keys.get('x')!.signature).not.toBe(keys.get('x')!.signature);
		expect(other.keys.get('b')!.signature).toBe(keys.get('b')!.signature);
	});

	it('keys the backend apart from the params, and only for nodes that use it', async () => {
		const d = doc(
			[
				['f', 'test.fit', {}],
				['a', 'test.add', {}],
				['c', 'test.constant', {}]
			],
			[['f', 'a']]
		);
		const [auto, cpu] = [await keysOf(d, 'auto'), await keysOf(d, 'cpu')];
		expect(cpu.keys.get('f')!.signature).not.toBe(auto.keys.get('f')!.signature);
		expect(cpu.keys.get('a')!.signature).not.toBe(auto.keys.get('a')!.signature);
		expect(cpu.keys.get('c')!.signature).toBe(auto.keys.get('c')!.signature);
		// The backend is no pseudo-param: a real param of that name does not stand in for it.
		const named = await keysOf(doc([['f', 'test.fit', { __backend: 'cpu' }]], []), 'auto');
		expect(named.keys.get('f')!.signature).not.toBe(cpu.keys.get('f')!.signature);
	});

	it("a node's fingerprint of outside state joins its key: the same state, the same key; a roll back, a new key downstream too", async () => {
		const d = doc(
			[
				['l', 'test.live', {}],
				['a', 'test.add', {}],
				['c', 'test.constant', {}]
			],
			[['l', 'a']]
		);
		inUse = 'm@1';
		const one = await keysOf(d);
		const again = await keysOf(d);
		expect(again.keys.get('l')!.signature).toBe(one.keys.get('l')!.signature);
		expect(again.keys.get('a')!.signature).toBe(one.keys.get('a')!.signature);
		inUse = 'm@2';
		const rolled = await keysOf(d);
		expect(rolled.keys.get('l')!.signature).not.toBe(one.keys.get('l')!.signature);
		expect(rolled.keys.get('a')!.signature).not.toBe(one.keys.get('a')!.signature);
		expect(rolled.keys.get('c')!.signature).toBe(one.keys.get('c')!.signature);
		// Where the state cannot be read (the CLI has no registry), the node has no key, with the reason.
		const plan = planRun(d, registry);
		const nowhere = await planSignatures(plan, { seed: 42, backend: 'auto', sourceHash: host.sourceHash });
		expect(nowhere.keys.has('l')).toBe(false);
		expect(String(nowhere.errors.get('l'))).toMatch(/no registry here/);
		inUse = 'm@1';
	});

	it('keeps a node whose params are invalid out, with the reason, and its descendants too', async () => {
		const { keys, errors } = await keysOf(
			doc(
				[
					['c', 'test.constant', { value: 'nope' }],
					['a', 'test.add', {}]
				],
				[['c', 'a']]
			)
		);
		expect(keys.size).toBe(0);
		expect(String(errors.get('c'))).toMatch(/invalid parameters/);
		expect(errors.has('a')).toBe(false);
	});
});

describe('skippableNodes', () => {
	it('skips a node only when it and everything after it in the plan have a stored result', async () => {
		const { plan, keys } = await keysOf(graph());
		const sig = (id: string) => keys.get(id)!.signature;
		const all = new Set(['c', 'a', 'b', 'x'].map(sig));
		expect([...skippableNodes(plan, keys, all)].sort()).toEqual(['a', 'b', 'c', 'x']);
		// b changed (no stored result): b must run, so a must give it outputs, so c runs too; x's branch is served.
		const noB = new Set(['c', 'a', 'x'].map(sig));
		expect([...skippableNodes(plan, keys, noB)].sort()).toEqual(['x']);
		expect([...skippableNodes(plan, keys, new Set())]).toEqual([]);
		// "Run to here" on a: the person wants a live, so a and c run; b (not planned) plays no part.
		const toA = planRun(graph(), registry, ['a']);
		expect([...skippableNodes(toA, keys, all, new Set(['a']))]).toEqual([]);
		expect([...skippableNodes(toA, keys, all)].sort()).toEqual(['a', 'c']);
	});

	it('skips a fingerprinted node while the state it reads is unchanged, and not after it changed', async () => {
		const d = doc(
			[
				['l', 'test.live', {}],
				['b', 'test.add', {}]
			],
			[['l', 'b']]
		);
		inUse = 'm@1';
		const before = await keysOf(d);
		const stored = new Set([...before.keys.values()].map((k) => k.signature));
		expect([...skippableNodes(before.plan, before.keys, stored)].sort()).toEqual(['b', 'l']);
		inUse = 'm@2';
		const after = await keysOf(d);
		expect([...skippableNodes(after.plan, after.keys, stored)]).toEqual([]);
		inUse = 'm@1';
	});
});

describe('runPipeline with stored results', () => {
	it('serves skipped nodes as cached without running them or holding outputs, and runs what changed', async () => {
		const first = await runPipeline({ doc: graph(), registry, cache: new OutputCache(), host });
		const stored = new Set(first.signatures.values());
		calls.length = 0;
		const events: EngineEvent[] = [];
		const asked: string[][] = [];
		const lookup = async (sigs: readonly string[]) => {
			asked.push([...sigs]);
			return stored;
		};
		// A fresh cache: as after a reload.
		const again = await runPipeline({
			doc: graph(),
			registry,
			cache: new OutputCache(),
			host,
			stored: lookup,
			onEvent: (e) => events.push(e)
		});
		expect(calls).toEqual([]);
		expect(asked).toHaveLength(1);
		expect(
			events
				.filter((e) => e.type === 'cached')
				.map((e) => e.node)
				.sort()
		).toEqual(['a', 'b', 'c', 'x']);
		expect([...again.restored].sort()).toEqual(['a', 'b', 'c', 'x']);
		expect(again.outputs.size).toBe(0);
		expect(again.errors.size).toBe(0);

		calls.length = 0;
		const edited = await runPipeline({ doc: graph(9), registry, cache: new OutputCache(), host, stored: lookup });
		expect(calls.sort()).toEqual(['add+9', 'constant=2']);
		expect([...edited.restored].sort()).toEqual(['a', 'b']);
		expect((edited.outputs.get('x')!.out as ReportValue).report).toBe(11);
	});

	it('reports a node that is not set up yet as not configured, by its error type', async () => {
		const events: EngineEvent[] = [];
		const res = await runPipeline({
			doc: doc(
				[
					['u', 'test.unset', {}],
					['c', 'test.constant', {}]
				],
				[]
			),
			registry,
			cache: new OutputCache(),
			host,
			onEvent: (e) => events.push(e)
		});
		expect(res.errors.get('u')).toBe('Unset: choose a name');
		expect([...res.notConfigured]).toEqual(['u']);
		expect(events.find((e) => e.type === 'error')).toMatchObject({ node: 'u', notConfigured: true });
		const ok = await runPipeline({ doc: doc([['u', 'test.unset', { name: 'n' }]], []), registry, cache: new OutputCache(), host });
		expect(ok.notConfigured.size).toBe(0);
	});
});
