import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import type { MetricsValue, ModelValue, ReportValue } from '../nodes/ports';
import type { TableReport } from '../nodes/reports';
import { quickModel } from '../nodes/templates/quick-model';
import { defineNode, type NodeDefinition, type NodeOutputs } from '../nodes/define';
import { searchResults, type TuneReport } from '../nodes/catalog/evaluate/tune';
import { port } from '../nodes/ports';
import { createRegistry } from '../nodes/registry';
import { emptyDoc, host, registry } from '../nodes/test-kit';
import { OutputCache } from '../engine/cache';
import { experimentsOfRun, pipelineHash, RunTracker, withCurrentDocHash } from './records';
import { createHash } from 'node:crypto';
import { stableStringify, cacheKey } from '../util/hash';
import type { EngineEvent } from '../engine/events';
import { runPipeline } from '../engine/run';

/** Penguins → quick logistic model → Evaluate, plus a 3-fold Cross-validate of the model. */
function penguinsDoc(): { doc: PipelineDocument; model: string; cv: string; evaluate: string } {
	let doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic',
		seed: 42
	});
	const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
	const cv = addNode(doc, registry, 'evaluate.cross-validate', { x: 0, y: 0 }, { folds: 3 });
	doc = cv.doc;
	for (const [from, fp, tp] of [
		[id('model.logistic'), 'model', 'model'],
		[id('split.train-test'), 'data', 'data']
	] as const) {
		const c = connect(doc, registry, { node: from, port: fp }, { node: cv.id, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	return { doc, model: id('model.logistic'), cv: cv.id, evaluate: id('evaluate.metrics') };
}

async function recordedRun(doc: PipelineDocument, cache: OutputCache, runId: string) {
	const tracker = new RunTracker();
	const result = await runPipeline({ doc, registry, cache, host, backend: 'cpu', onEvent: tracker.observe });
	const experiments = experimentsOfRun({
		doc,
		registry,
		outputs: result.outputs,
		ran: tracker.ran,
		errors: result.errors,
		startedNodes: tracker.started,
		runId,
		started: Date.UTC(2026, 10, 27, 6, 0, 0),
		backend: 'cpu',
		datasets: ['sample:penguins'],
		project: 'p1',
		projectName: 'Penguins'
	});
	return { result, experiments };
}

const setParam = (doc: PipelineDocument, node: string, params: Record<string, number | string>): PipelineDocument => ({
	...doc,
	nodes: doc.nodes.map((n) => (n.id === node ? { ...n, params: { ...n.params, ...params } } : n))
});

describe('experimentsOfRun', () => {
	it('records the model and the cross-validation that ran, with their figures; cached nodes are no new experiment', async () => {
		const { doc, model, cv, evaluate } = penguinsDoc();
		const cache = new OutputCache();
		const { result, experiments } = await recordedRun(doc, cache, 'r1');
		expect(Object.fromEntries(result.errors)).toEqual({});
		expect(experiments.map((e) => [e.id, e.kind, e.nodeType, e.status])).toEqual([
			[`r1:${model}`, 'model', 'model.logistic', 'done'],
			[`r1:${cv}`, 'cross-validation', 'evaluate.cross-validate', 'done']
		]);
		const [m, c] = experiments;
		const trained = result.outputs.get(model)!.model as ModelValue;
		const evaluated = result.outputs.get(evaluate)!.metrics as MetricsValue;
		expect(m).toMatchObject({
			run: 'r1',
			project: 'p1',
			projectName: 'Penguins',
			family: 'logistic',
			task: 'classification',
			started: '2026-11-27T06:00:00.000Z',
			backend: 'typed-arrays',
			datasets: ['sample:penguins']
		});
		expect(m.docHash).toBe(pipelineHash(doc));
		expect(m.doc).toBe(doc);
		// Defaults are filled in, so two runs compare param by param.
		expect(m.params).toMatchObject({ penalty: 'l2', C: 1, l1Ratio: 0.5 });
		expect(evaluated.test!.task).toBe('classification');
		if (evaluated.test!.task !== 'classification') return;
		expect(m.metrics['test accuracy']).toBe(evaluated.test!.accuracy);
		expect(m.metrics['test f1Macro']).toBe(evaluated.test!.f1Macro);
		expect(m.curves.loss).toEqual(Array.from(trained.curves.loss));
		expect(m.metrics['final loss']).toBe(trained.curves.loss[trained.curves.loss.length - 1]);

		const report = (result.outputs.get(cv)!.report as ReportValue).report as TableReport;
		const mean = report.rows[report.rows.length - 2];
		const std = report.rows[report.rows.length - 1];
		expect(c.metrics).toEqual({
			'cv accuracy mean': mean[3],
			'cv accuracy std': std[3],
			'cv macro F1 mean': mean[4],
			'cv macro F1 std': std[4],
			'cv ROC-AUC mean': mean[5],
			'cv ROC-AUC std': std[5]
		});
		expect(c.metrics['cv accuracy mean']).toBeGreaterThan(0.95);
		expect(c).toMatchObject({ family: 'logistic', task: 'classification', params: { scheme: 'stratified', folds: 3, 'model.C': 1 } });

		// Nothing changed: everything comes from the cache, nothing new to record.
		expect((await recordedRun(doc, cache, 'r2')).experiments).toEqual([]);
		// A model param changed: the model and the cross-validation of it ran again.
		const again = await recordedRun(setParam(doc, model, { C: 0.01 }), cache, 'r3');
		expect(again.experiments.map((e) => [e.node, e.params.C ?? e.params['model.C']])).toEqual([
			[model, 0.01],
			[cv, 0.01]
		]);
		expect(again.experiments[0].docHash).not.toBe(m.docHash);
	});

	it('records a node that failed while running, but not one that never started', async () => {
		const { doc, cv } = penguinsDoc();
		const { experiments } = await recordedRun(setParam(doc, cv, { scheme: 'grouped' }), new OutputCache(), 'r1');
		const failed = experiments.find((e) => e.node === cv)!;
		expect(failed).toMatchObject({ status: 'error', error: 'Cross-validate: Grouped folds need a Group column', metrics: {}, ms: 0 });
		// A split whose target does not exist fails; the model downstream never starts.
		const split = doc.nodes.find((n) => n.type === 'split.train-test')!.id;
		const broken = setParam(doc, split, { target: 'no such column' });
		const r = await recordedRun(broken, new OutputCache(), 'r2');
		expect(r.result.errors.size).toBeGreaterThan(0);
		expect(r.experiments).toEqual([]);
	});
});

/** Trains "epochs" until cancelled and keeps what it has, as real model nodes do. */
const trainer = defineNode({
	type: 'test.trainer',
	version: 1,
	category: 'model',
	title: 'Trainer',
	description: '',
	inputs: {},
	outputs: { model: port.model() },
	params: {},
	run: async (_i, _p, ctx) => {
		const loss: number[] = [];
		while (!ctx.signal.aborted && loss.length < 1000) {
			loss.push(1 / (loss.length + 1));
			ctx.progress(loss.length / 1000);
			await new Promise((r) => setTimeout(r, 1));
		}
		const stopped = ctx.signal.aborted ? { reason: 'cancelled' as const, completed: loss.length, kept: `epoch ${loss.length}` } : undefined;
		return {
			model: {
				kind: 'model',
				family: 'test',
				task: 'regression',
				target: 'y',
				features: [],
				classes: null,
				recipe: [],
				estimator: null,
				backend: 'cpu',
				trainMs: 0,
				curves: { loss },
				stopped
			}
		};
	}
});

it('a model kept after Cancel is recorded as cancelled, with the curve it reached', async () => {
	const doc: PipelineDocument = { ...emptyDoc(), nodes: [{ id: 't', type: 'test.trainer', params: {}, position: { x: 0, y: 0 } }] };
	const controller = new AbortController();
	const tracker = new RunTracker();
	const reg = createRegistry([trainer] as NodeDefinition[]);
	const result = await runPipeline({
		doc,
		registry: reg,
		cache: new OutputCache(),
		host,
		signal: controller.signal,
		onEvent: (e) => {
			tracker.observe(e);
			if (e.type === 'progress' && e.fraction >= 0.005) controller.abort();
		}
	});
	const [e] = experimentsOfRun({
		doc,
		registry: reg,
		outputs: result.outputs,
		ran: tracker.ran,
		errors: result.errors,
		startedNodes: tracker.started,
		runId: 'r',
		started: 0,
		backend: 'cpu',
		datasets: [],
		project: null,
		projectName: 'x'
	});
	const n = e.curves.loss.length;
	expect(n).toBeGreaterThanOrEqual(5);
	expect(n).toBeLessThan(1000);
	expect(e).toMatchObject({ status: 'cancelled', kind: 'model', family: 'test', backend: 'cpu', metrics: { 'final loss': 1 / n } });
});

it("the done event of a model kept after Cancel carries `stopped`, and the experiment's status reads it", async () => {
	const doc: PipelineDocument = { ...emptyDoc(), nodes: [{ id: 't', type: 'test.trainer', params: {}, position: { x: 0, y: 0 } }] };
	const controller = new AbortController();
	const tracker = new RunTracker();
	const events: EngineEvent[] = [];
	const reg = createRegistry([trainer] as NodeDefinition[]);
	const result = await runPipeline({
		doc,
		registry: reg,
		cache: new OutputCache(),
		host,
		signal: controller.signal,
		onEvent: (e) => {
			events.push(e);
			tracker.observe(e);
			if (e.type === 'progress' && e.fraction >= 0.005) controller.abort();
		}
	});
	const done = events.find((e) => e.type === 'done');
	expect(done).toEqual({
		type: 'done',
		node: 't',
		ms: expect.any(Number),
		stopped: { reason: 'cancelled', kept: expect.stringMatching(/^epoch \d+$/) }
	});
	expect(tracker.ran.get('t')).toEqual({
		ms: expect.any(Number),
		stopped: { reason: 'cancelled', kept: expect.stringMatching(/^epoch \d+$/) }
	});
	// The status comes from the event, not from the model: with the model's own `stopped` taken away it still reads cancelled…
	const model = result.outputs.get('t')!.model as ModelValue;
	const outputs = new Map([['t', { model: { ...model, stopped: undefined } }]]);
	const facts = {
		doc,
		registry: reg,
		outputs,
		errors: result.errors,
		startedNodes: tracker.started,
		runId: 'r',
		started: 0,
		backend: 'cpu',
		datasets: [],
		project: null,
		projectName: 'x'
	};
	expect(experimentsOfRun({ ...facts, ran: tracker.ran })[0].status).toBe('cancelled');
	// …and a node that finished without `stopped` is done.
	expect(experimentsOfRun({ ...facts, ran: new Map([['t', { ms: 1 }]]) })[0].status).toBe('done');
});

describe("nodes' experiment hooks read their own structured reports", () => {
	const record = (type: string, outputs: NodeOutputs, fed: ModelValue | null = null) =>
		registry.get(type)!.experiment!.record!(outputs, fed);
	const table = (extra: Partial<TableReport>): NodeOutputs => ({
		report: { kind: 'report', report: { type: 'table', title: 't', columns: [], rows: [], ...extra } }
	});

	it("Cross-validate: mean and std per metric from the fold figures, the fed model's params as model.<name>", () => {
		const folds = {
			metrics: ['RMSE', 'R²'],
			values: [
				[1, NaN],
				[1.5, 0.5]
			],
			mean: [1.25, NaN],
			std: [0.25, NaN]
		};
		const fed = { trainedBy: { type: 'model.linear', version: 1, params: { alpha: 2 } } } as unknown as ModelValue;
		expect(record('evaluate.cross-validate', table({ folds }), fed)).toEqual({
			metrics: { 'cv RMSE mean': 1.25, 'cv RMSE std': 0.25, 'cv R² mean': NaN, 'cv R² std': NaN },
			params: { 'model.alpha': 2 }
		});
		expect(record('evaluate.cross-validate', table({})).metrics).toEqual({});
		expect(record('evaluate.cross-validate', {}).metrics).toEqual({});
	});

	it('Tune: best value and the trial scores', () => {
		const report = {
			type: 'tune',
			metric: 'accuracy',
			best: { n: 2, value: 0.9, params: { C: 2 } },
			trials: [{ value: 0.8 }, { value: 0.9 }, { value: null, error: 'failed' }]
		} as unknown as TuneReport;
		expect(searchResults(report)).toEqual({ metrics: { 'best accuracy': 0.9 }, curves: { 'accuracy by trial': [0.8, 0.9, NaN] } });
		expect(record('evaluate.tune', { report: { kind: 'report', report } })).toEqual({
			metrics: { 'best accuracy': 0.9 },
			curves: { 'accuracy by trial': [0.8, 0.9, NaN] }
		});
		expect(searchResults({ ...report, best: null, trials: [] })).toEqual({ metrics: {}, curves: {} });
		expect(record('evaluate.tune', table({}))).toEqual({});
	});
});

describe('experiments and signatures (issue 11)', () => {
	it('a Registered model node with no model chosen fails as not configured and is no experiment', async () => {
		const added = addNode(emptyDoc(), registry, 'deploy.registered-model', { x: 0, y: 0 }, {});
		const tracker = new RunTracker();
		const result = await runPipeline({
			doc: added.doc,
			registry,
			cache: new OutputCache(),
			host,
			backend: 'cpu',
			onEvent: tracker.observe
		});
		expect(result.errors.get(added.id)).toMatch(/choose the model name/);
		expect([...result.notConfigured]).toEqual([added.id]);
		const facts = {
			doc: added.doc,
			registry,
			outputs: result.outputs,
			ran: tracker.ran,
			errors: result.errors,
			startedNodes: tracker.started,
			runId: 'r1',
			started: 0,
			backend: 'cpu',
			datasets: [],
			project: 'p1',
			projectName: 'P'
		};
		expect(experimentsOfRun({ ...facts, notConfigured: result.notConfigured })).toEqual([]);
		// It fails while its key is made (its fingerprint asks for the name), before it starts;
		// had it started, only knowing why it failed keeps it from being a failed experiment.
		expect(tracker.started.has(added.id)).toBe(false);
		const hadStarted = { ...facts, startedNodes: new Set([added.id]) };
		expect(experimentsOfRun({ ...hadStarted, notConfigured: result.notConfigured })).toEqual([]);
		expect(experimentsOfRun(hadStarted).map((e) => e.status)).toEqual(['error']);
	});

	it('each experiment carries its node signature, the same on a re-run of an unchanged node', async () => {
		const { doc, model, cv } = penguinsDoc();
		const one = await recordedRun(doc, new OutputCache(), 'r1');
		const withSigs = experimentsOfRun({
			doc,
			registry,
			outputs: one.result.outputs,
			ran: new Map([
				[model, { ms: 1 }],
				[cv, { ms: 1 }]
			]),
			errors: one.result.errors,
			runId: 'r1',
			started: 0,
			backend: 'cpu',
			datasets: [],
			project: 'p1',
			projectName: 'P',
			signatures: one.result.signatures
		});
		expect(withSigs.map((e) => e.signature)).toEqual([one.result.signatures.get(model), one.result.signatures.get(cv)]);
		const two = await recordedRun(doc, new OutputCache(), 'r2');
		expect(two.result.signatures.get(model)).toBe(one.result.signatures.get(model));
		const changed = await recordedRun(setParam(doc, model, { C: 0.01 }), new OutputCache(), 'r3');
		expect(changed.result.signatures.get(model)).not.toBe(one.result.signatures.get(model));
	});
});

describe('pipeline fingerprints', () => {
	const { doc } = penguinsDoc();
	const identity = stableStringify({ nodes: doc.nodes.map((n) => [n.type, n.params]), edges: doc.edges, seeds: doc.seeds });

	it('are the SHA-256 of the pipeline identity (what changes results), not of where nodes sit', () => {
		expect(pipelineHash(doc)).toBe('sha256:' + createHash('sha256').update(identity, 'utf8').digest('hex'));
		const moved = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: n.position.x + 50, y: n.position.y } })) };
		expect(pipelineHash(moved)).toBe(pipelineHash(doc));
	});

	it('an experiment stored with the older FNV hash reads back with the fingerprint its snapshot gives', () => {
		// What earlier versions stored: FNV-1a of the same identity, 16 digits.
		const stored = { id: 'old', doc, docHash: cacheKey(identity) };
		expect(stored.docHash).toMatch(/^[0-9a-f]{16}$/);
		expect(withCurrentDocHash(stored)).toEqual({ ...stored, docHash: pipelineHash(doc) });
		const current = { id: 'new', doc, docHash: pipelineHash(doc) };
		expect(withCurrentDocHash(current)).toBe(current);
	});
});
