import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { parquetWriteFile } from 'hyparquet-writer';
import { addNode, connect } from '../lib/core/doc/commands';
import type { PipelineDocument } from '../lib/core/doc/types';
import { OutputCache } from '../lib/core/engine/cache';
import { runPipeline, type EngineHost } from '../lib/core/engine/run';
import type { Column } from '../lib/core/frame/types';
import { buildModelFile, modelOf } from '../lib/core/model-file/build';
import { readModelFile, writeModelFile } from '../lib/core/model-file/format';
import type { DatasetValue, MetricsValue, ModelValue } from '../lib/core/nodes/ports';
import { quickModel } from '../lib/core/nodes/templates/quick-model';
import { emptyDoc, registry, run, sampleText } from '../lib/core/nodes/test-kit';
import { readCsv } from '../lib/core/readers/csv';
import { scoreBatch, type BatchJob } from '../lib/core/scoring/batch';
import { readBatches, type InputBatch } from './predict-input';
import { createScorer } from './scoring-threads';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'tessera-predict-'));

/** Train on penguins with the Quick-model graph and save the model as a file; returns its path. */
async function modelFile(model: 'gbdt' | 'logistic', sample = 'penguins', target = 'Species'): Promise<string> {
	const task = sample === 'penguins' ? 'classification' : 'regression';
	const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed: 7 });
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const value = res.outputs.get(doc.nodes.find((n) => n.type === `model.${model}`)!.id)!.model as ModelValue;
	const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
	const path = join(dir, `${sample}-${model}.tessera-model`);
	writeFileSync(
		path,
		await writeModelFile(buildModelFile({ name: `${sample}-${model}`, model: value, metrics, now: new Date('2026-12-07T00:00:00Z') }))
	);
	return path;
}

/**
 * The studio's way: a Registered model node (served from the file, as an imported model is) and
 * the new rows as an uploaded dataset (read by the importer) into a Predict node, run by the engine.
 */
async function studioPredict(modelPath: string, csv: string): Promise<Readonly<Record<string, Column>>> {
	const model = modelOf((await readModelFile(new Uint8Array(readFileSync(modelPath)))).file);
	const host: EngineHost = {
		loadSource: async () => ({ frame: readCsv(csv), hash: 'new-rows', name: 'new-rows' }),
		sourceHash: async () => 'new-rows',
		loadRegisteredModel: async () => model,
		registeredModelKey: async () => 'v1'
	};
	let doc: PipelineDocument = emptyDoc();
	const add = (type: string, params: Record<string, string | number>) => {
		const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = r.doc;
		return r.id;
	};
	const registered = add('deploy.registered-model', { name: 'penguins' });
	const data = add('io.dataset', { source: 'stored', name: 'new-rows', hash: 'new-rows' });
	const predict = add('deploy.predict', {});
	for (const [from, fp, tp] of [
		[registered, 'model', 'model'],
		[data, 'data', 'data']
	] as const) {
		const c = connect(doc, registry, { node: from, port: fp }, { node: predict, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'cpu' });
	expect(Object.fromEntries(res.errors)).toEqual({});
	const frame = (res.outputs.get(predict)!.data as DatasetValue).frame;
	return Object.fromEntries(frame.columns.map((c) => [c.name, c]));
}

/** A CSV line split on commas (the outputs here quote nothing but the error column, which is last). */
function parseCsvOutput(text: string): { header: string[]; rows: string[][] } {
	const [head, ...lines] = text.trimEnd().split('\n');
	const header = head.split(',');
	const rows = lines.map((line) => {
		const cells = line.split(',');
		const fixed = cells.slice(0, header.length - 1);
		const error = cells.slice(header.length - 1).join(',');
		fixed.push(error.startsWith('"') ? error.slice(1, -1).replaceAll('""', '"') : error);
		return fixed;
	});
	return { header, rows };
}

/** Penguins rows plus rows with missing values and categories training never saw. */
function newRows(): string {
	const lines = sampleText('penguins').trimEnd().split('\n');
	return [
		...lines.slice(0, 60),
		'Adelie,Atlantis,39.1,18.7,181,3750,MALE',
		'Gentoo,Biscoe,47.5,,,5200,',
		'Chinstrap,Dream,,17.9,195,NA,FEMALE',
		'Adelie,Torgersen,40.3,18,195,3250,UNKNOWN',
		',Nowhere,,,,,',
		...lines.slice(150, 200),
		...lines.slice(300)
	].join('\n');
}

let gbdt: string;
let logistic: string;
const dataPath = join(dir, 'new.csv');

beforeAll(async () => {
	gbdt = await modelFile('gbdt');
	logistic = await modelFile('logistic');
	writeFileSync(dataPath, newRows());
}, 120_000);

describe('tessera predict', () => {
	it.each([
		['gbdt', () => gbdt],
		['logistic', () => logistic]
	])(
		'%s: predictions and probabilities equal the studio Predict node, bit for bit, missing values and unseen categories included',
		async (_name, path) => {
			const res = await cli('predict', path(), dataPath, '--proba');
			expect(res.code).toBe(0);
			const { header, rows } = parseCsvOutput(res.stdout);
			expect(header).toEqual(['row', 'prediction', 'p(Adelie)', 'p(Chinstrap)', 'p(Gentoo)', 'error']);
			const studio = await studioPredict(path(), newRows());
			const prediction = studio['prediction'] as Extract<Column, { kind: 'category' }>;
			expect(rows).toHaveLength(prediction.codes.length);
			rows.forEach((row, i) => {
				expect(row[0]).toBe(String(i + 1));
				expect(row[1]).toBe(prediction.dictionary[prediction.codes[i]]);
				for (const [c, label] of ['Adelie', 'Chinstrap', 'Gentoo'].entries()) {
					const p = studio[`p(${label})`] as Extract<Column, { kind: 'number' }>;
					// Shortest round-trip text: reading it back gives the very same double.
					expect(row[2 + c]).toBe(String(p.values[i]));
				}
				expect(row[5]).toBe('');
			});
			// The rows beyond the sample are really there: unseen island, missing numbers, unseen sex.
			expect(rows[60][1]).not.toBe('');
			expect(rows[64][1]).not.toBe('');
		}
	);

	it('regression: the predictions equal the studio Predict node, bit for bit; TSV out', async () => {
		const path = await modelFile('gbdt', 'diabetes', 'progression');
		const rows = sampleText('diabetes');
		const data = join(dir, 'diabetes.csv');
		writeFileSync(data, rows);
		const tsv = join(dir, 'diabetes-preds.tsv');
		expect((await cli('predict', path, data, '--out', tsv, '--proba')).code).toBe(0);
		const [head, ...lines] = readFileSync(tsv, 'utf8').replace(/\n$/, '').split('\n');
		// --proba adds nothing to a regression.
		expect(head).toBe('row\tprediction\terror');
		const studio = (await studioPredict(path, rows))['prediction'] as Extract<Column, { kind: 'number' }>;
		expect(lines).toHaveLength(studio.values.length);
		lines.forEach((line, i) => expect(line).toBe(`${i + 1}\t${String(studio.values[i])}\t`));
	}, 60_000);

	it('batch size does not change a single byte of the output (7 rows vs 64k)', async () => {
		const small = join(dir, 'small.csv');
		const large = join(dir, 'large.csv');
		expect((await cli('predict', gbdt, dataPath, '--proba', '--out', small, '--batch-rows', '7')).code).toBe(0);
		expect((await cli('predict', gbdt, dataPath, '--proba', '--out', large, '--batch-rows', '65536')).code).toBe(0);
		const a = readFileSync(small, 'utf8');
		expect(a.split('\n').length).toBeGreaterThan(100);
		expect(a).toBe(readFileSync(large, 'utf8'));
		// Scoring threads (batches round-robin to two workers) write the same bytes too.
		const threaded = join(dir, 'threaded.csv');
		const res = await cli('predict', gbdt, dataPath, '--proba', '--out', threaded, '--batch-rows', '7', '--threads', '2', '--json');
		expect(res.code).toBe(0);
		expect(res.json().threads).toBe(2);
		expect(readFileSync(threaded, 'utf8')).toBe(a);
	}, 60_000);

	it('a row that does not fit gets an error naming the column and the value; the others are scored', async () => {
		const bad = join(dir, 'bad.csv');
		const lines = sampleText('penguins').trimEnd().split('\n');
		writeFileSync(
			bad,
			[lines[0], lines[1], 'Adelie,Torgersen,39.5,17.4,186,heavy,FEMALE', lines[3], 'Adelie,Torgersen,39.5,17.4,186,3800,FEMALE'].join(
				'\n'
			) + '\n'
		);
		const res = await cli('predict', gbdt, bad, '--id', 'Species');
		expect(res.code).toBe(0);
		const { header, rows } = parseCsvOutput(res.stdout);
		expect(header).toEqual(['Species', 'prediction', 'error']);
		expect(rows.map((r) => r[2])).toEqual(['', 'Body Mass (g): "heavy" is not a number', '', '']);
		expect(rows[1][1]).toBe('');
		expect(rows[0][1]).toBe('Adelie');
		expect(rows[3][1]).toBe('Adelie');
		// The good rows score as they do alone.
		const alone = parseCsvOutput((await cli('predict', gbdt, dataPath, '--proba')).stdout);
		expect(rows[0][1]).toBe(alone.rows[0][1]);

		const strict = await cli('predict', gbdt, bad, '--strict');
		expect(strict.code).toBe(2);
		// Line 3 of the file: the header is line 1.
		expect(strict.stderr).toContain(`${bad}:3: Body Mass (g): "heavy" is not a number`);
	});

	it('a required column absent from the file: every row gets the error, or --strict stops at once', async () => {
		const noMass = join(dir, 'no-mass.csv');
		writeFileSync(
			noMass,
			sampleText('penguins')
				.trimEnd()
				.split('\n')
				.slice(0, 4)
				.map((l) => l.split(',').slice(0, 5).concat(l.split(',').slice(6)).join(','))
				.join('\n')
		);
		const out = join(dir, 'no-mass.ndjson');
		const res = await cli('predict', logistic, noMass, '--out', out, '--json');
		expect(res.code).toBe(0);
		const summary = res.json();
		expect(summary).toMatchObject({ command: 'predict', rows: 3, scored: 0, rowsWithErrors: 3 });
		expect(summary.errors).toEqual([{ column: 'Body Mass (g)', problem: 'column missing', rows: 3 }]);
		const records = readFileSync(out, 'utf8')
			.trimEnd()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(records[0]).toEqual({ row: 1, prediction: null, error: 'Body Mass (g): the column is missing from the file' });
		const strict = await cli('predict', logistic, noMass, '--strict');
		expect(strict.code).toBe(2);
		expect(strict.stderr).toContain('Body Mass (g): the column is missing from the file');
	});

	it('writes Parquet and NDJSON with the same numbers as CSV, and reads NDJSON, JSON, Arrow and Parquet input', async () => {
		const csv = parseCsvOutput((await cli('predict', gbdt, dataPath, '--proba')).stdout);
		const pq = join(dir, 'preds.parquet');
		expect((await cli('predict', gbdt, dataPath, '--proba', '--out', pq)).code).toBe(0);
		const rows = await parquetReadObjects({ file: new Uint8Array(readFileSync(pq)).buffer });
		expect(rows).toHaveLength(csv.rows.length);
		rows.forEach((r, i) => {
			expect(r.prediction).toBe(csv.rows[i][1]);
			expect(String(r['p(Gentoo)'])).toBe(csv.rows[i][4]);
		});
		// The same rows as NDJSON and as a JSON array score the same (cells read as the importer reads JSON).
		const header = newRows().split(/\r?\n/)[0].split(',');
		const records = newRows()
			.split(/\r?\n/)
			.slice(1)
			.map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k], v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])));
		const nd = join(dir, 'new.ndjson');
		writeFileSync(nd, records.map((r) => JSON.stringify(r)).join('\n'));
		const js = join(dir, 'new.json');
		writeFileSync(js, JSON.stringify(records, null, 1));
		const arrow = join(dir, 'new.arrow');
		writeFileSync(arrow, tableToIPC(tableFromJSON(records), 'file'));
		for (const file of [nd, js, arrow]) {
			const res = await cli('predict', gbdt, file, '--proba', '--batch-rows', '10');
			expect(res.code).toBe(0);
			expect(parseCsvOutput(res.stdout).rows).toEqual(csv.rows);
		}
		// The same rows as Parquet (typed: doubles and strings, nulls for missing; several row groups).
		const pqIn = join(dir, 'new.parquet');
		parquetWriteFile({
			filename: pqIn,
			columnData: header.map((name) => {
				const values = records.map((r) => r[name] ?? null);
				const numeric = values.every((v) => v === null || typeof v === 'number');
				// A column with a word in it ("NA") is written as strings: the model's number column reads them as text.
				const data = numeric ? values : values.map((v) => (v === null ? null : String(v)));
				return { name, data, type: numeric ? ('DOUBLE' as const) : ('STRING' as const), nullable: true };
			}),
			rowGroupSize: 50
		});
		const fromParquet = await cli('predict', gbdt, pqIn, '--proba', '--batch-rows', '30');
		expect(fromParquet.code).toBe(0);
		expect(parseCsvOutput(fromParquet.stdout).rows).toEqual(csv.rows);
		// Parquet in: the predictions file itself has no model columns, so every row reports them missing.
		const again = await cli('predict', gbdt, pq, '--strict');
		expect(again.code).toBe(2);
		expect(again.stderr).toMatch(/the column is missing from the file/);
	});

	it('NDJSON: a record without a key the file has elsewhere is missing there, not a missing column', async () => {
		const header = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];
		const rows = [
			['Adelie', 'Torgersen', 39.1, 18.7, 181, 3750, 'MALE'],
			['Gentoo', 'Biscoe', 46.1, 13.2, 211, 4500, 'FEMALE'],
			['Gentoo', 'Biscoe', 50, 16.3, 230, 5700, null],
			['Chinstrap', 'Dream', 46.5, 17.9, 192, 3500, null]
		];
		const nd = join(dir, 'keys.ndjson');
		// Rows 3 and 4 leave Sex out; with batches of 2 rows they make a batch of their own.
		writeFileSync(
			nd,
			rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, k) => [h, r[k]]).filter(([, v]) => v !== null)))).join('\n')
		);
		const csv = join(dir, 'keys.csv');
		writeFileSync(csv, [header.join(','), ...rows.map((r) => r.map((v) => v ?? '').join(','))].join('\n'));
		const fromNd = await cli('predict', logistic, nd, '--proba', '--batch-rows', '2');
		const fromCsv = await cli('predict', logistic, csv, '--proba');
		expect(fromNd.code).toBe(0);
		const parsed = parseCsvOutput(fromNd.stdout).rows;
		expect(parsed.map((r) => r[5])).toEqual(['', '', '', '']);
		expect(parsed).toEqual(parseCsvOutput(fromCsv.stdout).rows);
	});

	it('refuses an unreadable model file and an unknown extension with exit 2', async () => {
		const junk = join(dir, 'junk.tessera-model');
		writeFileSync(junk, 'hello');
		const bad = await cli('predict', junk, dataPath);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('not a zip archive');
		const xls = await cli('predict', gbdt, join(dir, 'data.xlsx'));
		expect(xls.code).toBe(2);
		expect(xls.stderr).toContain('use one of .csv .tsv .txt .ndjson .jsonl .json .parquet .arrow');
		// A record the CSV reader cannot split into the header's fields stops the run as bad input, with its line.
		const ragged = join(dir, 'ragged.csv');
		writeFileSync(ragged, 'Island,Sex\nDream,MALE\nBiscoe\n');
		const torn = await cli('predict', gbdt, ragged);
		expect(torn.code).toBe(2);
		expect(torn.stderr).toContain(`${ragged}: line 3: expected 2 fields but found 1`);
		const help = await cli('predict', '--help');
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('encoding gives all zeros');
	});
});

describe('scoring threads', () => {
	it('a batch goes to a thread with room, else is scored here; either way the same text', async () => {
		const model = modelOf((await readModelFile(new Uint8Array(readFileSync(gbdt)))).file);
		const batches: InputBatch[] = [];
		for await (const batch of readBatches(dataPath, 'csv', { rows: 9 })) batches.push(batch);
		expect(batches.length).toBeGreaterThanOrEqual(5);
		const job = (b: InputBatch): BatchJob => ({
			chunk: b.chunk,
			decimalComma: b.decimalComma,
			firstRow: b.firstRow + 1,
			id: null,
			proba: true,
			output: 'csv'
		});
		const expected = await Promise.all(batches.map((b) => scoreBatch(registry, model, job(b))));
		const scorer = await createScorer(registry, model, 1);
		try {
			await scorer.ready;
			// The thread holds two batches at once (one scoring, one waiting): the first two go
			// there, the next finds it full and is scored here, before any reply can come back.
			const sent = batches.map((b) => scorer.score(job(b)));
			expect(scorer.scoredHere).toBe(batches.length - 2);
			const got = await Promise.all(sent);
			got.forEach((r, i) => {
				expect(r.text).toBe(expected[i].text);
				expect(r.rowCount).toBe(batches[i].chunk.rowCount);
			});
			// Once the thread is free again, it takes the next batch.
			await scorer.score(job(batches[0]));
			expect(scorer.scoredHere).toBe(batches.length - 2);
		} finally {
			await scorer.close();
		}
	}, 60_000);
});
