import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import type { DatasetValue } from '../../ports';
import type { FactsReport } from '../../reports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import sample, { allocate } from './sample';

const ctx = testContext();

async function run(input: DatasetValue, params: Record<string, unknown>) {
	const defaults = { method: 'random', amount: 'rows', rows: 1000, fraction: 0.1, stratify: '', seed: 42 };
	const out = await sample.run!({ data: input }, { ...defaults, ...params } as never, ctx);
	return { data: out.data as DatasetValue, report: (out.report as { report: FactsReport }).report };
}

/** Penguins with a row id and roles 0..3 in turn, so kept rows can be traced. */
function traced(): DatasetValue {
	const penguins = sampleDataset('penguins');
	const n = penguins.frame.rowCount;
	const id: Column = { kind: 'number', name: 'id', values: Float64Array.from({ length: n }, (_, i) => i) };
	const roles = Uint8Array.from({ length: n }, (_, i) => i % 4);
	return { ...penguins, frame: { columns: [...penguins.frame.columns, id], rowCount: n }, roles };
}
const ids = (d: DatasetValue) => Array.from((getColumn(d.frame, 'id') as Extract<Column, { kind: 'number' }>).values);
function speciesCounts(d: DatasetValue): Record<string, number> {
	const s = getColumn(d.frame, 'Species') as Extract<Column, { kind: 'category' }>;
	const out: Record<string, number> = {};
	for (const c of s.codes) out[s.dictionary[c]] = (out[s.dictionary[c]] ?? 0) + 1;
	return out;
}

describe('clean.sample', () => {
	it('is in the catalog', () => {
		expect(registry.get('clean.sample')).toBe(sample);
	});

	it('keeps the first N rows or the first fraction', async () => {
		const { data: d, report } = await run(traced(), { method: 'first', rows: 10 });
		expect(ids(d)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(report.facts).toEqual([
			{ label: 'Rows before', value: 344 },
			{ label: 'Rows kept', value: 10 }
		]);
		expect((await run(traced(), { method: 'first', amount: 'fraction', fraction: 0.25 })).data.frame.rowCount).toBe(86);
		expect((await run(traced(), { method: 'first', rows: 5000 })).data.frame.rowCount).toBe(344);
	});

	it('draws the same random rows for the same seed, others for another, in original order with their roles', async () => {
		const a = (await run(traced(), { rows: 50, seed: 7 })).data;
		const b = (await run(traced(), { rows: 50, seed: 7 })).data;
		const c = (await run(traced(), { rows: 50, seed: 8 })).data;
		expect(a.frame.rowCount).toBe(50);
		expect(ids(a)).toEqual(ids(b));
		expect(ids(a)).not.toEqual(ids(c));
		const kept = ids(a);
		expect(kept).toEqual([...kept].sort((x, y) => x - y));
		expect(new Set(kept).size).toBe(50);
		expect(Array.from(a.roles!)).toEqual(kept.map((i) => i % 4));
	});

	it('stratified samples keep the class proportions exactly (penguins: Adelie 152, Gentoo 124, Chinstrap 68)', async () => {
		// /usr/bin/python3: pd.read_csv('static/samples/penguins.csv')['Species'].value_counts() → 152 / 124 / 68
		expect(speciesCounts(sampleDataset('penguins'))).toEqual({ Adelie: 152, Gentoo: 124, Chinstrap: 68 });
		const half = (await run(traced(), { method: 'stratified', stratify: 'Species', amount: 'fraction', fraction: 0.5 })).data;
		expect(speciesCounts(half)).toEqual({ Adelie: 76, Gentoo: 62, Chinstrap: 34 });
		// 100 of 344: shares 44.19 / 36.05 / 19.77 → 44 / 36 / 19, and the one left over goes to the largest remainder.
		const hundred = (await run({ ...traced(), target: 'Species' }, { method: 'stratified', rows: 100, seed: 3 })).data;
		expect(speciesCounts(hundred)).toEqual({ Adelie: 44, Gentoo: 36, Chinstrap: 20 });
		const again = (await run({ ...traced(), target: 'Species' }, { method: 'stratified', rows: 100, seed: 3 })).data;
		expect(ids(again)).toEqual(ids(hundred));
		expect(Array.from(hundred.roles!)).toEqual(ids(hundred).map((i) => i % 4));
	});

	it('a plain random sample is close to the proportions on average, over many seeds', async () => {
		let adelie = 0;
		for (let seed = 0; seed < 40; seed++) adelie += speciesCounts((await run(traced(), { rows: 100, seed })).data).Adelie;
		// Expected 100 × 152/344 = 44.2 per draw; the mean of 40 draws stays within a few rows of it.
		expect(Math.abs(adelie / 40 - 44.19)).toBeLessThan(2);
	});

	it('missing values form their own stratum; an empty dataset and a missing column', async () => {
		// Sex: MALE 168, FEMALE 165, missing 10, '.' 1 → half: 84 / 82 or 83 / 5 / 0 or 1, 172 in all.
		const half = (await run(traced(), { method: 'stratified', stratify: 'Sex', amount: 'fraction', fraction: 0.5 })).data;
		const sex = getColumn(half.frame, 'Sex') as Extract<Column, { kind: 'category' }>;
		expect(half.frame.rowCount).toBe(172);
		expect(Array.from(sex.codes).filter((c) => c < 0).length).toBe(5);
		const empty = { ...traced(), frame: { columns: [], rowCount: 0 }, roles: null };
		expect((await run(empty, { rows: 10 })).data.frame.rowCount).toBe(0);
		await expect(run(traced(), { method: 'stratified' })).rejects.toThrow(/choose the column to stratify by/);
		await expect(run(traced(), { method: 'stratified', stratify: 'Nope' })).rejects.toThrow(/column "Nope" does not exist/);
	});

	it('allocates exactly the total', () => {
		expect(allocate([152, 124, 68], 100)).toEqual([44, 36, 20]);
		expect(allocate([1, 1, 1], 2)).toEqual([1, 1, 0]);
		expect(allocate([], 5)).toEqual([]);
		expect(allocate([0, 0], 0)).toEqual([0, 0]);
	});
});
