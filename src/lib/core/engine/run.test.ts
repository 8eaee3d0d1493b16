import { describe, expect, it } from 'vitest';
import { defineNode, type NodeDefinition } from '../nodes/define';
import { port } from '../nodes/ports';
import { createRegistry } from '../nodes/registry';
import { OutputCache } from './cache';
import type { EngineEvent } from './events';
import { runPipeline, type EngineHost } from './run';
import { add, calls, constant, report, sourcelessHost, testDoc, valueOf } from './test-nodes';

const slow = defineNode({
	type: 'test.slow',
	version: 1,
	category: 'model',
	title: 'Slow',
	description: '',
	inputs: { a: port.report() },
	outputs: { out: port.report() },
	params: {},
	run: async (i, _p, ctx) => {
		for (let step = 0; step < 100; step++) {
			if (ctx.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
			ctx.progress(step / 100);
			await new Promise((r) => setTimeout(r, 5));
		}
		return { out: i.a! };
	}
});
const wantsDataset = defineNode({
	type: 'test.wants-dataset',
	version: 1,
	category: 'model',
	title: 'Wants dataset',
	description: '',
	inputs: { data: port.dataset() },
	outputs: { out: port.report() },
	params: {},
	run: () => ({ out: report(0) })
});
/** Trains "epochs" until cancelled, then hands back the model it has, as a real model node must. */
const trainer = defineNode({
	type: 'test.trainer',
	version: 1,
	category: 'model',
	title: 'Trainer',
	description: '',
	inputs: { a: port.report() },
	outputs: { model: port.model() },
	params: {},
	run: async (_i, _p, ctx) => {
		let epochs = 0;
		while (!ctx.signal.aborted && epochs < 1000) {
			epochs++;
			ctx.progress(epochs / 1000);
			await new Promise((r) => setTimeout(r, 2));
		}
		const stopped = ctx.signal.aborted
			? { reason: 'cancelled' as const, completed: epochs, kept: `the weights of epoch ${epochs}` }
			: undefined;
		return {
			model: {
				kind: 'model',
				family: 'test',
				task: 'regression',
				target: 'y',
				features: [],
				classes: null,
				recipe: [],
				estimator: { epochs },
				backend: 'cpu',
				trainMs: 0,
				curves: {},
				stopped
			}
		};
	}
});
const usesModel = defineNode({
	type: 'test.uses-model',
	version: 1,
	category: 'evaluate',
	title: 'Uses model',
	description: '',
	inputs: { model: port.model() },
	outputs: { out: port.report() },
	params: {},
	run: () => ({ out: report(1) })
});
const registry = createRegistry([constant, add, slow, wantsDataset, trainer, usesModel] as NodeDefinition[]);
const host: EngineHost = sourcelessHost;

const doc = testDoc;

describe('runPipeline', () => {
	const graph = (plusB: number) =>
		doc(
			[
				['c1', 'test.constant', { value: 2 }],
				['c2', 'test.constant', { value: 10 }],
				['a', 'test.add', { plus: 1 }],
				['b', 'test.add', { plus: plusB }]
			],
			[
				['c1', 'out', 'a', 'a'],
				['a', 'out', 'b', 'a'],
				['c2', 'out', 'b', 'b']
			]
		);

	it('computes through the graph', async () => {
		const res = await runPipeline({ doc: graph(100), registry, cache: new OutputCache(), host });
		expect(valueOf(res.outputs.get('a')!.out)).toBe(3);
		expect(valueOf(res.outputs.get('b')!.out)).toBe(113);
		expect(res.errors.size).toBe(0);
	});

	it('re-runs only the edited node and its descendants', async () => {
		const cache = new OutputCache();
		await runPipeline({ doc: graph(100), registry, cache, host });
		calls.length = 0;
		const events: EngineEvent[] = [];
		const res = await runPipeline({ doc: graph(200), registry, cache, host, onEvent: (e) => events.push(e) });
		expect(calls).toEqual(['add+200']);
		expect(valueOf(res.outputs.get('b')!.out)).toBe(213);
		const cached = events
			.filter((e) => e.type === 'cached')
			.map((e) => e.node)
			.sort();
		expect(cached).toEqual(['a', 'c1', 'c2']);
	});

	it('ignores node ids and positions in the cache key', async () => {
		const cache = new OutputCache();
		await runPipeline({ doc: graph(5), registry, cache, host });
		calls.length = 0;
		const renamed = doc(
			[
				['x1', 'test.constant', { value: 2 }],
				['x2', 'test.constant', { value: 10 }],
				['y', 'test.add', { plus: 1 }],
				['z', 'test.add', { plus: 5 }]
			],
			[
				['x1', 'out', 'y', 'a'],
				['y', 'out', 'z', 'a'],
				['x2', 'out', 'z', 'b']
			]
		);
		await runPipeline({ doc: renamed, registry, cache, host });
		expect(calls).toEqual([]);
	});

	it('runs only the ancestors of a target', async () => {
		calls.length = 0;
		const res = await runPipeline({ doc: graph(1), registry, cache: new OutputCache(), host, targets: ['a'] });
		expect(calls.sort()).toEqual(['add+1', 'constant=2']);
		expect(res.outputs.has('b')).toBe(false);
	});

	it('reports cycles, missing inputs and wrong kinds per node, and runs the rest', async () => {
		const d = doc(
			[
				['c', 'test.constant', {}],
				['p', 'test.add', {}],
				['q', 'test.add', {}],
				['lonely', 'test.add', {}],
				['w', 'test.wants-dataset', {}]
			],
			[
				['p', 'out', 'q', 'a'],
				['q', 'out', 'p', 'a'],
				['c', 'out', 'w', 'data']
			]
		);
		const res = await runPipeline({ doc: d, registry, cache: new OutputCache(), host });
		expect(res.errors.get('p')).toMatch(/cycle/);
		expect(res.errors.get('q')).toMatch(/cycle/);
		expect(res.errors.get('lonely')).toMatch(/input "a" is not connected/);
		expect(res.errors.get('w')).toMatch(/expects dataset but receives report/);
		expect(valueOf(res.outputs.get('c')!.out)).toBe(1);
	});

	it('cancels a running node and the nodes after it', async () => {
		const d = doc(
			[
				['c', 'test.constant', {}],
				['s', 'test.slow', {}],
				['after', 'test.add', {}]
			],
			[
				['c', 'out', 's', 'a'],
				['s', 'out', 'after', 'a']
			]
		);
		const controller = new AbortController();
		const events: EngineEvent[] = [];
		const run = runPipeline({
			doc: d,
			registry,
			cache: new OutputCache(),
			host,
			signal: controller.signal,
			onEvent: (e) => {
				events.push(e);
				if (e.type === 'progress' && e.fraction >= 0.1) controller.abort();
			}
		});
		const res = await run;
		expect(res.cancelled).toBe(true);
		expect(res.outputs.has('s')).toBe(false);
		expect(
			events
				.filter((e) => e.type === 'cancelled')
				.map((e) => e.node)
				.sort()
		).toEqual(['after', 's']);
		const progress = events.filter((e) => e.type === 'progress');
		expect(progress.length).toBeLessThan(20);
	});

	it('keeps a model cancelled mid-training, uncached, and does not start the nodes after it', async () => {
		const d = doc(
			[
				['c', 'test.constant', {}],
				['t', 'test.trainer', {}],
				['after', 'test.uses-model', {}]
			],
			[
				['c', 'out', 't', 'a'],
				['t', 'model', 'after', 'model']
			]
		);
		const controller = new AbortController();
		const events: EngineEvent[] = [];
		const cache = new OutputCache();
		const res = await runPipeline({
			doc: d,
			registry,
			cache,
			host,
			signal: controller.signal,
			onEvent: (e) => {
				events.push(e);
				if (e.type === 'progress' && e.fraction >= 0.005) controller.abort();
			}
		});
		expect(res.cancelled).toBe(true);
		const model = res.outputs.get('t')!.model as { estimator: { epochs: number } };
		expect(model.estimator.epochs).toBeGreaterThanOrEqual(5);
		expect(model.estimator.epochs).toBeLessThan(1000);
		const done = events.find((e) => e.type === 'done' && e.node === 't');
		expect(done && done.type === 'done' && done.stopped).toEqual({
			reason: 'cancelled',
			kept: expect.stringMatching(/^the weights of epoch \d+$/)
		});
		expect(events.filter((e) => e.type === 'cancelled').map((e) => e.node)).toEqual(['after']);
		expect(cache.size).toBe(1); // only the constant: the partial model must retrain next time
	});

	it('names the node when one fails', async () => {
		const bad = defineNode({
			type: 'test.bad',
			version: 1,
			category: 'clean',
			title: 'Broken step',
			description: '',
			inputs: {},
			outputs: { out: port.report() },
			params: {},
			run: () => {
				throw new Error('column "x" is missing');
			}
		});
		const reg = createRegistry([bad, add] as NodeDefinition[]);
		const res = await runPipeline({
			doc: doc(
				[
					['b', 'test.bad', {}],
					['a', 'test.add', {}]
				],
				[['b', 'out', 'a', 'a']]
			),
			registry: reg,
			cache: new OutputCache(),
			host
		});
		expect(res.errors.get('b')).toBe('Broken step: column "x" is missing');
		expect(res.errors.get('a')).toMatch(/upstream node failed/);
	});
});
