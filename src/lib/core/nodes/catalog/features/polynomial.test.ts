import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { DatasetValue } from '../../ports';
import { sampleDataset, testContext } from '../../test-kit';
import polynomial from './polynomial';

const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const COLS = ['sepal_length', 'sepal_width', 'petal_length'];

async function apply(data: DatasetValue, params: Record<string, unknown>) {
	const full = { columns: COLS, degree: 2, interactionOnly: false, ...params } as never;
	const state = await polynomial.step!.fit(data, full, testContext());
	return polynomial.step!.apply(data, state, full);
}

/** The columns the node added, their names and their values on row 7 and summed over all rows. */
async function added(params: Record<string, unknown>) {
	const data = sampleDataset('iris');
	const out = await apply(data, params);
	const cols = out.frame.columns.slice(data.frame.columns.length);
	const total = cols.reduce((s, c) => s + num(c).reduce((a, b) => a + b, 0), 0);
	return { names: cols.map((c) => c.name), row7: cols.map((c) => num(c)[7]), total };
}

// Reference: /usr/bin/python3, sklearn 1.2.1
//   X = pd.read_csv('static/samples/iris.csv').iloc[:, :3].values
//   pf = PolynomialFeatures(deg, include_bias=False, interaction_only=io).fit(X)
//   pf.get_feature_names_out(...)[3:], pf.transform(X)[7, 3:], pf.transform(X)[:, 3:].sum()
describe('Polynomial features', () => {
	it('degree 2 matches PolynomialFeatures column order and values', async () => {
		const r = await added({});
		expect(r.names).toEqual([
			'sepal_length^2',
			'sepal_length*sepal_width',
			'sepal_length*petal_length',
			'sepal_width^2',
			'sepal_width*petal_length',
			'petal_length^2'
		]);
		r.row7.forEach((v, i) => expect(v).toBeCloseTo([25.0, 17.0, 7.5, 11.56, 5.1, 2.25][i], 10));
		expect(r.total).toBeCloseTo(17068.45, 8);
	});

	it('degree 3 matches, with and without interactions only', async () => {
		const r = await added({ degree: 3 });
		expect(r.names.slice(6)).toEqual([
			'sepal_length^3',
			'sepal_length^2*sepal_width',
			'sepal_length^2*petal_length',
			'sepal_length*sepal_width^2',
			'sepal_length*sepal_width*petal_length',
			'sepal_length*petal_length^2',
			'sepal_width^3',
			'sepal_width^2*petal_length',
			'sepal_width*petal_length^2',
			'petal_length^3'
		]);
		const want = [25.0, 17.0, 7.5, 11.56, 5.1, 2.25, 125.0, 85.0, 37.5, 57.8, 25.5, 11.25, 39.304, 17.34, 7.65, 3.375];
		r.row7.forEach((v, i) => expect(v).toBeCloseTo(want[i], 10));
		expect(r.total).toBeCloseTo(151953.364, 7);
		const io = await added({ degree: 3, interactionOnly: true });
		expect(io.names).toEqual([
			'sepal_length*sepal_width',
			'sepal_length*petal_length',
			'sepal_width*petal_length',
			'sepal_length*sepal_width*petal_length'
		]);
		io.row7.forEach((v, i) => expect(v).toBeCloseTo([17.0, 7.5, 5.1, 25.5][i], 10));
		expect(io.total).toBeCloseTo(18197.38, 8);
	});

	it('keeps missing inputs missing, handles empty frames and names a wrong column', async () => {
		const frame = {
			rowCount: 2,
			columns: [
				{ kind: 'number' as const, name: 'a', values: Float64Array.of(2, NaN) },
				{ kind: 'number' as const, name: 'b', values: Float64Array.of(3, 4) }
			]
		};
		const out = await apply(datasetOf(frame, 'x'), { columns: ['a', 'b'] });
		expect(Array.from(num(getColumn(out.frame, 'a*b')))).toEqual([6, NaN]);
		expect(Array.from(num(getColumn(out.frame, 'b^2')))).toEqual([9, 16]);
		const empty = { rowCount: 0, columns: [{ kind: 'number' as const, name: 'a', values: new Float64Array(0) }] };
		expect((await apply(datasetOf(empty, 'x'), { columns: ['a'] })).frame.columns.map((c) => c.name)).toEqual(['a', 'a^2']);
		await expect(apply(sampleDataset('iris'), { columns: ['species'] })).rejects.toThrow(/column "species" is category/);
	});
});
