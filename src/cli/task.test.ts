import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from './files';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'tessera-task-'));

/** wine.csv with its cultivar turned into the 0/1 flag an analyst would have: "is it cultivar_0". */
function wineFlag(): string {
	const [head, ...rows] = readFileSync(join(SAMPLES_DIR, 'wine.csv'), 'utf8').trim().split('\n');
	const file = join(dir, 'wine-flag.csv');
	writeFileSync(
		file,
		[head.replace('cultivar', 'first'), ...rows.map((r) => r.replace(/cultivar_(\d)$/, (_, c) => (c === '0' ? '1' : '0')))].join('\n')
	);
	return file;
}

describe('--task and the inferred task', () => {
	const file = wineFlag();

	it('train on a 0/1 target fits a classifier and says why', async () => {
		const r = await cli('train', file, '--target', 'first', '--seed', '1', '--json');
		expect(r.code).toBe(0);
		const t = r.json();
		expect(t.task).toEqual({ task: 'classification', reason: '2 distinct whole numbers → classification', inferred: true });
		expect(t.test.accuracy).toBeGreaterThanOrEqual(0.9);
		const text = await cli('train', file, '--target', 'first', '--seed', '1');
		expect(text.stdout).toContain('target "first": 2 distinct whole numbers → classification (--task classification|regression to change)');
	});

	it('--task regression overrides the inference', async () => {
		const r = await cli('train', file, '--target', 'first', '--seed', '1', '--task', 'regression', '--json');
		expect(r.code).toBe(0);
		expect(r.json().task).toEqual({ task: 'regression', reason: 'set by --task', inferred: false });
		expect(r.json().test.r2).toBeGreaterThan(0.5);
	});

	it('a bad --task, or regression on a category, exits 2 with the reason', async () => {
		const bad = await cli('train', file, '--target', 'first', '--task', 'clustering');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--task must be one of classification, regression, got "clustering"');
		const cat = await cli('train', join(SAMPLES_DIR, 'penguins.csv'), '--target', 'Species', '--task', 'regression');
		expect(cat.code).toBe(2);
		expect(cat.stderr).toContain('--task regression needs a number target; "Species" is a category column');
	});

	it('cv and tune report the task of each model, and --task sets it', async () => {
		const exported = join(dir, 'flag.tessera.json');
		expect((await cli('train', file, '--target', 'first', '--model', 'forest', '--export', exported)).code).toBe(0);
		const data = `wine-flag=${file}`;
		const cv = await cli('cv', exported, '--data', data, '--folds', '3', '--json');
		expect(cv.code).toBe(0);
		// Quick model pins the task it was built for on the model's Task param.
		expect(cv.json().results[0].task).toEqual({ task: 'classification', reason: "set by the model's Task param", inferred: false });
		const reg = await cli('cv', exported, '--data', data, '--folds', '3', '--task', 'regression', '--json');
		expect(reg.code).toBe(0);
		expect(reg.json().results[0].task).toEqual({ task: 'regression', reason: 'set by --task', inferred: false });
		expect(reg.json().results[0].mean).toHaveProperty('RMSE');
		const tune = await cli('tune', exported, '--data', data, '--trials', '2', '--task', 'regression', '--json');
		expect(tune.code).toBe(0);
		expect(tune.json().results[0].task).toEqual({ task: 'regression', reason: 'set by --task', inferred: false });
		// A family that learns one task refuses the other.
		const logistic = join(dir, 'flag-logistic.tessera.json');
		expect((await cli('train', file, '--target', 'first', '--model', 'logistic', '--export', logistic)).code).toBe(0);
		const refused = await cli('cv', logistic, '--data', data, '--task', 'regression');
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/--task regression: logistic-\d+ \(Logistic regression\) learns classification/);
	});
});
