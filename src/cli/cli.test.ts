import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './test-cli';
import { SAMPLES_DIR } from './files';

const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
const penguins = join(SAMPLES_DIR, 'penguins.csv');

describe('tessera train / run', () => {
	it('trains the default pipeline and a teammate re-running the exported file gets the same numbers', async () => {
		const exported = join(dir, 'penguins.tessera.json');
		const train = await cli('train', penguins, '--target', 'Species', '--seed', '3', '--json', '--export', exported);
		expect(train.code).toBe(0);
		const t = train.json();
		expect(Object.keys(t)).toEqual([
			'command',
			'dataset',
			'target',
			'task',
			'recipe',
			'model',
			'backend',
			'seed',
			'validation',
			'test',
			'export',
			'savedModel',
			'errors'
		]);
		expect(t.dataset).toMatchObject({ name: 'penguins', rows: 344, columns: 7 });
		expect(t.model).toBe('gbdt');
		expect(t.test.accuracy).toBeGreaterThanOrEqual(0.9);

		const again = await cli('run', exported, '--data', `penguins=${penguins}`, '--json');
		expect(again.code).toBe(0);
		const r = again.json();
		expect(r.evaluations).toHaveLength(1);
		expect(r.evaluations[0].test).toEqual(t.test);
		expect(r.evaluations[0].validation).toEqual(t.validation);
	});

	it('tessera cv cross-validates every model of a pipeline file, its recipe refitted per fold', async () => {
		const exported = join(dir, 'penguins-cv.tessera.json');
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--export', exported)).code).toBe(0);
		const cv = await cli('cv', exported, '--data', `penguins=${penguins}`, '--folds', '3', '--json');
		expect(cv.code).toBe(0);
		const r = cv.json();
		expect(r.results).toHaveLength(1);
		expect(r.results[0]).toMatchObject({ scheme: 'stratified', folds: 3 });
		expect(r.results[0].perFold).toHaveLength(3);
		expect(r.results[0].mean.accuracy).toBeGreaterThanOrEqual(0.95);
		expect(r.results[0].std.accuracy).toBeLessThan(0.05);
		const bad = await cli('cv', exported, '--data', `penguins=${penguins}`, '--scheme', 'loo');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--scheme must be one of stratified, k-fold, grouped, time-series, got "loo"');
	});

	it("tessera tune searches a model node's settings and writes the pipeline with the best ones", async () => {
		const exported = join(dir, 'penguins-tune.tessera.json');
		const tuned = join(dir, 'penguins-tuned.tessera.json');
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--export', exported)).code).toBe(0);
		const t = await cli(
			'tune',
			exported,
			'--data',
			`penguins=${penguins}`,
			'--strategy',
			'random',
			'--trials',
			'5',
			'--space',
			'C: 0.001 .. 10 log; penalty: l1 | l2',
			'--write',
			tuned,
			'--json'
		);
		expect(t.code).toBe(0);
		const r = t.json();
		expect(r.results).toHaveLength(1);
		const result = r.results[0];
		expect(result).toMatchObject({ strategy: 'random', metric: 'accuracy', direction: 'max', folds: 0 });
		expect(result.trials).toHaveLength(5);
		const best = Math.max(...result.trials.map((x: { value: number }) => x.value));
		expect(result.best.value).toBe(best);
		expect(Object.keys(result.best.params).sort()).toEqual(['C', 'penalty']);
		// The written pipeline carries the best settings on the model node, and runs.
		const written = JSON.parse(readFileSync(tuned, 'utf8'));
		const model = written.nodes.find((n: { type: string }) => n.type === 'model.logistic');
		expect(model.params.C).toBe(result.best.params.C);
		expect(model.params.penalty).toBe(result.best.params.penalty);
		expect((await cli('run', tuned, '--data', `penguins=${penguins}`)).code).toBe(0);
		// Trials in two worker threads: the same proposals and scores as one at a time.
		const pooled = await cli(
			'tune',
			exported,
			'--data',
			`penguins=${penguins}`,
			'--strategy',
			'random',
			'--trials',
			'5',
			'--space',
			'C: 0.001 .. 10 log; penalty: l1 | l2',
			'--workers',
			'2',
			'--json'
		);
		expect(pooled.code).toBe(0);
		const strip = (ts: { n: number; value: number; params: unknown }[]) => ts.map(({ n, value, params }) => ({ n, value, params }));
		expect(strip(pooled.json().results[0].trials)).toEqual(strip(result.trials));
		const bad = await cli('tune', exported, '--data', `penguins=${penguins}`, '--strategy', 'anneal');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--strategy must be one of tpe, gp, random, grid, got "anneal"');
		const space = await cli('tune', exported, '--data', `penguins=${penguins}`, '--space', 'C: 5 .. 1', '--json');
		expect(space.code).toBe(1);
		expect(Object.values(space.json().errors)).toEqual([expect.stringMatching(/search space: line 1/)]);
	});

	it('needs the data file a pipeline references, and checks it is the same file', async () => {
		const exported = join(dir, 'p2.json');
		await cli('train', penguins, '--target', 'Species', '--export', exported);
		const missing = await cli('run', exported);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/needs the dataset "penguins": pass it with --data "penguins=<file.csv>"/);
		const byNodeId = await cli('run', exported, '--data', `dataset-1=${penguins}`);
		expect(byNodeId.code).toBe(0);
		const other = await cli('run', exported, '--data', `penguins=${join(SAMPLES_DIR, 'iris.csv')}`);
		expect(other.code).toBe(2);
		expect(other.stderr).toMatch(/is not the "penguins" the pipeline was built on/);
	});

	it.each([
		['forest', 'penguins.csv', 'Species', 'accuracy', 0.9],
		['knn', 'wine.csv', 'cultivar', 'accuracy', 0.9],
		['gbdt', 'diabetes.csv', 'progression', 'r2', 0.2]
	] as const)('--model %s trains that family and reports it', async (model, file, target, metric, bar) => {
		const r = await cli('train', join(SAMPLES_DIR, file), '--target', target, '--model', model, '--json');
		expect(r.code).toBe(0);
		expect(r.json().model).toBe(model);
		expect(r.json().test[metric]).toBeGreaterThanOrEqual(bar);
	});

	it('--model naive-bayes on a number target says the family is for classification', async () => {
		const r = await cli('train', join(SAMPLES_DIR, 'diabetes.csv'), '--target', 'progression', '--model', 'naive-bayes');
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(
			'--model naive-bayes is for classification; the task is regression (214 distinct whole numbers (more than 20) → regression)'
		);
	});

	it('picks regression for a number target and trains the MLP when asked', async () => {
		const lin = await cli('train', join(SAMPLES_DIR, 'seattle-weather.csv'), '--target', 'temp_max', '--json');
		expect(lin.code).toBe(0);
		expect(lin.json().task).toEqual({ task: 'regression', reason: '67 distinct numbers, 1,295 not whole → regression', inferred: true });
		expect(lin.json().test.r2).toBeGreaterThan(0.7);
		const mlp = await cli('train', join(SAMPLES_DIR, 'iris.csv'), '--target', 'species', '--model', 'mlp', '--json');
		expect(mlp.code).toBe(0);
		expect(mlp.json().model).toBe('mlp');
		// On CPU-class backends our own SIMD kernels train the network.
		expect(mlp.json().backend).toBe('tessera-wasm-simd');
		expect(mlp.json().test.accuracy).toBeGreaterThanOrEqual(0.85);
	});
});

describe('bad usage and bad input exit with status 2 and say what is wrong', () => {
	it('unknown column, unknown model, unknown command, missing file', async () => {
		const col = await cli('train', penguins, '--target', 'Nope');
		expect(col.code).toBe(2);
		expect(col.stderr).toMatch(/--target "Nope" is not a column/);
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'svm')).stderr).toMatch(
			/--model must be one of auto, logistic, linear, tree, forest, gbdt, knn, naive-bayes, mlp, cnn, text-nn, got "svm"/
		);
		// The image and text networks are named, and refused with the reason where the data does not fit them.
		const cnn = await cli('train', penguins, '--target', 'Species', '--model', 'cnn');
		expect(cnn.code).toBe(2);
		expect(cnn.stderr).toMatch(/--model cnn does not fit this data \(table\); choose one of gbdt, /);
		expect((await cli('frobnicate')).code).toBe(2);
		const nofile = await cli('profile', join(dir, 'nope.csv'));
		expect(nofile.code).toBe(2);
		expect(nofile.stderr).toMatch(/no such file/);
	});

	it('a split that leaves a part empty exits 2 and says how many rows each part got', async () => {
		const three = join(dir, 'three.csv');
		writeFileSync(three, 'a,b,y\n1,2,0.5\n3,4,1.5\n5,6,2.5\n');
		const res = await cli('train', three, '--target', 'y', '--json');
		expect(res.code).toBe(2);
		const errors = res.json().errors as Record<string, string>;
		expect(errors['train-test-1']).toMatch(
			/^Split: 3 rows with a "y" value split into 2 training, 0 validation and 1 test rows: training needs at least 2/
		);
	});

	it('a 20,000-column table profiles every column and caps the correlations with a note', async () => {
		const wide = join(dir, 'wide.csv');
		const n = 20_000;
		const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',');
		const body = [0, 1, 2].map((r) => Array.from({ length: n }, (_, i) => (i * 7 + r * 13) % 11).join(','));
		writeFileSync(wide, [header, ...body].join('\n') + '\n');
		const res = await cli('profile', wide, '--json');
		expect(res.code).toBe(0);
		const doc = res.json() as { columns: number; profiles: unknown[]; correlations: { columns: string[]; omitted: number; note: string } };
		expect([doc.columns, doc.profiles.length, doc.correlations.columns.length, doc.correlations.omitted]).toEqual([n, n, 300, n - 300]);
		expect(doc.correlations.note).toBe(
			'correlations over the first 300 of 20,000 number columns (at most 300: pick columns to see others)'
		);
	}, 60_000);

	it('a malformed CSV names the line', async () => {
		const bad = join(dir, 'bad.csv');
		writeFileSync(bad, 'a,b,c\n1,2,3\n4,5\n');
		const res = await cli('profile', bad, '--json');
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/line 3/);
		expect(res.json()).toMatchObject({ command: 'profile', exitCode: 2 });
	});

	it('a hostile pipeline file is refused with the reason', async () => {
		const hostile = join(dir, 'hostile.json');
		writeFileSync(hostile, '{"format":"something-else"}');
		const res = await cli('run', hostile);
		expect(res.code).toBe(2);
		expect(res.stderr).toMatch(/not a Tessera pipeline/);
	});
});

describe('tessera profile', () => {
	it('prints the column profile as JSON with hand-checkable numbers', async () => {
		const res = await cli('profile', join(SAMPLES_DIR, 'iris.csv'), '--json');
		expect(res.code).toBe(0);
		const p = res.json();
		expect(p.rows).toBe(150);
		const sepal = p.profiles.find((c: { name: string }) => c.name === 'sepal_length');
		// pandas: iris.sepal_length.describe() → mean 5.843333, std 0.828066, min 4.3, 25% 5.1, 50% 5.8, 75% 6.4, max 7.9
		expect(sepal.mean).toBeCloseTo(5.843333, 5);
		expect(sepal.std).toBeCloseTo(0.828066, 5);
		expect([sepal.min, sepal.q1, sepal.median, sepal.q3, sepal.max]).toEqual([4.3, 5.1, 5.8, 6.4, 7.9]);
		const species = p.profiles.find((c: { name: string }) => c.name === 'species');
		expect(species.top).toEqual([
			{ value: 'setosa', count: 50 },
			{ value: 'versicolor', count: 50 },
			{ value: 'virginica', count: 50 }
		]);
		expect(readFileSync(join(SAMPLES_DIR, 'iris.csv'), 'utf8').split('\n')[0]).toContain('sepal_length');
	});
});

describe('reading options travel with the dataset hash', () => {
	it("a decimal-comma file read with forced options gets the studio's fingerprint and re-runs only with the same options", async () => {
		const { datasetHash } = await import('../lib/core/readers/import-options');
		const csv = join(dir, 'prices.csv');
		// Two features, so neither alone predicts the price well enough to look like a leak.
		const lines = ['size;rooms;price'];
		for (let i = 1; i <= 60; i++) lines.push(`${i},5;${(i * 7) % 5};${(i * 2 + 1 + ((i * 7) % 5) * 30).toString()},25`);
		writeFileSync(csv, lines.join('\n'));
		const exported = join(dir, 'prices.json');
		const train = await cli(
			'train',
			csv,
			'--target',
			'price',
			'--model',
			'linear',
			'--decimal',
			',',
			'--delimiter',
			';',
			'--export',
			exported,
			'--json'
		);
		expect(train.code).toBe(0);
		// price = 2·size + 30·rooms + 1.25: exactly linear: R² = 1
		expect(train.json().test.r2).toBeCloseTo(1, 10);
		const expected = await datasetHash(new Uint8Array(readFileSync(csv)), { decimal: ',', delimiter: ';' });
		expect(train.json().dataset.hash).toBe(expected);
		const same = await cli('run', exported, '--data', `prices=${csv}`, '--decimal', ',', '--delimiter', ';', '--json');
		expect(same.code).toBe(0);
		expect(same.json().evaluations[0].test).toEqual(train.json().test);
		const other = await cli('run', exported, '--data', `prices=${csv}`);
		expect(other.code).toBe(2);
		expect(other.stderr).toMatch(/is not the "prices" the pipeline was built on/);
		expect((await cli('run', exported, '--decimal', ';')).stderr).toMatch(/--decimal must be one of/);
	});
});

describe('tessera profile --json also carries correlations and quality warnings', () => {
	it('Pearson matrix as pandas computes it, and a warning that names a constant column', async () => {
		const res = await cli('profile', join(SAMPLES_DIR, 'iris.csv'), '--json');
		const p = res.json();
		expect(p.correlations.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
		// pandas: pd.read_csv('iris.csv').drop(columns='species').corr() → petal_length × petal_width 0.9628654314
		expect(p.correlations.values[2 * 4 + 3]).toBeCloseTo(0.9628654314, 9);
		const constant = join(dir, 'constant.csv');
		writeFileSync(constant, ['site,x,y', ...Array.from({ length: 40 }, (_, i) => `north,${i},${i % 7}`)].join('\n'));
		const q = (await cli('profile', constant, '--json', '--target', 'y')).json();
		expect(q.warnings.some((w: { column: string; kind: string }) => w.column === 'site' && w.kind === 'constant')).toBe(true);
		expect((await cli('profile', constant, '--target', 'nope')).code).toBe(2);
	});
});
