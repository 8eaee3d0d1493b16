import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { correlationMatrix, correlationsWith, limitPairwise, MAX_MATRIX_COLUMNS, pairwiseNote } from './correlation';
import { readCsv } from '../readers/csv';

const sample = (name: string) => readCsv(readFileSync(join(__dirname, '..', '..', '..', '..', 'static', 'samples', `${name}.csv`), 'utf8'));

// References: /usr/bin/python3 -c "import pandas as pd; print(pd.read_csv(F)[cols].corr().to_numpy().round(10).tolist())"
describe('correlationMatrix', () => {
	it('matches pandas on iris (no missing values: the fast path)', () => {
		const m = correlationMatrix(sample('iris'));
		expect(m.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
		const ref = [
			[1.0, -0.1175697841, 0.8717537759, 0.8179411263],
			[-0.1175697841, 1.0, -0.4284401043, -0.3661259325],
			[0.8717537759, -0.4284401043, 1.0, 0.9628654314],
			[0.8179411263, -0.3661259325, 0.9628654314, 1.0]
		];
		ref.flat().forEach((v, i) => expect(m.values[i]).toBeCloseTo(v, 9));
	});

	it('matches pandas on penguins (missing values: pairwise-complete rows)', () => {
		const m = correlationMatrix(sample('penguins'));
		expect(m.columns).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']);
		const ref = [
			[1.0, -0.2350528704, 0.6561813407, 0.5951098244],
			[-0.2350528704, 1.0, -0.5838512165, -0.4719156212],
			[0.6561813407, -0.5838512165, 1.0, 0.8712017673],
			[0.5951098244, -0.4719156212, 0.8712017673, 1.0]
		];
		ref.flat().forEach((v, i) => expect(m.values[i]).toBeCloseTo(v, 9));
	});

	it('gives NaN for a constant column, as pandas', () => {
		const m = correlationMatrix(readCsv('a,b\n1,5\n2,5\n3,5\n'));
		expect(Number.isNaN(m.values[1])).toBe(true);
		expect(m.values[0]).toBe(1);
	});
});

describe('wide tables', () => {
	it('correlationsWith gives the target row of the matrix (pandas on penguins, missing values included)', () => {
		const frame = sample('penguins');
		const m = correlationMatrix(frame);
		const k = m.columns.length;
		const row = correlationsWith(frame, 'Body Mass (g)', m.columns);
		expect(row.map((x) => x.name)).toEqual(m.columns.filter((c) => c !== 'Body Mass (g)'));
		const t = m.columns.indexOf('Body Mass (g)');
		for (const { name, r } of row) expect(r).toBeCloseTo(m.values[t * k + m.columns.indexOf(name)], 12);
		// pandas: Flipper Length (mm) ~ Body Mass (g)
		expect(row.find((x) => x.name === 'Flipper Length (mm)')!.r).toBeCloseTo(0.8712017673, 9);
	});

	it('a matrix over more than MAX_MATRIX_COLUMNS columns is refused; limitPairwise keeps the first ones and counts the rest', () => {
		const n = MAX_MATRIX_COLUMNS + 1;
		const frame = {
			rowCount: 3,
			columns: Array.from({ length: n }, (_, i) => ({ kind: 'number' as const, name: `c${i}`, values: Float64Array.from([i, i * 2, 1]) }))
		};
		expect(() => correlationMatrix(frame)).toThrow(`301 columns are too many for a correlation matrix (at most ${MAX_MATRIX_COLUMNS})`);
		const { kept, omitted } = limitPairwise(frame.columns.map((c) => c.name));
		expect([kept.length, kept[0], kept.at(-1), omitted]).toEqual([MAX_MATRIX_COLUMNS, 'c0', `c${MAX_MATRIX_COLUMNS - 1}`, 1]);
		expect(correlationMatrix(frame, kept).columns.length).toBe(MAX_MATRIX_COLUMNS);
		expect(pairwiseNote(300, 19_700)).toBe(
			'correlations over the first 300 of 20,000 number columns (at most 300: pick columns to see others)'
		);
	});
});
