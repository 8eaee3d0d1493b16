/**
 * Bayesian search against random search on real models, as the studio runs them: the Tune
 * node over a model node's default ranges, scored on the validation rows, for many seeds.
 * Prints each strategy's median best and how often TPE / GP beat random with the same budget.
 *
 *   npx tsx scripts/tune-benchmark.ts [--seeds 20] [--budget 15]
 */
import { addNode, connect } from '../src/lib/core/doc/commands';
import { OutputCache } from '../src/lib/core/engine/cache';
import { runPipeline } from '../src/lib/core/engine/run';
import type { TuneReport } from '../src/lib/core/nodes/catalog/evaluate/tune';
import type { ReportValue } from '../src/lib/core/nodes/ports';
import { createDocument } from '../src/lib/core/doc/create';
import { builtinNodes } from '../src/lib/core/nodes/catalog';
import { createRegistry } from '../src/lib/core/nodes/registry';
import type { EngineHost } from '../src/lib/core/engine/run';
import { loadSample } from '../src/cli/files';
import { quickModel, type ModelFamily } from '../src/lib/core/nodes/templates/quick-model';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const registry = createRegistry(builtinNodes);
const emptyDoc = () => createDocument('tune benchmark', new Date('2026-01-01T00:00:00Z'));
const host: EngineHost = {
	loadSource: (ref) => (ref.kind === 'sample' ? loadSample(ref.name) : Promise.reject(new Error('samples only'))),
	sourceHash: async (ref) => `${ref.kind}:${ref.name}`
};
const SEEDS = arg('seeds', 20);
const BUDGET = arg('budget', 15);

const PROBLEMS: {
	name: string;
	sample: string;
	target: string;
	task: 'classification' | 'regression';
	model: ModelFamily;
	metric: string;
}[] = [
	{ name: 'diabetes · gradient boosting · R²', sample: 'diabetes', target: 'progression', task: 'regression', model: 'gbdt', metric: 'r2' },
	{
		name: 'diabetes · k-nearest neighbours · R²',
		sample: 'diabetes',
		target: 'progression',
		task: 'regression',
		model: 'knn',
		metric: 'r2'
	},
	{
		name: 'Seattle weather · random forest · accuracy',
		sample: 'seattle-weather',
		target: 'weather',
		task: 'classification',
		model: 'forest',
		metric: 'accuracy'
	},
	{
		name: 'Seattle weather · logistic regression · accuracy',
		sample: 'seattle-weather',
		target: 'weather',
		task: 'classification',
		model: 'logistic',
		metric: 'accuracy'
	},
	{ name: 'diabetes · elastic net · R²', sample: 'diabetes', target: 'progression', task: 'regression', model: 'linear', metric: 'r2' }
];

async function best(problem: (typeof PROBLEMS)[number], strategy: string, seed: number): Promise<number> {
	let doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: problem.sample },
		target: problem.target,
		task: problem.task,
		model: problem.model,
		seed: 42
	});
	const id = (t: string) => doc.nodes.find((n) => n.type === t)!.id;
	const modelNode = doc.nodes.find((n) => n.type.startsWith('model.'))!.id;
	const t = addNode(doc, registry, 'evaluate.tune', { x: 0, y: 0 }, { strategy, budget: BUDGET, metric: problem.metric, seed });
	doc = t.doc;
	for (const [from, fp, tp] of [
		[modelNode, 'model', 'model'],
		[id('split.train-test'), 'data', 'data']
	] as const) {
		const c = connect(doc, registry, { node: from, port: fp }, { node: t.id, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
	const report = (res.outputs.get(t.id)?.report as ReportValue | undefined)?.report as TuneReport | undefined;
	if (!report?.best) throw new Error(`${problem.name} ${strategy} seed ${seed}: ${[...res.errors.values()].join('; ')}`);
	return report.best.value;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`Tune node, default ranges, budget ${BUDGET}, ${SEEDS} seeds; wins vs random with the same seed (ties count half)\n`);
console.log('| problem | random (median best) | TPE | GP | TPE beats random | GP beats random |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const problem of PROBLEMS) {
	const scores: Record<string, number[]> = { random: [], tpe: [], gp: [] };
	for (let seed = 0; seed < SEEDS; seed++) for (const s of Object.keys(scores)) scores[s].push(await best(problem, s, seed));
	const wins = (s: string) =>
		scores[s].reduce((a, v, i) => a + (v > scores.random[i] + 1e-12 ? 1 : Math.abs(v - scores.random[i]) <= 1e-12 ? 0.5 : 0), 0) / SEEDS;
	const f = (x: number) => x.toFixed(4);
	console.log(
		`| ${problem.name} | ${f(median(scores.random))} | ${f(median(scores.tpe))} | ${f(median(scores.gp))} | ${(wins('tpe') * 100).toFixed(0)}% | ${(wins('gp') * 100).toFixed(0)}% |`
	);
}
