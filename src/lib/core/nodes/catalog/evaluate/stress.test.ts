import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline } from '../../../engine/run';
import type { ClassificationMetrics, MetricsValue, RegressionMetrics, ReportValue } from '../../ports';
import { createRegistry } from '../../registry';
import { quickModel, type ModelFamily } from '../../templates/quick-model';
import { builtinNodes } from '..';
import { emptyDoc, host } from '../../test-kit';
import stress, { type StressReport } from './stress';

// The catalog plus this node, until the catalog lists it itself.
const registry = createRegistry(builtinNodes.some((d) => d.type === stress.type) ? builtinNodes : [...builtinNodes, stress]);

/** Quick model plus Stress test, fed the same model and data as Evaluate. */
async function stressed(
	sample: string,
	target: string,
	task: 'classification' | 'regression',
	model: ModelFamily,
	params: Record<string, string | number | boolean>
) {
	let doc: PipelineDocument = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed: 42 });
	const evaluate = doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id;
	const feeds = (port: string) => doc.edges.find((e) => e.to.node === evaluate && e.to.port === port)!.from;
	const [modelFrom, dataFrom] = [feeds('model'), feeds('data')];
	const added = addNode(doc, registry, 'evaluate.stress', { x: 960, y: 370 }, params);
	doc = added.doc;
	for (const [from, to] of [
		[modelFrom, 'model'],
		[dataFrom, 'data']
	] as const) {
		const c = connect(doc, registry, from, { node: added.id, port: to });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
	const errors = Object.fromEntries(res.errors);
	const metrics = res.outputs.get(evaluate)?.metrics as MetricsValue | undefined;
	const report = (res.outputs.get(added.id)?.report as ReportValue | undefined)?.report as StressReport | undefined;
	return { errors, metrics, report };
}

const row = (r: StressReport, name: string) => r.rows.find((x) => x[0] === name)!;

describe('Stress test node', () => {
	it('has a label and help for every param', () => {
		expect(stress).toMatchObject({ type: 'evaluate.stress', category: 'evaluate', title: 'Stress test', version: 1 });
		for (const spec of Object.values(stress.params)) expect(spec.label && spec.help).toBeTruthy();
	});

	it('penguins, gradient boosting: baseline is Evaluate, noise hurts more as it grows, missing cells go in as missing', async () => {
		const { errors, metrics, report } = await stressed('penguins', 'Species', 'classification', 'gbdt', { rows: 'test' });
		expect(errors).toEqual({});
		const r = report!;
		const m = metrics!.test as ClassificationMetrics;
		expect(r.columns).toEqual(['scenario', 'accuracy', 'accuracy drop', 'macro F1', 'macro F1 drop']);
		expect(r.scenarios[0].metrics).toEqual([m.accuracy, m.f1Macro]);
		expect(r.count).toBe(m.rows);
		expect(r.rows.map((x) => x[0]).slice(0, 8)).toEqual([
			'baseline',
			'noise 0.05σ',
			'noise 0.1σ',
			'noise 0.25σ',
			'noise 0.5σ',
			'missing 5%',
			'missing 10%',
			'missing 25%'
		]);
		expect(r.rows.length).toBe(9);
		expect(String(r.rows[8][0])).toMatch(/^shuffled /);
		expect(row(r, 'baseline')[2]).toBe(0);
		expect(row(r, 'noise 0.5σ')[2] as number).toBeGreaterThan(row(r, 'noise 0.05σ')[2] as number);
		expect(r.scenarios.at(-1)!.metrics[0]).toBeLessThan(m.accuracy);
		expect(r.note).toMatch(/reads missing values itself/);
	});

	it('diabetes, linear: baseline is Evaluate, RMSE rises with noise, missing cells are mean-filled', async () => {
		const { errors, metrics, report } = await stressed('diabetes', 'progression', 'regression', 'linear', { repeats: 2, seed: 7 });
		expect(errors).toEqual({});
		const r = report!;
		const m = metrics!.validation as RegressionMetrics;
		expect(r.columns).toEqual(['scenario', 'RMSE', 'RMSE increase', 'R²', 'R² drop']);
		expect(r.scenarios[0].metrics).toEqual([m.rmse, m.r2]);
		const noise = r.scenarios.filter((s) => s.kind === 'noise');
		expect(noise.map((s) => s.level)).toEqual([0.05, 0.1, 0.25, 0.5]);
		// Common random numbers across levels: each larger level is at least as bad, within a hair.
		for (let k = 1; k < noise.length; k++) expect(noise[k].metrics[0]).toBeGreaterThan(noise[k - 1].metrics[0] - 1e-9);
		expect(row(r, 'noise 0.5σ')[2] as number).toBeGreaterThan(row(r, 'noise 0.05σ')[2] as number);
		expect(row(r, 'missing 25%')[2] as number).toBeGreaterThan(0);
		expect(r.note).toMatch(/filled with each column's mean/);
	});

	it('repeats exactly with a seed and changes with another', async () => {
		const a = await stressed('diabetes', 'progression', 'regression', 'linear', { seed: 3, repeats: 2, shuffle: false });
		const b = await stressed('diabetes', 'progression', 'regression', 'linear', { seed: 3, repeats: 2, shuffle: false });
		const c = await stressed('diabetes', 'progression', 'regression', 'linear', { seed: 4, repeats: 2, shuffle: false });
		expect(b.report!.rows).toEqual(a.report!.rows);
		expect(c.report!.rows).not.toEqual(a.report!.rows);
		expect(a.report!.rows.length).toBe(8);
	});

	it('names the param of a malformed level list', async () => {
		const bad = await stressed('diabetes', 'progression', 'regression', 'linear', { noise: '0.1, lots' });
		expect(Object.values(bad.errors).join(' ')).toMatch(/Noise levels: "lots"/);
		const rate = await stressed('diabetes', 'progression', 'regression', 'linear', { missing: '0.5, 2' });
		expect(Object.values(rate.errors).join(' ')).toMatch(/Missing rates: "2"/);
	});
});
