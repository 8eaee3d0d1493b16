import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModelFile } from '../lib/core/model-file/build';
import { readModelFile, writeModelFile } from '../lib/core/model-file/format';
import type { MetricsValue, ModelValue } from '../lib/core/nodes/ports';
import { quickModel } from '../lib/core/nodes/templates/quick-model';
import { emptyDoc, registry, run, sampleText } from '../lib/core/nodes/test-kit';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'tessera-drift-'));
const penguins = join(dir, 'penguins.csv');
const biscoe = join(dir, 'biscoe.csv');
const other = join(dir, 'other.csv');
const noFlipper = join(dir, 'no-flipper.csv');
let modelPath = '';

beforeAll(async () => {
	const text = sampleText('penguins');
	writeFileSync(penguins, text);
	// The current rows, shifted on purpose: one island only (its penguins are mostly the larger Gentoo).
	const [head, ...rows] = text.trim().split('\n');
	writeFileSync(biscoe, [head, ...rows.filter((r) => r.split(',')[1] === 'Biscoe')].join('\n') + '\n');
	writeFileSync(other, 'a,b\n1,2\n3,4\n');
	// Every column but one the model reads.
	const drop = head.split(',').indexOf('Flipper Length (mm)');
	writeFileSync(
		noFlipper,
		[head, ...rows]
			.map((r) =>
				r
					.split(',')
					.filter((_, i) => i !== drop)
					.join(',')
			)
			.join('\n') + '\n'
	);
	const doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'gbdt',
		seed: 7
	});
	const res = await run(doc);
	const model = res.outputs.get(doc.nodes.find((n) => n.type === 'model.gbdt')!.id)!.model as ModelValue;
	const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
	modelPath = join(dir, 'penguins.tessera-model');
	writeFileSync(
		modelPath,
		await writeModelFile(buildModelFile({ name: 'penguins', model, metrics, now: new Date('2026-12-07T00:00:00Z') }))
	);
}, 60_000);

describe('tessera drift', () => {
	it('prints the columns, most drifted first, and exits 0', async () => {
		const r = await cli('drift', penguins, biscoe);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^drift: .*biscoe\.csv \(168 rows\) against .*penguins\.csv \(344 rows\)/);
		expect(r.stdout).toMatch(/Dataset drift: \d of 7 columns drifted/);
		const line = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(name + ' '))!;
		expect(line('Flipper Length (mm)')).toMatch(/DRIFT$/);
		expect(line('Sex')).toMatch(/ -$/);
		// Most drifted first: every DRIFT row comes before the first undrifted one.
		const flags = r.stdout
			.split('\n')
			.filter((l) => / (DRIFT|-)$/.test(l))
			.map((l) => l.endsWith('DRIFT'));
		expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
	});

	it("--json: the DriftResult, with Kolmogorov–Smirnov p-values equal to scipy's", async () => {
		const r = await cli('drift', penguins, biscoe, '--json', '--columns', 'Beak Length (mm),Body Mass (g),Sex');
		expect(r.code).toBe(0);
		const j = r.json();
		expect(j.command).toBe('drift');
		expect(j.reference).toEqual({ file: penguins, kind: 'dataset', rows: 'all', count: 344 });
		expect(j.current).toEqual({ file: biscoe, rows: 168 });
		expect(j.columns.map((c: { column: string }) => c.column).sort()).toEqual(['Beak Length (mm)', 'Body Mass (g)', 'Sex']);
		// scipy.stats.ks_2samp(df[c].dropna(), df[df.Island == 'Biscoe'][c].dropna()).pvalue (scipy 1.10)
		const p = (name: string) => j.columns.find((c: { column: string }) => c.column === name).score;
		expect(Math.abs(p('Beak Length (mm)') - 0.0034195740683350285)).toBeLessThan(1e-10);
		expect(Math.abs(p('Body Mass (g)') - 1.5087785236722037e-10)).toBeLessThan(1e-10);
		expect(j.drifted).toBe(2);
		expect(j.datasetDrift).toBe(true);
		expect(j.options.pValue).toBe(0.05);
		expect(j.prediction).toBeNull();
	});

	it('--fail-on-drift exits 3 on dataset drift and 0 without; the thresholds are options', async () => {
		expect((await cli('drift', penguins, biscoe, '--fail-on-drift')).code).toBe(3);
		// The same rows on both sides cannot drift.
		const same = await cli('drift', penguins, penguins, '--fail-on-drift', '--json');
		expect(same.code).toBe(0);
		expect(same.json().drifted).toBe(0);
		// Drift only when every column drifts: Sex does not, so no dataset drift.
		const strict = await cli('drift', penguins, biscoe, '--fail-on-drift', '--share', '1', '--json');
		expect(strict.code).toBe(0);
		expect(strict.json().datasetDrift).toBe(false);
	});

	it("--model with - as reference: the model's sample, prediction drift, current and test metrics", async () => {
		const r = await cli('drift', '-', biscoe, '--model', modelPath, '--json');
		expect(r.code).toBe(0);
		const j = r.json();
		expect(j.reference.kind).toBe('model-sample');
		expect(j.reference.file).toBeNull();
		// The target is no input: it is not compared as a column.
		expect(j.columns.some((c: { column: string }) => c.column === 'Species')).toBe(false);
		expect(j.prediction.column).toBe('prediction');
		expect(j.prediction.kind).toBe('category');
		const file = (await readModelFile(new Uint8Array(readFileSync(modelPath)))).file;
		expect(j.metrics.test).toEqual(JSON.parse(JSON.stringify(file.metrics.test)));
		expect(j.metrics.testSource).toBe('model file');
		expect(j.metrics.current.rows).toBe(168);
		const text = await cli('drift', '-', biscoe, '--model', modelPath);
		expect(text.stderr).toBe('');
		expect(text.stdout).toMatch(/prediction drift \(gbdt classification, predicted labels\)/);
		expect(text.stdout).toMatch(/accuracy {2,}\d\.\d{4} +\d\.\d{4}/);
	});

	it('--model with a reference file scores both sides', async () => {
		const j = (await cli('drift', penguins, biscoe, '--model', modelPath, '--json')).json();
		expect(j.reference.kind).toBe('dataset');
		expect(j.prediction.referenceRows).toBe(344);
		expect(j.prediction.currentRows).toBe(168);
		expect(j.prediction.drifted).toBe(true);
	});

	it('exits 2 with a clear message on user errors', async () => {
		const cases: [string[], RegExp][] = [
			[['drift', penguins], /usage: tessera drift/],
			[['drift', join(dir, 'nope.csv'), biscoe], /cannot read ".*nope\.csv": no such file/],
			[['drift', '-', biscoe], /give --model/],
			[['drift', penguins, other], /share no column/],
			[['drift', penguins, biscoe, '--columns', 'Wing span'], /column "Wing span" is not in the reference data/],
			[['drift', penguins, biscoe, '--test', 'anova'], /--test must be one of auto, ks, chisquare, z, wasserstein, jensenshannon, psi/],
			[['drift', penguins, biscoe, '--threshold-p', '2'], /--threshold-p must be a number from 0 to 1/],
			[['drift', penguins, biscoe, '--model', join(dir, 'none.tessera-model')], /cannot read/],
			[['drift', penguins, noFlipper, '--model', modelPath], /penguins\.tessera-model cannot score these rows: .*Flipper Length/]
		];
		for (const [argv, message] of cases) {
			const r = await cli(...argv);
			expect(r.code, argv.join(' ')).toBe(2);
			expect(r.stderr).toMatch(message);
		}
	});
});
