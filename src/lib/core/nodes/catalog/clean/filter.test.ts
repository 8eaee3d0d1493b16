import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { roleCounts } from '../../dataset';
import type { DatasetValue, ReportValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import split from '../split/split';
import filter from './filter';
import type { FactsReport } from '../../reports';

const ctx = testContext();

async function run(data: DatasetValue, expression: string) {
	const out = await filter.run!({ data }, { expression }, ctx);
	return {
		data: out.data as DatasetValue,
		report: (out.report as ReportValue).report as FactsReport & { facts: { label: string; value: number }[] }
	};
}
const rows = async (sample: string, expression: string) => (await run(sampleDataset(sample), expression)).data.frame.rowCount;

describe('clean.filter on real samples (row counts from pandas)', () => {
	// /usr/bin/python3: df = pd.read_csv('static/samples/penguins.csv'), columns renamed bl, bd, fl, bm
	it.each([
		// len(df.query("bm > 4000 and Island == 'Biscoe'")) → 133
		["`Body Mass (g)` > 4000 and Island == 'Biscoe'", 133],
		// (df.bl >= 40).sum() → 242; a missing length never passes, so not (x < 40) keeps the same rows
		['not ([Beak Length (mm)] < 40)', 242],
		// len(df.query("Species == 'Gentoo' and Sex.isna()", engine='python')) → 4
		["Species = 'Gentoo' and Sex is null", 4],
		// len(df.query("fl >= 190 and fl <= 210")) → 165
		['`Flipper Length (mm)` >= 190 and `Flipper Length (mm)` <= 210', 165],
		// df.Sex.notna().sum() → 334 (the one '.' counts as a value)
		['isnull(Sex) = false', 334],
		// df.Species.str.contains('Chin').sum() → 68
		["contains(lower(Species), 'chin')", 68]
	])('%s keeps %i rows', async (expression, expected) => {
		expect(await rows('penguins', expression)).toBe(expected);
	});

	it('compares dates with a YYYY-MM-DD literal', async () => {
		// w = pd.read_csv('static/samples/seattle-weather.csv', parse_dates=['date']); len(w.query("date >= '2013-01-01' and date < '2013-04-01'")) → 90
		expect(await rows('seattle-weather', "date >= '2013-01-01' and date < '2013-04-01'")).toBe(90);
		expect(await rows('seattle-weather', 'year(date) = 2013 and month(date) <= 3')).toBe(90);
	});

	it('reports rows kept and removed, and keeps every column', async () => {
		const { data, report } = await run(sampleDataset('penguins'), "`Body Mass (g)` > 4000 and Island == 'Biscoe'");
		expect(report.facts).toEqual([
			{ label: 'rows kept', value: 133 },
			{ label: 'rows removed', value: 211 },
			{ label: 'rows before', value: 344 }
		]);
		expect(data.frame.columns.map((c) => c.name)).toEqual(sampleDataset('penguins').frame.columns.map((c) => c.name));
		const mass = (getColumn(data.frame, 'Body Mass (g)') as Extract<Column, { kind: 'number' }>).values;
		expect(mass.every((m) => m > 4000)).toBe(true);
	});

	it('keeps each row with its split role', async () => {
		const splitOut = await split.run!(
			{ data: sampleDataset('penguins') },
			{ target: 'Species', train: 0.7, validation: 0.15, stratify: true, seed: 42 } as never,
			ctx
		);
		const data = splitOut.data as DatasetValue;
		const { data: out } = await run(data, "Island = 'Dream'");
		const island = getColumn(data.frame, 'Island') as Extract<Column, { kind: 'category' }>;
		const dream = island.dictionary.indexOf('Dream');
		const expected = Array.from(data.roles!).filter((_, i) => island.codes[i] === dream);
		expect(Array.from(out.roles!)).toEqual(expected);
		expect(roleCounts(out).train + roleCounts(out).validation + roleCounts(out).test).toBe(124); // df.Island.value_counts()['Dream']
	});

	it('explains a mistake with its position and a did-you-mean hint', async () => {
		await expect(run(sampleDataset('penguins'), '`Beak Lenght (mm)` > 40')).rejects.toThrow(
			'position 1: unknown column "Beak Lenght (mm)" (did you mean "Beak Length (mm)"?)'
		);
		await expect(run(sampleDataset('penguins'), 'Species + 1 > 2')).rejects.toThrow('position 9: cannot add text and number');
		await expect(run(sampleDataset('penguins'), '`Body Mass (g)` / 1000')).rejects.toThrow(/needs a true\/false condition/);
		await expect(run(sampleDataset('penguins'), '   ')).rejects.toThrow(/write a condition/);
	});

	it('is registered as a run node with a documented param', () => {
		const def = registry.get('clean.filter');
		expect(def?.version).toBe(1);
		expect(def && 'run' in def && typeof def.run).toBe('function');
		expect(filter.params.expression.help).toMatch(/backticks/);
	});
});
