import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode, connect, setSeed } from '../lib/core/doc/commands';
import { createDocument } from '../lib/core/doc/create';
import { serialiseDocument } from '../lib/core/doc/serialise';
import { builtinNodes } from '../lib/core/nodes/catalog';
import { COMPARED_FAMILIES } from '../lib/core/nodes/catalog/evaluate/compare-models';
import { createRegistry } from '../lib/core/nodes/registry';
import { SAMPLES_DIR } from './files';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'tessera-compare-'));
const wine = join(SAMPLES_DIR, 'wine.csv');
const registry = createRegistry(builtinNodes);

/** The pipeline `tessera compare wine.csv --target cultivar --seed 3 …` builds, on the bundled sample, saved as a file. */
function winePipeline(): string {
	let doc = createDocument('wine compare');
	const s = setSeed(doc, 3);
	if (!s.ok) throw new Error(s.error);
	doc = s.doc;
	const src = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'sample', sample: 'wine' });
	const split = addNode(src.doc, registry, 'split.train-test', { x: 0, y: 0 }, { target: 'cultivar', seed: 3 });
	const families = Object.fromEntries(COMPARED_FAMILIES.map((f) => [f, ['logistic', 'tree', 'knn'].includes(f)]));
	const cmp = addNode(split.doc, registry, 'evaluate.compare-models', { x: 0, y: 0 }, { folds: 3, seed: 3, ...families });
	doc = cmp.doc;
	for (const [a, b] of [
		[src.id, split.id],
		[split.id, cmp.id]
	]) {
		const c = connect(doc, registry, { node: a, port: 'data' }, { node: b, port: 'data' });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const file = join(dir, 'wine-compare.tessera.json');
	writeFileSync(file, serialiseDocument(doc));
	return file;
}

describe('tessera compare', () => {
	it('ranks the chosen families of a CSV on the same folds, and a pipeline file with the same settings prints the same leaderboard', async () => {
		const csv = await cli(
			'compare',
			wine,
			'--target',
			'cultivar',
			'--families',
			'logistic,tree,knn',
			'--folds',
			'3',
			'--seed',
			'3',
			'--json'
		);
		expect(csv.code).toBe(0);
		const j = csv.json();
		expect(Object.keys(j)).toEqual(['command', 'dataset', 'warnings', 'leaderboards', 'errors']);
		const [board] = j.leaderboards;
		expect(board.task).toBe('classification');
		expect(board.metric).toBe('accuracy');
		expect(board.folds).toBe(3);
		expect(board.prepare).toEqual(['clean.missing', 'features.one-hot', 'clean.scale']);
		expect(board.rows.map((r: { family: string }) => r.family).sort()).toEqual(['knn', 'logistic', 'tree']);
		const means = board.rows.map((r: { mean: { accuracy: number } }) => r.mean.accuracy);
		expect([...means].sort((a, b) => b - a)).toEqual(means);
		for (const r of board.rows) expect(r.scores).toHaveLength(3);
		// 178 rows, the Split's default test share held back: every other row is held out once.
		const heldOut: number[] = board.heldOut;
		expect(heldOut.reduce((a, b) => a + b, 0)).toBeLessThan(178);
		expect(board.rows[0].versusBest).toBeNull();
		expect(board.rows[1].versusBest.p).toBeGreaterThan(0);

		const file = winePipeline();
		const piped = await cli('compare', file, '--json');
		expect(piped.code).toBe(0);
		const p = piped.json().leaderboards[0];
		expect(p.heldOut).toEqual(board.heldOut);
		expect(p.rows.map((r: { family: string; scores: number[] }) => [r.family, r.scores])).toEqual(
			board.rows.map((r: { family: string; scores: number[] }) => [r.family, r.scores])
		);

		const text = await cli('compare', file);
		expect(text.stdout).toMatch(/^compare-models-\d+: 3 families on 3-fold cross-validation: best \w+: accuracy 0\.\d{4} ± 0\.\d{4}/);
		expect(text.stdout).toContain('#  family');
		expect(text.stdout).toContain('vs best (corrected paired t-test)');
		expect(text.stdout).not.toContain('not compared');
		const all = await cli('compare', wine, '--target', 'cultivar', '--families', 'linear,knn', '--folds', '3');
		expect(all.code).toBe(0);
		expect(all.stdout).toContain('not compared: linear: learns regression only');
	});

	it('says what is wrong with the options (exit 2)', async () => {
		const typo = await cli('compare', wine, '--target', 'cultivar', '--families', 'logistic,forrest');
		expect(typo.code).toBe(2);
		expect(typo.stderr).toContain('--families: no family "forrest" (families: ');
		expect((await cli('compare', wine)).stderr).toContain('usage: tessera compare <data.csv> --target <column>');
		expect((await cli('compare', wine, '--target', 'colour')).stderr).toContain('--target "colour" is not a column of');
		expect((await cli('compare', wine, '--target', 'cultivar', '--folds', '1')).code).toBe(2);
		expect((await cli('compare', wine, '--target', 'cultivar', '--metric', 'rmse')).stderr).toContain(
			'"rmse" does not measure classification'
		);
		const file = winePipeline();
		const flag = await cli('compare', file, '--folds', '4');
		expect(flag.code).toBe(2);
		expect(flag.stderr).toContain("--folds is for a CSV; a pipeline file's Compare models nodes keep their own settings");
	});
});
