/**
 * The bundled sample datasets, read end to end. Reference numbers come from pandas 1.5.3:
 *   /usr/bin/python3 -c "import pandas as pd; d = pd.read_csv('<file>'); print(d.describe()); print(d.isna().sum())"
 * and numpy.histogram(values, bins=min(30, ceil(log2 n) + 1)) for the histogram.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../readers/csv';
import { getColumn, schemaOf } from '../frame/frame';
import { profileColumn, profileFrame } from './profile';
import type { ColumnProfile } from './profile';

const DATA = '/work/shared/data';
const read = (name: string) => readCsv(readFileSync(`${DATA}/${name}`, 'utf8'));

interface Describe {
	count: number;
	mean: number;
	std: number;
	min: number;
	q1: number;
	median: number;
	q3: number;
	max: number;
}

function expectDescribe(p: ColumnProfile, d: Describe): void {
	expect(p.count).toBe(d.count);
	expect(p.mean).toBeCloseTo(d.mean, 9);
	expect(p.std).toBeCloseTo(d.std, 9);
	expect(p.min).toBeCloseTo(d.min, 9);
	expect(p.q1).toBeCloseTo(d.q1, 9);
	expect(p.median).toBeCloseTo(d.median, 9);
	expect(p.q3).toBeCloseTo(d.q3, 9);
	expect(p.max).toBeCloseTo(d.max, 9);
}

describe('penguins.csv', () => {
	const frame = read('penguins.csv');
	const profile = profileFrame(frame);

	it('infers the schema', () => {
		expect(frame.rowCount).toBe(344);
		expect(schemaOf(frame)).toEqual([
			{ name: 'Species', kind: 'category', categories: ['Adelie', 'Chinstrap', 'Gentoo'] },
			{ name: 'Island', kind: 'category', categories: ['Biscoe', 'Dream', 'Torgersen'] },
			{ name: 'Beak Length (mm)', kind: 'number' },
			{ name: 'Beak Depth (mm)', kind: 'number' },
			{ name: 'Flipper Length (mm)', kind: 'number' },
			{ name: 'Body Mass (g)', kind: 'number' },
			// pandas reads one '.' in Sex as a value too
			{ name: 'Sex', kind: 'category', categories: ['.', 'FEMALE', 'MALE'] }
		]);
	});

	it('matches pandas describe() and isna()', () => {
		// pandas isna().sum(): 2 in each measurement, 10 in Sex -> 4*2 + 10 = 18
		expect(profile.missingCells).toBe(18);
		const by = (name: string) => profileColumn(getColumn(frame, name));
		expectDescribe(by('Beak Length (mm)'), {
			count: 342,
			mean: 43.921929824561,
			std: 5.459583713927,
			min: 32.1,
			q1: 39.225,
			median: 44.45,
			q3: 48.5,
			max: 59.6
		});
		expect(by('Beak Length (mm)').missing).toBe(2);
		expectDescribe(by('Beak Depth (mm)'), {
			count: 342,
			mean: 17.151169590643,
			std: 1.974793156817,
			min: 13.1,
			q1: 15.6,
			median: 17.3,
			q3: 18.7,
			max: 21.5
		});
		expectDescribe(by('Flipper Length (mm)'), {
			count: 342,
			mean: 200.915204678363,
			std: 14.061713679357,
			min: 172,
			q1: 190,
			median: 197,
			q3: 213,
			max: 231
		});
		expectDescribe(by('Body Mass (g)'), {
			count: 342,
			mean: 4201.754385964912,
			std: 801.954535698095,
			min: 2700,
			q1: 3550,
			median: 4050,
			q3: 4750,
			max: 6300
		});
	});

	it('matches numpy.histogram for Beak Length', () => {
		// 342 values -> ceil(log2 342) + 1 = 10 bins over [32.1, 59.6]
		const h = profileColumn(getColumn(frame, 'Beak Length (mm)')).histogram;
		expect(h?.counts).toEqual([9, 40, 57, 48, 49, 55, 61, 16, 5, 2]);
		const edges = [32.1, 34.85, 37.6, 40.35, 43.1, 45.85, 48.6, 51.35, 54.1, 56.85, 59.6];
		h?.edges.forEach((e, i) => expect(e).toBeCloseTo(edges[i], 9));
	});

	it('matches pandas value_counts() for the categories', () => {
		const species = profileColumn(getColumn(frame, 'Species'));
		expect(species.top).toEqual([
			{ value: 'Adelie', count: 152 },
			{ value: 'Gentoo', count: 124 },
			{ value: 'Chinstrap', count: 68 }
		]);
		const sex = profileColumn(getColumn(frame, 'Sex'));
		expect(sex).toMatchObject({ count: 334, missing: 10, distinct: 3 });
		expect(sex.top).toEqual([
			{ value: 'MALE', count: 168 },
			{ value: 'FEMALE', count: 165 },
			{ value: '.', count: 1 }
		]);
	});
});

describe('iris.csv', () => {
	const frame = read('iris.csv');

	it('reads four numbers and a species category, matching pandas describe()', () => {
		expect(frame.rowCount).toBe(150);
		expect(schemaOf(frame).map((c) => c.kind)).toEqual(['number', 'number', 'number', 'number', 'category']);
		const p = profileFrame(frame);
		expect(p.missingCells).toBe(0);
		expectDescribe(p.profiles[0], {
			count: 150,
			mean: 5.843333333333,
			std: 0.828066127978,
			min: 4.3,
			q1: 5.1,
			median: 5.8,
			q3: 6.4,
			max: 7.9
		});
		expectDescribe(p.profiles[2], {
			count: 150,
			mean: 3.758,
			std: 1.765298233259,
			min: 1,
			q1: 1.6,
			median: 4.35,
			q3: 5.1,
			max: 6.9
		});
		expect(p.profiles[4].top).toEqual([
			{ value: 'setosa', count: 50 },
			{ value: 'versicolor', count: 50 },
			{ value: 'virginica', count: 50 }
		]);
	});
});

describe('seattle-weather.csv', () => {
	const frame = read('seattle-weather.csv');

	it('infers the date column as dates and matches pandas', () => {
		expect(frame.rowCount).toBe(1461);
		expect(schemaOf(frame).map((c) => c.kind)).toEqual(['date', 'number', 'number', 'number', 'number', 'category']);
		const p = profileFrame(frame);
		// pandas: date min 2012-01-01, max 2015-12-31 (parse_dates=['date'])
		expect(p.profiles[0].min).toBe(Date.UTC(2012, 0, 1));
		expect(p.profiles[0].max).toBe(Date.UTC(2015, 11, 31));
		expect(p.profiles[0].distinct).toBe(1461);
		expectDescribe(p.profiles[1], {
			count: 1461,
			mean: 3.029431895962,
			std: 6.680194322315,
			min: 0,
			q1: 0,
			median: 0,
			q3: 2.8,
			max: 55.9
		});
		expectDescribe(p.profiles[2], {
			count: 1461,
			mean: 16.439082819986,
			std: 7.34975809736,
			min: -1.6,
			q1: 10.6,
			median: 15.6,
			q3: 22.2,
			max: 35.6
		});
		expect(p.profiles[5].top?.map((t) => [t.value, t.count])).toEqual([
			['rain', 641],
			['sun', 640],
			['fog', 101],
			['drizzle', 53],
			['snow', 26]
		]);
	});
});
