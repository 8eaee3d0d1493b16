import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../readers/csv';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf, rowsWithRole } from '../../dataset';
import { normaliseParams } from '../../params';
import { Role, type DatasetValue } from '../../ports';
import { sampleDataset, testContext } from '../../test-kit';
import split from '../split/split';
import missing from './missing';
import outliers from './outliers';

const ctx = testContext();
const num = (c: Column) => Array.from((c as Extract<Column, { kind: 'number' }>).values);
const labels = (c: Column) => {
	const cat = c as Extract<Column, { kind: 'category' }>;
	return Array.from(cat.codes, (k) => (k < 0 ? null : cat.dictionary[k]));
};
type Step = typeof missing;
const HEADER = 'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex';
/** Raw new rows as Predict gets them: an unseen island and sex, an extreme mass, gaps everywhere. */
const fresh = (): DatasetValue =>
	datasetOf(readCsv(`${HEADER}\nAdelie,Atlantis,300,,250,99999,UNKNOWN\n,,,,,,\nGentoo,Biscoe,45,15,220,5000,MALE\n`), 'new');
const emptyRows = (): DatasetValue => datasetOf(readCsv(`${HEADER}\n`), 'empty');

async function splitPenguins(): Promise<DatasetValue> {
	const out = await split.run!(
		{ data: sampleDataset('penguins') },
		{ target: 'Species', train: 0.7, validation: 0.15, stratify: true, seed: 42 } as never,
		ctx
	);
	return out.data as DatasetValue;
}

async function fit(def: Step, data: DatasetValue, given: Record<string, unknown>) {
	const params = normaliseParams(def.params, given).params;
	return { params, state: await def.step!.fit(data, params, ctx) };
}

/** numpy.percentile's linear rule, written out here so the test does not reuse the node's helper. */
function numpyPercentile(values: number[], q: number): number {
	const s = [...values].sort((a, b) => a - b);
	const h = (s.length - 1) * q;
	const lo = Math.floor(h);
	return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

describe('cleaning steps fit on the training rows only and replay on raw new rows', () => {
	it('Outliers: IQR bounds come from the training rows; replay clips or drops unseen extremes, keeps gaps', async () => {
		const data = await splitPenguins();
		const { params, state } = await fit(outliers as Step, data, { columns: ['Body Mass (g)'] });
		const mass = num(getColumn(data.frame, 'Body Mass (g)'));
		const train = Array.from(rowsWithRole(data, Role.train), (r) => mass[r]).filter((x) => !Number.isNaN(x));
		const q1 = numpyPercentile(train, 0.25),
			q3 = numpyPercentile(train, 0.75);
		const b = (state as { columns: { lower: number; upper: number }[] }).columns[0];
		expect(b.lower).toBeCloseTo(q1 - 1.5 * (q3 - q1), 10);
		expect(b.upper).toBeCloseTo(q3 + 1.5 * (q3 - q1), 10);
		// Fitted on every row the bounds are 1750 / 6550 (numpy, see outliers.test.ts): the split changes them.
		expect([b.lower, b.upper]).not.toEqual([1750, 6550]);

		const clipped = outliers.step!.apply(fresh(), state, params);
		expect(num(getColumn(clipped.frame, 'Body Mass (g)'))).toEqual([b.upper, NaN, 5000]);
		const dropParams = { ...params, action: 'drop' };
		const dropped = outliers.step!.apply(fresh(), state, dropParams);
		expect(num(getColumn(dropped.frame, 'Body Mass (g)'))).toEqual([NaN, 5000]);
		expect(outliers.step!.apply(emptyRows(), state, dropParams).frame.rowCount).toBe(0);
	});

	it('Missing values, drop-columns: the missing fraction is measured on the training rows', async () => {
		const data = await splitPenguins();
		const sex = getColumn(data.frame, 'Sex') as Extract<Column, { kind: 'category' }>;
		const train = rowsWithRole(data, Role.train);
		const trainFraction = Array.from(train).filter((r) => sex.codes[r] < 0).length / train.length;
		const allFraction = 10 / 344;
		expect(trainFraction).not.toBe(allFraction);
		// A threshold between the two: one fit drops Sex, the other keeps it.
		const threshold = (trainFraction + allFraction) / 2;
		const onTrain = (await fit(missing, data, { strategy: 'drop-columns', threshold })).state as { columns: string[] };
		const onAll = (await fit(missing, { ...data, roles: null }, { strategy: 'drop-columns', threshold })).state as { columns: string[] };
		expect(onTrain.columns.includes('Sex')).toBe(trainFraction > allFraction);
		expect(onAll.columns.includes('Sex')).toBe(allFraction > trainFraction);

		const { params, state } = await fit(missing, data, { strategy: 'drop-columns', threshold: 0.02 });
		expect((state as { columns: string[] }).columns).toEqual(trainFraction > 0.02 ? ['Sex'] : []);
		const replayed = missing.step!.apply(fresh(), state, params);
		expect(replayed.frame.columns.length).toBe(7 - (state as { columns: string[] }).columns.length);
		expect(missing.step!.apply(emptyRows(), state, params).frame.rowCount).toBe(0);
	});

	it('Missing values, indicators: only columns with gaps in the training rows; new rows get them all', async () => {
		// Rows 3 and 339 (the only gaps in the measurements) become test rows; Sex gaps stay in training.
		const base = sampleDataset('penguins');
		const roles = new Uint8Array(base.frame.rowCount).fill(Role.train);
		roles[3] = roles[339] = Role.test;
		const data = { ...base, target: 'Species', roles };
		const { params, state } = await fit(missing, data, { strategy: 'mode', indicators: true });
		expect((state as { indicators: string[] }).indicators).toEqual(['Sex']);
		const all = (await fit(missing, { ...data, roles: null }, { strategy: 'mode', indicators: true })).state as { indicators: string[] };
		expect(all.indicators).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);

		const replayed = missing.step!.apply(fresh(), state, params);
		expect(num(getColumn(replayed.frame, 'Sex_missing'))).toEqual([0, 1, 0]);
		// The training mode fills the gap; the unseen label stays as it is.
		const modeSex = labels(getColumn(replayed.frame, 'Sex'));
		expect(modeSex[0]).toBe('UNKNOWN');
		expect(['MALE', 'FEMALE']).toContain(modeSex[1]);
		const complete = datasetOf(readCsv(`${HEADER}\nGentoo,Biscoe,45,15,220,5000,MALE\n`), 'complete');
		expect(num(getColumn(missing.step!.apply(complete, state, params).frame, 'Sex_missing'))).toEqual([0]);
		const empty = missing.step!.apply(emptyRows(), state, params);
		expect(empty.frame.columns.map((c) => c.name)).toContain('Sex_missing');
	});

	it('Missing values, forward-fill: stateless, so new rows fill among themselves', async () => {
		const data = await splitPenguins();
		const { params, state } = await fit(missing, data, { strategy: 'forward-fill', sortBy: 'Flipper Length (mm)' });
		const replayed = missing.step!.apply(fresh(), state, params);
		// Order by flipper length: 220 (row 2), 250 (row 0), missing (row 1, last).
		expect(num(getColumn(replayed.frame, 'Beak Depth (mm)'))).toEqual([15, 15, 15]);
		expect(num(getColumn(replayed.frame, 'Beak Length (mm)'))).toEqual([300, 300, 45]);
		expect(labels(getColumn(replayed.frame, 'Island'))).toEqual(['Atlantis', 'Atlantis', 'Biscoe']);
		expect(missing.step!.apply(emptyRows(), state, params).frame.rowCount).toBe(0);
	});
});
