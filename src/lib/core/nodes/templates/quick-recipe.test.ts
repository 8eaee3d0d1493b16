import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineHost } from '../../engine/run';
import { runPipeline } from '../../engine/run';
import { OutputCache } from '../../engine/cache';
import { readCsv } from '../../readers/csv';
import { readTableBytes } from '../../readers/readers';
import type { MetricsValue } from '../ports';
import { emptyDoc, registry, SAMPLES, sampleText } from '../test-kit';
import { quickModel } from './quick-model';
import { quickRecipe } from './quick-recipe';

/**
 * seattle-weather (real rows) with the columns an analyst's export carries around them: a row
 * id, a station with 30 levels, a free-text remark, a constant, and the target again in °F (a leak).
 */
function weatherFixture(): string {
	const weather = readCsv(sampleText('seattle-weather'));
	const reviews = readCsv(sampleText('reviews'));
	const col = (name: string) => weather.columns.find((c) => c.name === name)!;
	const text = reviews.columns.find((c) => c.name === 'text')!;
	const date = col('date');
	const max = col('temp_max');
	const min = col('temp_min');
	const rain = col('precipitation');
	if (date.kind !== 'date' || max.kind !== 'number' || min.kind !== 'number' || rain.kind !== 'number' || text.kind !== 'text')
		throw new Error('fixture columns changed kind');
	const lines = ['row_id,date,station,remark,source,precipitation,temp_min,temp_max_f,temp_max'];
	for (let i = 0; i < weather.rowCount; i++) {
		const day = new Date(date.values[i]).toISOString().slice(0, 10);
		const remark = JSON.stringify(text.values[i % reviews.rowCount]);
		const f = (max.values[i] * 1.8 + 32).toFixed(2);
		lines.push(`${i + 1},${day},st-${(i * 7) % 30},${remark},noaa,${rain.values[i]},${min.values[i]},${f},${max.values[i]}`);
	}
	return lines.join('\n');
}

describe('quickRecipe', () => {
	const frame = readCsv(weatherFixture());

	it('says what it does with dates, ids, high-cardinality categories, text, constants and a leak', () => {
		const r = quickRecipe(frame, 'temp_max');
		expect(r.task).toBe('regression');
		expect(r.taskInferred).toBe(true);
		expect(r.shape).toBe('table');
		expect(Object.fromEntries(r.columns.map((c) => [c.column, c.use]))).toEqual({
			row_id: { kind: 'left-out', why: 'id-like' },
			date: { kind: 'date-parts' },
			station: { kind: 'frequency', levels: 30 },
			remark: { kind: 'text-features' },
			source: { kind: 'left-out', why: 'constant' },
			precipitation: { kind: 'feature' },
			temp_min: { kind: 'feature' },
			temp_max_f: { kind: 'left-out', why: 'leakage' }
		});
		expect(r.notes).toContain('row_id: left out: named like an identifier');
		expect(r.notes).toContain('station: 30 levels → frequency encoding (one-hot would add 30 columns)');
		expect(r.notes.find((n) => n.startsWith('temp_max_f:'))).toMatch(/predicts the target almost perfectly \(score 1\.000\)/);
		expect(r.families[0]).toBe('gbdt');
		expect(r.families).not.toContain('naive-bayes');
	});

	it('builds ordinary labelled nodes from the recipe, and the pipeline runs', async () => {
		const recipe = quickRecipe(frame, 'temp_max');
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'stored', name: 'weather', hash: 'w' },
			target: 'temp_max',
			task: 'regression',
			recipe,
			seed: 1
		});
		expect(doc.nodes.map((n) => [n.type, n.label ?? null])).toEqual([
			['io.dataset', null],
			['explore.table', null],
			['split.train-test', null],
			['explore.profile', null],
			['clean.columns', 'Leave out: row_id (id-like), source (constant), temp_max_f (leakage)'],
			['features.date-parts', 'Date parts: date'],
			['features.text', 'TF-IDF: remark'],
			['clean.missing', null],
			['features.frequency', 'Frequency encode: station (30 levels)'],
			['features.one-hot', null],
			['clean.scale', null],
			['model.gbdt', null],
			['evaluate.metrics', null]
		]);
		const host: EngineHost = { loadSource: async () => ({ frame, hash: 'w', name: 'weather' }), sourceHash: async () => 'w' };
		const res = await runPipeline({ doc, registry, cache: new OutputCache(), host });
		expect(Object.fromEntries(res.errors)).toEqual({});
		const m = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
		// temp_min and the season (date parts) carry most of temp_max; the leak is gone, so R² < 1.
		expect(m.test!.task === 'regression' && m.test!.r2).toBeGreaterThan(0.8);
		expect(m.test!.task === 'regression' && m.test!.r2).toBeLessThan(0.99);
	});

	it('leaves out a row number but keeps whole-unit amounts that happen to be all distinct', () => {
		const lines = ['n,amount,y'];
		// n: 1..30 in a shuffled order; amount: distinct whole dollars with gaps.
		for (let i = 0; i < 30; i++) lines.push(`${((i * 7) % 30) + 1},${1000 + i * i * 37},${i % 3 === 0 ? 'a' : 'b'}`);
		const r = quickRecipe(readCsv(lines.join('\n')), 'y');
		expect(r.columns.map((c) => [c.column, c.note])).toEqual([
			['n', 'left out: 100% of its values are distinct, like an identifier'],
			['amount', 'a number → as it is']
		]);
	});

	it('takes a task the user chose and says it was chosen', () => {
		const r = quickRecipe(frame, 'precipitation', 'regression');
		expect(r.taskInferred).toBe(false);
		expect(() => quickRecipe(frame, 'station', 'regression')).toThrow('regression needs a number target; "station" is a category column');
		expect(() => quickRecipe(frame, 'nope')).toThrow('"nope" is not a column');
	});

	it('reviews: a text dataset → TF-IDF and a logistic regression first', () => {
		const r = quickRecipe(readCsv(sampleText('reviews')), 'sentiment');
		expect(r.shape).toBe('text');
		expect(r.families[0]).toBe('logistic');
		expect(r.columns).toEqual([expect.objectContaining({ column: 'text', use: { kind: 'text-features' } })]);
		// One text column: the text network is offered next; the tabular families read the TF-IDF weights.
		expect(r.families.slice(0, 2)).toEqual(['logistic', 'text-nn']);
		expect(r.families).not.toContain('cnn');
		expect(r.notes[0]).toContain('or the text network, reading the words of "text" in order');
	});

	it('reviews with the text network: Split → Text to sequence → network → Evaluate, learning the sentiment', async () => {
		const frame = readCsv(sampleText('reviews'));
		const r = quickRecipe(frame, 'sentiment');
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'stored', name: 'reviews', hash: 'r' },
			target: 'sentiment',
			task: 'classification',
			model: 'text-nn',
			seed: 3,
			recipe: r
		});
		expect(doc.nodes.map((n) => n.type)).toEqual([
			'io.dataset',
			'explore.table',
			'split.train-test',
			'explore.profile',
			'features.text-sequence',
			'model.text-nn',
			'evaluate.metrics'
		]);
		const host: EngineHost = { loadSource: async () => ({ frame, hash: 'r', name: 'reviews' }), sourceHash: async () => 'r' };
		const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'wasm' });
		expect(Object.fromEntries(res.errors)).toEqual({});
		const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
		// scikit-learn's TF-IDF + logistic reaches 0.73 on these rows; the network is in the same range.
		expect((metrics.test as { accuracy: number }).accuracy).toBeGreaterThan(0.6);
	}, 60_000);

	it('a table with two text columns is not offered the text network (it reads one column)', () => {
		const reviews = readCsv(sampleText('reviews'));
		const text = reviews.columns.find((c) => c.name === 'text')!;
		const frame = { ...reviews, columns: [...reviews.columns, { ...text, name: 'title' }] };
		const r = quickRecipe(frame, 'sentiment');
		expect(r.shape).toBe('text');
		expect(r.families).not.toContain('text-nn');
	});

	it('digits: an image dataset → the CNN first, straight after the split', async () => {
		const frame = await readTableBytes(new Uint8Array(readFileSync(join(SAMPLES, 'digits.zip'))), { fileName: 'digits.zip' });
		const r = quickRecipe(frame, 'label');
		expect(r.shape).toBe('image');
		expect(r.families[0]).toBe('cnn');
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'stored', name: 'digits', hash: 'd' },
			target: 'label',
			task: 'classification',
			recipe: r
		});
		expect(doc.nodes.map((n) => n.type)).toEqual([
			'io.dataset',
			'explore.table',
			'split.train-test',
			'explore.profile',
			'model.cnn',
			'evaluate.metrics'
		]);
		// A family the recipe offers must still learn the task.
		expect(() =>
			quickModel(emptyDoc(), registry, {
				source: { kind: 'stored', name: 'digits', hash: 'd' },
				target: 'label',
				task: 'classification',
				model: 'linear',
				recipe: r
			})
		).toThrow('linear models are for regression, not classification');
	});
});
