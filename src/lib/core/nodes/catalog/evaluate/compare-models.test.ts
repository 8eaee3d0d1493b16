import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import { experimentsOfRun } from '../../../experiments/records';
import type { PipelineDocument } from '../../../doc/types';
import { localTrials } from '../../../engine/trial';
import type { TrialRunner, TrialSetup } from '../../define';
import { Role, type DatasetValue, type ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { emptyDoc, registry, run, testContext } from '../../test-kit';
import { foldRoles } from '../../validation';
import { quickModel } from '../../templates/quick-model';
import { compareFamilies, COMPARED_FAMILIES, leaderboardMetric } from './compare-models';
import type { LeaderboardReport } from './leaderboard';

type Params = Record<string, string | number | boolean>;

/** wine → Split(cultivar) → Compare models, and the same Split → Logistic regression → Cross-validate. */
function wineDoc(compare: Params, cv: Params) {
	let doc: PipelineDocument = emptyDoc();
	const add = (type: string, params: Params) => {
		const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = r.doc;
		return r.id;
	};
	const link = (from: string, fp: string, to: string, tp: string) => {
		const c = connect(doc, registry, { node: from, port: fp }, { node: to, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	};
	const source = add('io.dataset', { source: 'sample', sample: 'wine' });
	const split = add('split.train-test', { target: 'cultivar', train: 0.8, validation: 0, seed: 3 });
	const logistic = add('model.logistic', {});
	const cvNode = add('evaluate.cross-validate', cv);
	const cmp = add('evaluate.compare-models', compare);
	link(source, 'data', split, 'data');
	link(split, 'data', logistic, 'data');
	link(logistic, 'model', cvNode, 'model');
	link(split, 'data', cvNode, 'data');
	link(split, 'data', cmp, 'data');
	return { doc, split, cv: cvNode, cmp };
}

const only = (...families: string[]): Params => Object.fromEntries(COMPARED_FAMILIES.map((f) => [f, families.includes(f)]));

describe('evaluate.compare-models', () => {
	it('scores each family as Cross-validate does on the same folds', async () => {
		const { doc, cv, cmp } = wineDoc(
			{ folds: 5, seed: 11, prepare: 'none', ...only('logistic', 'tree', 'naive-bayes') },
			{ folds: 5, seed: 11 }
		);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const board = (res.outputs.get(cmp)!.report as ReportValue).report as LeaderboardReport;
		const folds = ((res.outputs.get(cv)!.report as ReportValue).report as TableReport).folds!;
		expect(board.type).toBe('leaderboard');
		expect(board.metric).toBe('accuracy');
		expect(board.rows.map((r) => r.status)).toEqual(['done', 'done', 'done']);
		const logistic = board.rows.find((r) => r.family === 'logistic')!;
		// Cross-validate's accuracy column, fold by fold, and its mean ± std.
		expect(logistic.scores).toEqual(folds.values.map((v) => v[0]));
		expect(logistic.mean.accuracy).toBeCloseTo(folds.mean[0], 12);
		expect(logistic.std.accuracy).toBeCloseTo(folds.std[0], 12);
		expect(logistic.mean.f1Macro).toBeCloseTo(folds.mean[1], 12);
		expect(board.heldOut).toEqual(folds.heldOut);
		// Sorted best first; the best has no test against itself, the others do.
		const means = board.rows.map((r) => r.mean.accuracy);
		expect([...means].sort((a, b) => b - a)).toEqual(means);
		expect(board.rows[0].versusBest).toBeNull();
		for (const r of board.rows.slice(1)) expect(r.versusBest!.p).toBeGreaterThanOrEqual(0);
		expect(board.skipped).toEqual([]);
		for (const r of board.rows) {
			expect(r.fitMs).toBeGreaterThanOrEqual(0);
			expect(r.predictMs).toBeGreaterThanOrEqual(0);
		}
	});

	it("refits Quick model's preparation in every fold, as Cross-validate refits a Quick model's recipe", async () => {
		let doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'sample', name: 'penguins' },
			target: 'Species',
			task: 'classification',
			model: 'logistic',
			seed: 42
		});
		const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
		const cv = addNode(doc, registry, 'evaluate.cross-validate', { x: 0, y: 0 }, { folds: 4, seed: 9 });
		const cmp = addNode(cv.doc, registry, 'evaluate.compare-models', { x: 0, y: 0 }, { folds: 4, seed: 9, ...only('logistic', 'knn') });
		doc = cmp.doc;
		for (const [from, fp, to, tp] of [
			[id('model.logistic'), 'model', cv.id, 'model'],
			[id('split.train-test'), 'data', cv.id, 'data'],
			[id('split.train-test'), 'data', cmp.id, 'data']
		] as const) {
			const c = connect(doc, registry, { node: from, port: fp }, { node: to, port: tp });
			if (!c.ok) throw new Error(c.reason);
			doc = c.doc;
		}
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const board = (res.outputs.get(cmp.id)!.report as ReportValue).report as LeaderboardReport;
		const folds = ((res.outputs.get(cv.id)!.report as ReportValue).report as TableReport).folds!;
		expect(board.prepare).toEqual(['clean.missing', 'features.one-hot', 'clean.scale']);
		// Penguins has missing values and category columns: without the preparation the families could not read them.
		expect(board.rows.map((r) => r.status)).toEqual(['done', 'done']);
		expect(board.rows.find((r) => r.family === 'logistic')!.scores).toEqual(folds.values.map((v) => v[0]));
	});

	it('records every family as its own experiment, beside the comparison', async () => {
		const { doc, cmp } = wineDoc({ folds: 3, seed: 2, prepare: 'none', ...only('logistic', 'tree') }, {});
		const res = await run(doc);
		const experiments = experimentsOfRun({
			doc,
			registry,
			outputs: res.outputs,
			ran: new Map([...res.outputs.keys()].map((id) => [id, { ms: 1 }])),
			errors: res.errors,
			runId: 'r1',
			started: 0,
			backend: 'cpu',
			datasets: [],
			project: null,
			projectName: 'test',
			signatures: res.signatures
		}).filter((e) => e.node === cmp);
		const board = (res.outputs.get(cmp)!.report as ReportValue).report as LeaderboardReport;
		expect(experiments.map((e) => e.id)).toEqual([`r1:${cmp}`, ...board.rows.map((r) => `r1:${cmp}:${r.family}`)]);
		expect(experiments[0].metrics).toEqual({ 'best accuracy': board.rows[0].mean.accuracy });
		const logistic = experiments.find((e) => e.family === 'logistic')!;
		expect(logistic.kind).toBe('cross-validation');
		expect(logistic.task).toBe('classification');
		expect(logistic.metrics['cv accuracy mean']).toBe(board.rows.find((r) => r.family === 'logistic')!.mean.accuracy);
		expect(logistic.params['model.penalty']).toBeDefined();
		// Distinct signatures: storing one does not drop the others as the same experiment.
		expect(new Set(experiments.map((e) => e.signature)).size).toBe(3);
	});

	it('holds every family to the same folds, built once from the seed', async () => {
		const { doc, split } = wineDoc({ folds: 4, seed: 5 }, {});
		const res = await run(doc);
		const data = res.outputs.get(split)!.data as DatasetValue;
		const seen: { family: string; setup: TrialSetup }[] = [];
		const local = localTrials(registry, testContext);
		const spy: TrialRunner = {
			parallel: 1,
			open: (d, model, setup) => {
				seen.push({ family: model.family, setup });
				return local.open(d, model, setup);
			}
		};
		const report = await compareFamilies(data, {
			families: ['logistic', 'tree', 'knn', 'linear'],
			task: 'classification',
			metric: 'accuracy',
			folds: 4,
			prepare: [],
			seed: 5,
			documentSeed: 42,
			trials: spy,
			signal: new AbortController().signal,
			nodeOf: (type) => {
				const def = registry.get(type);
				return def ? { version: def.version, params: def.params } : undefined;
			}
		});
		expect(seen.map((s) => s.family).sort()).toEqual(['knn', 'logistic', 'tree']);
		expect(report.skipped).toEqual(['linear: learns regression only']);
		const expected = foldRoles(data, { target: 'cultivar', task: 'classification' } as never, { scheme: 'stratified', folds: 4, seed: 5 });
		for (const s of seen) expect(s.setup.roles!.map((r) => Array.from(r))).toEqual(expected.map((r) => Array.from(r)));
		// Each non-test row is held out exactly once.
		const heldTimes = new Array(data.frame.rowCount).fill(0);
		for (const roles of expected) roles.forEach((r, i) => (heldTimes[i] += r === Role.validation ? 1 : 0));
		data.roles!.forEach((r, i) => expect(heldTimes[i]).toBe(r === Role.test ? 0 : 1));
		expect(report.heldOut.reduce((a, b) => a + b, 0)).toBe(data.roles!.filter((r) => r !== Role.test).length);
	});

	it('streams the board as families finish: the rows so far, ranked, then the final board without `pending`', async () => {
		const { doc, split } = wineDoc({}, {});
		const data = (await run(doc)).outputs.get(split)!.data as DatasetValue;
		const boards: LeaderboardReport[] = [];
		const report = await compareFamilies(data, {
			families: ['logistic', 'tree', 'naive-bayes'],
			task: 'classification',
			metric: 'accuracy',
			folds: 3,
			prepare: [],
			seed: 1,
			documentSeed: 42,
			trials: localTrials(registry, testContext),
			signal: new AbortController().signal,
			nodeOf: (type) => {
				const def = registry.get(type);
				return def ? { version: def.version, params: def.params } : undefined;
			},
			onRow: (_row, board) => boards.push(board)
		});
		expect(boards.map((b) => b.pending)).toEqual([1, 2, 3].map((finished) => ({ finished, total: 3 })));
		expect(boards.map((b) => b.rows.length)).toEqual([1, 2, 3]);
		expect(boards[1].title).toMatch(/^2 of 3 families so far on 3-fold cross-validation: best /);
		// Each streamed board is ranked; the last one holds the final rows, in the final order.
		for (const b of boards) {
			const means = b.rows.map((r) => r.mean.accuracy);
			expect([...means].sort((x, y) => y - x)).toEqual(means);
		}
		expect(report.pending).toBeUndefined();
		expect(boards[2].rows.map((r) => [r.family, r.mean.accuracy])).toEqual(report.rows.map((r) => [r.family, r.mean.accuracy]));
		expect(report.title).toMatch(/^3 families on 3-fold/);
	});

	it('keeps finished rows on Cancel', async () => {
		const { doc, split } = wineDoc({}, {});
		const data = (await run(doc)).outputs.get(split)!.data as DatasetValue;
		const controller = new AbortController();
		const report = await compareFamilies(data, {
			families: ['logistic', 'tree'],
			task: 'classification',
			metric: 'accuracy',
			folds: 3,
			prepare: [],
			seed: 1,
			documentSeed: 42,
			trials: localTrials(registry, testContext),
			signal: controller.signal,
			nodeOf: (type) => {
				const def = registry.get(type);
				return def ? { version: def.version, params: def.params } : undefined;
			},
			onRow: () => controller.abort()
		});
		expect(report.rows.map((r) => r.status).sort()).toEqual(['cancelled', 'done']);
		expect(report.rows[0].status).toBe('done');
		expect(report.stopped).toEqual({ reason: 'cancelled', completed: 1, kept: '1 finished family' });
	});

	it('refuses a metric of the other task and names the choices', () => {
		expect(leaderboardMetric('auto', 'regression')).toBe('r2');
		expect(() => leaderboardMetric('rmse', 'classification')).toThrow(
			'"rmse" does not measure classification: pick accuracy, f1Macro or rocAuc'
		);
	});
});
