import { describe, expect, it } from 'vitest';
import { migrateNodeParams } from '../../../doc/migrations';
import type { Column } from '../../../frame/types';
import { sampleDataset } from '../../test-kit';
import scale from '../clean/scale';
import bin, { parseEdges } from './bin';
import power from './power';
import { col, fitApply, numbers, num } from './test-helpers';

const penguins = sampleDataset('penguins');
const COLS = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const lambdas = (state: unknown) => (state as { columns: { lambda: number }[] }).columns.map((c) => c.lambda);

describe('Power transform', () => {
	// /usr/bin/python3: PowerTransformer(method=m, standardize=False).fit(d[cols]).lambdas_ (sklearn 1.2.1, scipy 1.10.1).
	// The likelihood is flat near its maximum, so summation order moves the optimum by ~1e-6: compared to 5e-6.
	it('fits Box-Cox lambdas as PowerTransformer', async () => {
		const { state, out } = await fitApply(power, penguins, { method: 'box-cox', columns: COLS });
		const expected = [0.6201738922378965, 1.474760614964101, -2.063209879671026, -0.4656523473525887];
		lambdas(state).forEach((l, i) => expect(l).toBeCloseTo(expected[i], 5));
		// …transform(d[cols])[0] → [14.051920620458292, 50.24801921733953, 0.48467101409811386, 2.10100032996021]
		const row0 = COLS.map((c) => num(col(out, c))[0]);
		[14.051920620458292, 50.24801921733953, 0.48467101409811386, 2.10100032996021].forEach((v, i) => expect(row0[i]).toBeCloseTo(v, 4));
		expect(Number.isNaN(num(col(out, 'Body Mass (g)'))[3])).toBe(true); // a missing value stays missing
	});

	it('fits Yeo-Johnson lambdas as PowerTransformer, and standardises like standardize=True', async () => {
		const { state } = await fitApply(power, penguins, { method: 'yeo-johnson', columns: COLS });
		const expected = [0.615310454373867, 1.5131828659196378, -2.0775162494190016, -0.46597479269121544];
		lambdas(state).forEach((l, i) => expect(l).toBeCloseTo(expected[i], 5));
		// PowerTransformer(method='yeo-johnson').fit(d[cols]).transform(d[cols])[0]
		const { out } = await fitApply(power, penguins, { method: 'yeo-johnson', columns: COLS, standardize: true });
		const want = [-0.878665860585561, 0.7780089743400231, -1.580740830337694, -0.4811381862515563];
		COLS.forEach((c, i) => expect(num(col(out, c))[0]).toBeCloseTo(want[i], 5));
	});

	it('log1p needs no fitting; Box-Cox refuses non-positive training data, naming the column', async () => {
		const { out } = await fitApply(power, numbers('x', [0, Math.E - 1, NaN]), { method: 'log1p' });
		expect(Array.from(num(col(out, 'x')))).toEqual([0, 1, NaN]);
		await expect(fitApply(power, numbers('x', [1, 0, 3]), { method: 'box-cox' })).rejects.toThrow(/column "x" has zero or negative values/);
		// A new non-positive value has no Box-Cox image: it becomes missing.
		const fitted = await fitApply(power, numbers('x', [1, 2, 5, 9]), { method: 'box-cox' });
		expect(Number.isNaN(num(col(fitted.apply(numbers('x', [-1])), 'x'))[0])).toBe(true);
	});
});

describe('Scale (version 2): robust', () => {
	it('centres on the median and divides by the IQR, as RobustScaler', async () => {
		// /usr/bin/python3: RobustScaler().fit(d[cols]) → center_ [44.45, 17.3, 197.0, 4050.0],
		// scale_ [9.274999999999999, 3.0999999999999996, 23.0, 1200.0]
		const { state } = await fitApply(scale, penguins, { method: 'robust', columns: COLS });
		const s = (state as { columns: { center: number; scale: number }[] }).columns;
		expect(s.map((c) => c.center)).toEqual([44.45, 17.3, 197, 4050]);
		[9.274999999999999, 3.0999999999999996, 23, 1200].forEach((v, i) => expect(s[i].scale).toBeCloseTo(v, 12));
	});

	it('keeps version 1 params as they were', () => {
		expect(migrateNodeParams(scale, 1, { method: 'min-max', columns: [] })).toEqual({ method: 'min-max', columns: [] });
	});
});

describe('Bin', () => {
	const mass = 'Body Mass (g)';
	const counts = (c: Column | undefined) => {
		const out = [0, 0, 0, 0];
		for (const v of num(c)) if (!Number.isNaN(v)) out[v]++;
		return out;
	};
	it('equal width and equal frequency match KBinsDiscretizer(n_bins=4)', async () => {
		// /usr/bin/python3: KBinsDiscretizer(n_bins=4, encode='ordinal', strategy='uniform'/'quantile').fit(d[['Body Mass (g)']].dropna())
		// uniform: edges [2700, 3600, 4500, 5400, 6300], counts [90, 134, 79, 39]; quantile: edges [2700, 3550, 4050, 4750, 6300], counts [80, 90, 82, 90]
		const width = await fitApply(bin, penguins, { columns: [mass], bins: 4, output: 'ordinal' });
		expect((width.state as { columns: { edges: number[] }[] }).columns[0].edges).toEqual([2700, 3600, 4500, 5400, 6300]);
		expect(counts(col(width.out, mass))).toEqual([90, 134, 79, 39]);
		const freq = await fitApply(bin, penguins, { columns: [mass], bins: 4, strategy: 'equal-frequency', output: 'ordinal' });
		expect((freq.state as { columns: { edges: number[] }[] }).columns[0].edges).toEqual([2700, 3550, 4050, 4750, 6300]);
		expect(counts(col(freq.out, mass))).toEqual([80, 90, 82, 90]);
	});

	it('custom edges as pd.cut(right=False); labels; values outside go to the end bins', async () => {
		// /usr/bin/python3: pd.cut(d['Body Mass (g)'], [2700, 3500, 4500, 6300], right=False, labels=False)[:8] → [1, 1, 0, nan, 0, 1, 1, 2]
		const { out, apply } = await fitApply(bin, penguins, { columns: [mass], strategy: 'custom', edges: '2700, 3500, 4500, 6300' });
		const c = col(out, mass) as Extract<Column, { kind: 'category' }>;
		expect(c.dictionary).toEqual(['[2700, 3500)', '[3500, 4500)', '[4500, 6300]']);
		expect(Array.from(c.codes.subarray(0, 8))).toEqual([1, 1, 0, -1, 0, 1, 1, 2]);
		const outside = apply(numbers(mass, [100, 9000, 3500])).frame.columns[0] as Extract<Column, { kind: 'category' }>;
		expect(Array.from(outside.codes)).toEqual([0, 2, 1]);
		expect(() => parseEdges('1, x')).toThrow(/"x" is not a number/);
		expect(() => parseEdges('3, 2')).toThrow(/must increase/);
	});

	it('a constant column is one bin; a column with no training values is an error naming it', async () => {
		const { out } = await fitApply(bin, numbers('x', [5, 5, NaN]), { output: 'ordinal' });
		expect(Array.from(num(col(out, 'x')))).toEqual([0, 0, NaN]);
		await expect(fitApply(bin, numbers('x', [NaN]), {})).rejects.toThrow(/column "x" has no values/);
	});
});
