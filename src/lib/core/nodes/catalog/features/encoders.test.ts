import { describe, expect, it } from 'vitest';

import { migrateNodeParams } from '../../../doc/migrations';
import { sampleDataset } from '../../test-kit';
import frequency from './frequency';
import oneHot, { keptCategories } from './one-hot';
import ordinal from './ordinal';
import { categories, col, fitApply, names, num } from './test-helpers';

const penguins = sampleDataset('penguins');

describe('One-hot (version 2)', () => {
	it('keeps the most frequent categories and puts the rest in "other", as OneHotEncoder(max_categories)', async () => {
		// /usr/bin/python3: OneHotEncoder(max_categories=2, handle_unknown='infrequent_if_exist').fit(d[['Island']])
		// → ['Island_Biscoe', 'Island_infrequent_sklearn']; Torgersen (row 0) → [0, 1]
		const { out } = await fitApply(oneHot, penguins, { columns: ['Island'], maxCategories: 2, otherBucket: true });
		expect(names(out).filter((n) => n.startsWith('Island'))).toEqual(['Island=Biscoe', 'Island=(other)']);
		expect([num(col(out, 'Island=Biscoe'))[0], num(col(out, 'Island=(other)'))[0]]).toEqual([0, 1]);
		const biscoe = num(col(out, 'Island=Biscoe')).reduce((a, b) => a + b, 0);
		expect(biscoe).toBe(168); // 0.48837… × 344
	});

	it('without "other", dropped and unseen categories are all zeros; dropFirst leaves out the first column', async () => {
		const train = categories('c', ['a', 'a', 'a', 'b', 'b', 'c', null]);
		const { out, apply } = await fitApply(oneHot, train, { maxCategories: 2 });
		expect(names(out)).toEqual(['c=a', 'c=b']);
		expect(Array.from(num(col(out, 'c=a')))).toEqual([1, 1, 1, 0, 0, 0, 0]);
		const later = apply(categories('c', ['zz', 'b', 'c', null]));
		expect(Array.from(num(col(later, 'c=b')))).toEqual([0, 1, 0, 0]);
		expect(Array.from(num(col(later, 'c=a')))).toEqual([0, 0, 0, 0]);
		const withOther = await fitApply(oneHot, train, { otherBucket: true, dropFirst: true });
		expect(names(withOther.out)).toEqual(['c=b', 'c=c', 'c=(other)']);
		const unseen = withOther.apply(categories('c', ['zz', 'a', null]));
		expect(Array.from(num(col(unseen, 'c=(other)')))).toEqual([1, 0, 0]);
	});

	it('ties at the limit drop the alphabetically first labels, as scikit-learn', () => {
		expect(
			keptCategories(
				new Map([
					['x', 2],
					['y', 2],
					['z', 5]
				]),
				2,
				false
			)
		).toEqual(['y', 'z']);
		expect(
			keptCategories(
				new Map([
					['x', 2],
					['y', 2],
					['z', 5]
				]),
				0,
				false
			)
		).toEqual(['x', 'y', 'z']);
	});

	it('migrates version 1 params to the same behaviour', () => {
		const v2 = migrateNodeParams(oneHot, 1, { columns: ['Island'] });
		expect(v2).toEqual({ columns: ['Island'], maxCategories: 0, otherBucket: false, dropFirst: false });
	});

	it('encodes an empty frame to empty columns', async () => {
		const { out } = await fitApply(oneHot, categories('c', []), {});
		expect(out.frame.rowCount).toBe(0);
		expect(names(out)).toEqual([]);
	});
});

describe('Ordinal', () => {
	it('codes labels in sorted order, as OrdinalEncoder', async () => {
		// /usr/bin/python3: OrdinalEncoder().fit(d[['Island']]).categories_ → Biscoe, Dream, Torgersen; rows 0–2 → 2
		const { out } = await fitApply(ordinal, penguins, { columns: ['Island'] });
		expect(Array.from(num(col(out, 'Island')).subarray(0, 3))).toEqual([2, 2, 2]);
	});

	it('by frequency, with unseen and missing as -1 or missing', async () => {
		const train = categories('c', ['b', 'a', 'b', 'c', 'c', 'c', null]);
		const { out, apply } = await fitApply(ordinal, train, { order: 'frequency' });
		expect(Array.from(num(col(out, 'c')))).toEqual([1, 2, 1, 0, 0, 0, -1]);
		expect(Array.from(num(col(apply(categories('c', ['new', 'a'])), 'c')))).toEqual([-1, 2]);
		const asMissing = await fitApply(ordinal, train, { unknown: 'missing' });
		expect(Array.from(num(col(asMissing.apply(categories('c', ['new', null, 'a'])), 'c')))).toEqual([NaN, NaN, 0]);
	});
});

describe('Frequency', () => {
	it('gives each category its training share, as value_counts(normalize=True); unseen → 0', async () => {
		// /usr/bin/python3: d['Island'].value_counts(normalize=True)
		// → Biscoe 0.4883720930232558, Dream 0.36046511627906974, Torgersen 0.1511627906976744
		const { out, state } = await fitApply(frequency, penguins, { columns: ['Island'] });
		expect(num(col(out, 'Island'))[0]).toBeCloseTo(0.1511627906976744, 14);
		expect((state as { columns: { shares: number[] }[] }).columns[0].shares[0]).toBeCloseTo(0.4883720930232558, 14);
		const train = categories('c', ['a', 'a', 'b', null]);
		const fitted = await fitApply(frequency, train, {});
		expect(Array.from(num(col(fitted.apply(categories('c', ['b', 'zz', null])), 'c')))).toEqual([1 / 3, 0, NaN]);
	});

	it('refuses a number column, naming it', async () => {
		await expect(fitApply(frequency, penguins, { columns: ['Body Mass (g)'] })).rejects.toThrow(/"Body Mass \(g\)"/);
	});
});
