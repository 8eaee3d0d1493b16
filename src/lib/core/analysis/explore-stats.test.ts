import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { correlationRatio, cramersV, type Coded } from '../stats/association';
import { readCsv } from '../readers/csv';
import { countDuplicateRows } from './duplicate-rows';
import { createFrame } from '../frame/frame';
import { principalOrder } from '../stats/matrix-order';
import { frameBytes } from './memory';
import { mixedMatrix } from '../stats/mixed-correlation';
import { shape } from '../stats/moments';
import { profileFrame } from './profile';
import { averageRanks } from '../stats/rank';
import { spearmanMatrix } from '../stats/spearman';
import type { Column, Frame } from '../frame/types';

const penguins = (): Frame => readCsv(readFileSync(join(__dirname, '..', '..', '..', '..', 'static', 'samples', 'penguins.csv'), 'utf8'));
const col = (f: Frame, name: string) => f.columns.find((c) => c.name === name)!;
const codedOf = (c: Column): Coded => {
	if (c.kind !== 'category') throw new Error(`${c.name} is not a category`);
	return { codes: c.codes, levels: c.dictionary.length };
};
const values = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const NUMBERS = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];

describe('skewness and kurtosis, as pandas', () => {
	it('matches Series.skew() / Series.kurt() on penguins', () => {
		// /usr/bin/python3 -c "import pandas as pd; df=pd.read_csv('static/samples/penguins.csv');
		//   [print(c, repr(df[c].skew()), repr(df[c].kurt())) for c in df.select_dtypes('number')]"  (pandas 1.5.3)
		const expected: Record<string, [number, number]> = {
			'Beak Length (mm)': [0.05311806699132413, -0.8760269663060134],
			'Beak Depth (mm)': [-0.1434646251943698, -0.9068660903732537],
			'Flipper Length (mm)': [0.34568183286876963, -0.9842728861838852],
			'Body Mass (g)': [0.470329330480123, -0.7192218658321541]
		};
		const profile = profileFrame(penguins());
		for (const [name, [skew, kurt]] of Object.entries(expected)) {
			const p = profile.profiles.find((c) => c.name === name)!;
			expect(p.skewness).toBeCloseTo(skew, 12);
			expect(p.kurtosis).toBeCloseTo(kurt, 12);
		}
		expect(profile.profiles.find((c) => c.name === 'Species')!.skewness).toBeUndefined();
	});

	it('handles ties, small samples and constants like pandas', () => {
		// pd.Series([1,2,2,3,10,7,7,40.5]).skew(), .kurt() -> 2.5145569857704193 6.634195520988021
		const s = shape(Float64Array.from([1, 2, 2, 3, 10, NaN, 7, 7, 40.5]));
		expect(s.skewness).toBeCloseTo(2.5145569857704193, 12);
		expect(s.kurtosis).toBeCloseTo(6.634195520988021, 12);
		// pandas: skew needs 3 values, kurt 4; no variance reads 0
		expect(shape(Float64Array.from([1, 2]))).toEqual({ skewness: NaN, kurtosis: NaN });
		expect(shape(Float64Array.from([1, 2, 4])).kurtosis).toBeNaN();
		expect(shape(Float64Array.from([5, 5, 5, 5]))).toEqual({ skewness: 0, kurtosis: 0 });
	});
});

describe('Spearman', () => {
	it('ranks ties by their average position', () => {
		expect(Array.from(averageRanks(Float64Array.from([10, 20, 20, 5, 20])))).toEqual([2, 4, 4, 1, 4]);
	});

	it('matches pandas corr(method="spearman") on penguins (pairs with missing values re-ranked)', () => {
		// df.select_dtypes('number').corr(method='spearman').values  (pandas 1.5.3)
		const expected = [
			[1.0, -0.22174915179457866, 0.6727719416255545, 0.5838003194455482],
			[-0.22174915179457866, 1.0, -0.5232674711610737, -0.4323722214130437],
			[0.6727719416255545, -0.5232674711610737, 1.0, 0.8399741230312999],
			[0.5838003194455482, -0.4323722214130437, 0.8399741230312999, 1.0]
		];
		const m = spearmanMatrix(penguins());
		expect(m.columns).toEqual(NUMBERS);
		expected.flat().forEach((v, i) => expect(m.values[i]).toBeCloseTo(v, 12));
	});

	it('uses only the rows where both values are present', () => {
		// a=pd.Series([1,2,2,3,nan,7,7,7]); b=pd.Series([4,nan,5,5,6,1,9,9]); a.corr(b, method='spearman')
		const f = createFrame([
			{ kind: 'number', name: 'a', values: Float64Array.from([1, 2, 2, 3, NaN, 7, 7, 7]) },
			{ kind: 'number', name: 'b', values: Float64Array.from([4, NaN, 5, 5, 6, 1, 9, 9]) }
		]);
		expect(spearmanMatrix(f).values[1]).toBeCloseTo(0.3751832396884334, 12);
	});
});

describe("Cramér's V and the correlation ratio", () => {
	it("matches scipy's association(method='cramer')", () => {
		// crosstab of penguins Species × Island, NaN rows dropped:
		// association(crosstab(s.Species, s.Island).count, method='cramer') (scipy 1.10.1)
		const f = penguins();
		expect(cramersV(codedOf(col(f, 'Species')), codedOf(col(f, 'Island')))).toBeCloseTo(0.6598431008795325, 12);
		// Species × Sex ('.' is a level of its own, as in pandas)
		expect(cramersV(codedOf(col(f, 'Species')), codedOf(col(f, 'Sex')))).toBeCloseTo(0.05244302205985619, 12);
		// association(np.array([[10,2,0],[3,8,4]]), method='cramer'); unused dictionary levels do not count
		const table = [
			[10, 2, 0],
			[3, 8, 4]
		];
		const a: number[] = [],
			b: number[] = [];
		table.forEach((row, i) =>
			row.forEach((n, j) => {
				for (let r = 0; r < n; r++) {
					a.push(i);
					b.push(j);
				}
			})
		);
		const v = cramersV({ codes: Int32Array.from([...a, -1]), levels: 3 }, { codes: Int32Array.from([...b, 0]), levels: 4 });
		expect(v).toBeCloseTo(0.6433087546786177, 12);
		expect(cramersV({ codes: Int32Array.from([0, 0]), levels: 1 }, { codes: Int32Array.from([0, 1]), levels: 2 })).toBeNaN();
	});

	it('gives η = sqrt(SS_between / SS_total), checked with pandas groupby', () => {
		// s=df[[cat,num]].dropna(); sqrt(sum(len(g)*(g.mean()-m)**2) / ((y-m)**2).sum())
		const f = penguins();
		expect(correlationRatio(codedOf(col(f, 'Species')), values(col(f, 'Flipper Length (mm)')))).toBeCloseTo(0.8821728382519646, 12);
		expect(correlationRatio(codedOf(col(f, 'Island')), values(col(f, 'Beak Depth (mm)')))).toBeCloseTo(0.6324403232672512, 12);
		expect(correlationRatio(codedOf(col(f, 'Sex')), values(col(f, 'Body Mass (g)')))).toBeCloseTo(0.42697028942756726, 12);
	});

	it('builds a mixed matrix with the right measure per pair', () => {
		const m = mixedMatrix(penguins(), ['Species', 'Flipper Length (mm)', 'Island', 'Body Mass (g)']);
		expect(m.columns).toEqual(['Species', 'Island', 'Flipper Length (mm)', 'Body Mass (g)']);
		const at = (a: number, b: number) => m.values[a * 4 + b];
		expect(m.measures[0 * 4 + 1]).toBe('cramers-v');
		expect(at(0, 1)).toBeCloseTo(0.6598431008795325, 12);
		expect(m.measures[2 * 4 + 0]).toBe('eta');
		expect(at(2, 0)).toBeCloseTo(0.8821728382519646, 12);
		expect(m.measures[2 * 4 + 3]).toBe('pearson');
		// df['Flipper Length (mm)'].corr(df['Body Mass (g)']) -> 0.8712017673060117
		expect(at(2, 3)).toBeCloseTo(0.871201767306011, 12);
		expect([at(0, 0), at(1, 1), at(2, 2), at(3, 3)]).toEqual([1, 1, 1, 1]);
	});

	it('orders columns by the first principal direction, grouping related ones', () => {
		// a~b strongly, c~d strongly, weakly across: a and b come out adjacent, as do c and d
		const v = [1, 0.9, 0.1, 0.1, 0.9, 1, 0.1, 0.1, 0.1, 0.1, 1, 0.5, 0.1, 0.1, 0.5, 1];
		expect(principalOrder(v, 4)).toEqual([0, 1, 2, 3]);
		expect(principalOrder([1, NaN, NaN, 1], 2)).toEqual([0, 1]);
	});
});

describe('duplicates and memory', () => {
	it('counts rows equal to an earlier row, NaN equal to NaN, as pandas duplicated()', () => {
		// pd.DataFrame({'a':[1,1,2,2,1],'b':['x','x','y','y','x'],'c':[nan,nan,3,3,nan]}).duplicated().sum() -> 3
		const f = createFrame([
			{ kind: 'number', name: 'a', values: Float64Array.from([1, 1, 2, 2, 1]) },
			{ kind: 'category', name: 'b', codes: Int32Array.from([0, 0, 1, 1, 0]), dictionary: ['x', 'y'] },
			{ kind: 'number', name: 'c', values: Float64Array.from([NaN, NaN, 3, 3, NaN]) }
		]);
		expect(countDuplicateRows(f)).toBe(3);
		const t = createFrame([{ kind: 'text', name: 't', values: ['a', null, 'a', null, 'b'] }]);
		expect(countDuplicateRows(t)).toBe(2);
		expect(countDuplicateRows(penguins())).toBe(0); // df.duplicated().sum() -> 0
	});

	it('estimates bytes from the buffers and strings', () => {
		const f = createFrame([
			{ kind: 'number', name: 'x', values: new Float64Array(3) }, // 24
			{ kind: 'category', name: 'c', codes: new Int32Array(3), dictionary: ['ab'] }, // 12 + 8 + 16 + 4
			{ kind: 'text', name: 't', values: ['abc', null, 'd'] } // 24 + (16 + 6) + (16 + 2)
		]);
		expect(frameBytes(f)).toBe(24 + 40 + 64);
		const p = profileFrame(f);
		expect(p.memoryBytes).toBe(128);
		expect(p.duplicateRows).toBe(0);
	});
});
