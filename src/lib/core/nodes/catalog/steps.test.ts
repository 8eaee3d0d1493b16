import { describe, expect, it } from 'vitest';
import { getColumn } from '../../frame/frame';
import type { Column } from '../../frame/types';
import { rowsWithRole } from '../dataset';
import { Role, type DatasetValue } from '../ports';
import { registry, sampleDataset, testContext } from '../test-kit';
import missing from './clean/missing';
import scale from './clean/scale';
import oneHot from './features/one-hot';
import split from './split/split';

const ctx = testContext();
const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;

async function splitPenguins(params: Record<string, unknown> = {}): Promise<DatasetValue> {
	const out = await split.run!(
		{ data: sampleDataset('penguins') },
		{ target: 'Species', train: 0.7, validation: 0.15, stratify: true, seed: 42, ...params } as never,
		ctx
	);
	return out.data as DatasetValue;
}

async function fitApply(def: typeof scale, data: DatasetValue, params: Record<string, unknown>) {
	const state = await def.step!.fit(data, params as never, ctx);
	return { state, out: def.step!.apply(data, state, params as never) };
}

describe('Split', () => {
	it('divides 70/15/15 and keeps class proportions in every part', async () => {
		const data = await splitPenguins();
		const n = data.frame.rowCount; // 344 penguins, no missing species
		const train = rowsWithRole(data, Role.train).length;
		const val = rowsWithRole(data, Role.validation).length;
		const test = rowsWithRole(data, Role.test).length;
		expect(train + val + test).toBe(n);
		// Per class: Adelie 152 → 106/23/23, Chinstrap 68 → 48/10/10, Gentoo 124 → 87/19/18 (rounding per class)
		expect(train).toBe(106 + 48 + 87);
		expect(val).toBe(23 + 10 + 19);
		expect(test).toBe(23 + 10 + 18);
		const species = getColumn(data.frame, 'Species') as Extract<Column, { kind: 'category' }>;
		const adelie = species.dictionary.indexOf('Adelie');
		const count = (role: number) => rowsWithRole(data, role).filter((r) => species.codes[r] === adelie).length;
		expect([count(Role.train), count(Role.validation), count(Role.test)]).toEqual([106, 23, 23]);
	});

	it('gives the same roles for the same seed and different ones for another', async () => {
		const a = await splitPenguins({ seed: 7 });
		const b = await splitPenguins({ seed: 7 });
		const c = await splitPenguins({ seed: 8 });
		expect(Array.from(a.roles!)).toEqual(Array.from(b.roles!));
		expect(Array.from(a.roles!)).not.toEqual(Array.from(c.roles!));
	});

	it('refuses fractions that leave no test rows, and a missing target', async () => {
		await expect(splitPenguins({ train: 0.8, validation: 0.2 })).rejects.toThrow(/must leave rows for the test set/);
		await expect(splitPenguins({ target: 'Nope' })).rejects.toThrow(/column "Nope" does not exist/);
	});
});

describe('stateful steps fit on the training rows only', () => {
	it("Scale: the mean it learns is the training rows' mean, not the whole column's", async () => {
		const data = await splitPenguins();
		const filled = (await fitApply(missing as typeof scale, data, { strategy: 'median', columns: [], fillNumber: 0, fillText: 'missing' }))
			.out;
		const { state, out } = await fitApply(scale, filled, { method: 'standard', columns: ['Flipper Length (mm)'] });
		const raw = num(getColumn(filled.frame, 'Flipper Length (mm)'));
		const train = rowsWithRole(filled, Role.train);
		const trainMean = Array.from(train, (r) => raw[r]).reduce((a, b) => a + b, 0) / train.length;
		const allMean = raw.reduce((a, b) => a + b, 0) / raw.length;
		const learnt = (state as { columns: { center: number; scale: number }[] }).columns[0];
		expect(learnt.center).toBeCloseTo(trainMean, 10);
		expect(Math.abs(learnt.center - allMean)).toBeGreaterThan(1e-6);
		// Applied to every row: the training rows now have mean 0 and population std 1.
		const scaled = num(getColumn(out.frame, 'Flipper Length (mm)'));
		const t = Array.from(train, (r) => scaled[r]);
		const m = t.reduce((a, b) => a + b, 0) / t.length;
		expect(m).toBeCloseTo(0, 10);
		expect(Math.sqrt(t.reduce((a, b) => a + (b - m) ** 2, 0) / t.length)).toBeCloseTo(1, 10);
		expect(scaled.length).toBe(344);
	});

	it('Missing values: the median comes from the training rows; category gaps get the training mode', async () => {
		const data = await splitPenguins();
		const { state, out } = await fitApply(missing as typeof scale, data, {
			strategy: 'median',
			columns: [],
			fillNumber: 0,
			fillText: 'missing'
		});
		const raw = num(getColumn(data.frame, 'Beak Length (mm)'));
		const present = Array.from(rowsWithRole(data, Role.train), (r) => raw[r])
			.filter((v) => !Number.isNaN(v))
			.sort((a, b) => a - b);
		const mid = present.length >> 1;
		const median = present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
		const fills = (state as { fills: { column: string; value?: number; label?: string }[] }).fills;
		expect(fills.find((f) => f.column === 'Beak Length (mm)')!.value).toBe(median);
		const sex = getColumn(out.frame, 'Sex') as Extract<Column, { kind: 'category' }>;
		expect(sex.codes.every((c) => c >= 0)).toBe(true);
		expect(num(getColumn(out.frame, 'Beak Length (mm)')).every((v) => !Number.isNaN(v))).toBe(true);
	});

	it('Missing values: drop rows removes exactly the incomplete rows and keeps roles aligned', async () => {
		const data = await splitPenguins();
		const { out } = await fitApply(missing as typeof scale, data, { strategy: 'drop-rows', columns: ['Sex'], fillNumber: 0, fillText: '' });
		const sex = getColumn(data.frame, 'Sex') as Extract<Column, { kind: 'category' }>;
		const complete = Array.from(sex.codes).filter((c) => c >= 0).length;
		expect(out.frame.rowCount).toBe(complete);
		expect(out.roles!.length).toBe(complete);
		const kept = Array.from(data.roles!).filter((_, i) => sex.codes[i] >= 0);
		expect(Array.from(out.roles!)).toEqual(kept);
	});

	it('One-hot: categories come from the training rows; an unseen category encodes as all zeros', async () => {
		const data = await splitPenguins();
		const { state, out } = await fitApply(oneHot as typeof scale, data, { columns: ['Island'] });
		expect((state as { columns: { categories: string[] }[] }).columns[0].categories).toEqual(['Biscoe', 'Dream', 'Torgersen']);
		expect(out.frame.columns.map((c) => c.name)).toContain('Island=Dream');
		expect(out.frame.columns.map((c) => c.name)).not.toContain('Island');
		const row0 = ['Island=Biscoe', 'Island=Dream', 'Island=Torgersen'].map((n) => num(getColumn(out.frame, n))[0]);
		expect(row0).toEqual([0, 0, 1]); // the first penguin lives on Torgersen
		const renamed: DatasetValue = {
			...data,
			frame: {
				...data.frame,
				columns: data.frame.columns.map((c) =>
					c.name === 'Island' && c.kind === 'category'
						? { ...c, dictionary: c.dictionary.map((d) => (d === 'Torgersen' ? 'Atlantis' : d)) }
						: c
				)
			}
		};
		const applied = oneHot.step!.apply(renamed, state, { columns: ['Island'] } as never);
		expect(['Island=Biscoe', 'Island=Dream', 'Island=Torgersen'].map((n) => num(getColumn(applied.frame, n))[0])).toEqual([0, 0, 0]);
	});

	it('every step type in the catalog is registered once', () => {
		const types = registry.all.map((d) => d.type);
		expect(new Set(types).size).toBe(types.length);
		expect(types).toContain('clean.scale');
	});
});

describe('a whole-number target can be a classification target', () => {
	it('a 0/1 flag is stratified by Split and learnt as two classes "0" and "1"', async () => {
		const lines = ['x,flag'];
		// flag is 1 exactly when x > 60 (40 of 100 rows)
		for (let i = 0; i < 100; i++) lines.push(`${i},${i > 59 ? 1 : 0}`);
		const { readCsv } = await import('../../readers/csv');
		const { datasetOf } = await import('../dataset');
		const data = datasetOf(readCsv(lines.join('\n')), 'flag');
		const out = (await split.run!({ data }, { target: 'flag', train: 0.7, validation: 0.15, stratify: true, seed: 1 } as never, ctx))
			.data as DatasetValue;
		const flag = num(getColumn(out.frame, 'flag'));
		const ones = (role: number) => rowsWithRole(out, role).filter((r) => flag[r] === 1).length;
		// Stratified: 40 ones → 28 / 6 / 6; 60 zeros → 42 / 9 / 9
		expect([ones(Role.train), ones(Role.validation), ones(Role.test)]).toEqual([28, 6, 6]);
		expect(rowsWithRole(out, Role.train).length).toBe(70);
		const { default: logistic } = await import('./model/logistic');
		const model = (await logistic.run!({ data: out }, { features: [], C: 1, maxIter: 200 } as never, ctx)).model;
		expect(model.kind === 'model' && model.classes).toEqual(['0', '1']);
	});
});

describe('the catalog documents itself', () => {
	it('every node type has a description and every param a label and help text', () => {
		for (const def of registry.all) {
			expect(def.description.length, def.type).toBeGreaterThan(20);
			for (const [name, spec] of Object.entries(def.params)) {
				expect(spec.label, `${def.type}.${name}`).toBeTruthy();
				expect(spec.help, `${def.type}.${name}`).toBeTruthy();
			}
		}
	});
});
