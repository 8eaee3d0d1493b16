import { beforeAll, describe, expect, it } from 'vitest';
import { addNode, connect } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import { applyRecipe } from '../engine/recipe';
import { cellsOfStrings } from '../frame/raw-cells';
import type { Column } from '../frame/types';
import { datasetOf } from '../nodes/dataset';
import type { ModelValue } from '../nodes/ports';
import { quickModel } from '../nodes/templates/quick-model';
import { emptyDoc, registry, run } from '../nodes/test-kit';
import { coerceChunk, type RawChunk } from './coerce';
import { scoreChunk } from './score';

/** A chunk of CSV-like text cells, column by column. */
function textChunk(columns: Record<string, string[]>): RawChunk {
	const names = Object.keys(columns);
	return {
		names,
		columns: names.map((n) => ({ kind: 'text', cells: cellsOfStrings(columns[n]) })),
		rowCount: columns[names[0]].length
	};
}

const col = (frame: { columns: readonly Column[] }, name: string) => frame.columns.find((c) => c.name === name)!;

let penguins: ModelValue;
beforeAll(async () => {
	const doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic',
		seed: 1
	});
	const res = await run(doc);
	penguins = res.outputs.get(doc.nodes.find((n) => n.type === 'model.logistic')!.id)!.model as ModelValue;
}, 60_000);

const rows = {
	Island: ['Dream', '1', 'Atlantis', 'Biscoe', ' Dream'],
	'Beak Length (mm)': ['39.1', ' 40 ', 'NA', '41', '42'],
	'Beak Depth (mm)': ['18', '17', '18', '1e1', '19'],
	'Flipper Length (mm)': ['181', '190', '195', '200', '?'],
	'Body Mass (g)': ['3750', 'heavy', '3500', '3600', '3700'],
	Sex: ['MALE', 'FEMALE', '', 'MALE', 'FEMALE']
};

describe('coerceChunk', () => {
	it("builds columns with the model's kinds, reads cells as the importer does, and names what does not fit", () => {
		const { frame, problems, unseen } = coerceChunk(penguins.input!, textChunk(rows));
		// '1' stays a category label (the model says Island is a category), not a number.
		const island = col(frame, 'Island');
		expect(island.kind).toBe('category');
		if (island.kind === 'category')
			expect(Array.from(island.codes, (c) => island.dictionary[c])).toEqual(['Dream', '1', 'Atlantis', 'Biscoe', ' Dream']);
		const beak = col(frame, 'Beak Length (mm)');
		expect(beak.kind === 'number' && Array.from(beak.values)).toEqual([39.1, 40, NaN, 41, 42]);
		const depth = col(frame, 'Beak Depth (mm)');
		expect(depth.kind === 'number' && depth.values[3]).toBe(10);
		expect(problems).toEqual([
			null,
			{ column: 'Body Mass (g)', problem: 'not a number', message: 'Body Mass (g): "heavy" is not a number' },
			null,
			null,
			null
		]);
		// Labels training never saw (untrimmed, as the importer keeps them): counted, not errors.
		expect(unseen.get('Island')).toBe(3);
	});

	it('dates and booleans that do not parse, typed values and missing required columns', () => {
		const input = {
			columns: [
				{
					name: 'when',
					kind: 'date' as const,
					required: true,
					reference: { kind: 'text' as const, count: 0, missing: 0, meanLength: 0, maxLength: 0 }
				},
				{
					name: 'flag',
					kind: 'boolean' as const,
					required: true,
					reference: { kind: 'text' as const, count: 0, missing: 0, meanLength: 0, maxLength: 0 }
				},
				{
					name: 'gone',
					kind: 'number' as const,
					required: false,
					reference: { kind: 'text' as const, count: 0, missing: 0, meanLength: 0, maxLength: 0 }
				}
			],
			target: null,
			rows: 0,
			sampleRows: 0
		};
		const { frame, problems } = coerceChunk(input, {
			names: ['when', 'flag'],
			columns: [
				{ kind: 'values', values: [new Date(Date.UTC(2020, 0, 2)), '2020-13-01', null, 86_400_000] },
				{ kind: 'values', values: [true, 'yes', 'maybe', null] }
			],
			rowCount: 4
		});
		const when = col(frame, 'when');
		expect(when.kind === 'date' && Array.from(when.values)).toEqual([Date.UTC(2020, 0, 2), NaN, NaN, 86_400_000]);
		const flag = col(frame, 'flag');
		expect(flag.kind === 'boolean' && Array.from(flag.codes)).toEqual([1, 1, -1, -1]);
		expect(problems.map((p) => p?.message ?? null)).toEqual([
			null,
			'when: "2020-13-01" is not a date (YYYY-MM-DD, optionally with a time)',
			'flag: "maybe" is not a boolean (true/false or yes/no)',
			null
		]);
		// An optional column may be absent (it is filled with missing values); a required one marks every row.
		expect(frame.columns.map((c) => c.name)).toEqual(['when', 'flag', 'gone']);
		const gone = col(frame, 'gone');
		expect(gone.kind === 'number' && Array.from(gone.values)).toEqual([NaN, NaN, NaN, NaN]);
		const none = coerceChunk(input, { names: ['when'], columns: [{ kind: 'values', values: [null] }], rowCount: 1 });
		expect(none.problems[0]?.message).toBe('flag: the column is missing from the file');
	});
});

describe('scoreChunk', () => {
	it('an unseen category is one-hot encoded as all zeros, as in the studio', async () => {
		const chunk = coerceChunk(penguins.input!, textChunk(rows));
		// The recipe up to its one-hot step (a scaler after it would shift the zeros).
		const upTo = penguins.recipe.findIndex((s) => s.type === 'features.one-hot');
		expect(upTo).toBeGreaterThanOrEqual(0);
		const prepared = applyRecipe(registry, datasetOf(chunk.frame, 'x'), penguins.recipe.slice(0, upTo + 1)).frame;
		const onehot = prepared.columns.filter((c) => c.name.startsWith('Island='));
		expect(onehot.map((c) => c.name).sort()).toEqual(['Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
		// Row 2 (Atlantis) and row 4 (' Dream', untrimmed) light no Island column; row 0 (Dream) does.
		for (const r of [2, 4]) expect(onehot.map((c) => (c.kind === 'number' ? c.values[r] : NaN))).toEqual([0, 0, 0]);
		expect(onehot.map((c) => (c.kind === 'number' ? c.values[0] : NaN)).reduce((a, b) => a + b)).toBe(1);
		const scored = await scoreChunk(registry, penguins, chunk);
		expect(Array.from(scored.scored)).toEqual([1, 0, 1, 1, 1]);
		expect(scored.codes![1]).toBe(-1);
		expect(Number.isNaN(scored.proba![3])).toBe(true);
		// Probabilities of a scored row sum to one.
		expect(scored.proba![0] + scored.proba![1] + scored.proba![2]).toBeCloseTo(1, 12);
	});

	it('rows the recipe or the model refuses are found by halving; every other row is scored as it is alone', async () => {
		// A logistic model straight on the numeric iris columns: nothing imputes, so a missing value is refused.
		let doc: PipelineDocument = emptyDoc();
		const ids: Record<string, string> = {};
		for (const [key, type, params] of [
			['data', 'io.dataset', { source: 'sample', sample: 'iris' }],
			['split', 'split.train-test', { target: 'species' }],
			['model', 'model.logistic', {}]
		] as const) {
			const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
			doc = r.doc;
			ids[key] = r.id;
		}
		for (const [a, b] of [
			['data', 'split'],
			['split', 'model']
		]) {
			const c = connect(doc, registry, { node: ids[a], port: 'data' }, { node: ids[b], port: 'data' });
			if (!c.ok) throw new Error(c.reason);
			doc = c.doc;
		}
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const iris = res.outputs.get(ids.model)!.model as ModelValue;
		const n = 9;
		const cells = (v: string) => Array.from({ length: n }, (_, i) => (i === 3 || i === 7 ? v : String(5 + i / 10)));
		const chunk = coerceChunk(
			iris.input!,
			textChunk({
				sepal_length: cells(''),
				sepal_width: Array(n).fill('3'),
				petal_length: Array(n).fill('1.4'),
				petal_width: Array(n).fill('0.2')
			})
		);
		expect(chunk.problems.every((p) => p === null)).toBe(true);
		const scored = await scoreChunk(registry, iris, chunk);
		expect(Array.from(scored.scored)).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 1]);
		expect(scored.problems[3]).toMatchObject({ column: null, problem: 'refused by the model' });
		expect(scored.problems[3]!.message).toMatch(/^the model refused this row: feature "sepal_length" has 1 missing value/);
		const alone = await scoreChunk(
			registry,
			iris,
			coerceChunk(iris.input!, textChunk({ sepal_length: ['5.2'], sepal_width: ['3'], petal_length: ['1.4'], petal_width: ['0.2'] }))
		);
		expect(Array.from(alone.proba!)).toEqual(Array.from(scored.proba!.subarray(2 * 3, 3 * 3)));
	});
});
