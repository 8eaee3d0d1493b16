import { describe, expect, it } from 'vitest';
import { datasetOf } from '../../dataset';
import { Role, type DatasetValue } from '../../ports';
import { sampleDataset } from '../../test-kit';
import targetEncode from './target-encode';
import { col, fitApply, names, num } from './test-helpers';

/** Penguins with a target; rows 0–299 train, the rest validation. */
function penguins(target: string): DatasetValue {
	const data = sampleDataset('penguins');
	const roles = Uint8Array.from({ length: data.frame.rowCount }, (_, r) => (r < 300 ? Role.train : Role.validation));
	return { ...data, target, roles };
}

describe('Target encode', () => {
	it('validation rows get the smoothed training means (number target)', async () => {
		// /usr/bin/python3 (pandas), t = d.iloc[:300] with the target present: prior = t[y].mean(),
		// per Island (n·mean + 10·prior)/(n + 10) → prior 4066.722408026756, Biscoe 4531.285254330355,
		// Dream 3739.307642390056, Torgersen 3765.446296397829
		const data = penguins('Body Mass (g)');
		const { out, apply } = await fitApply(targetEncode, data, { columns: ['Island'] });
		expect(num(col(out, 'Island'))[300]).toBeCloseTo(4531.285254330355, 9); // row 300 is on Biscoe
		// Predict replays on raw rows (no roles): every row gets the full mapping, the training rows too.
		const raw = apply({ ...data, roles: null });
		expect(num(col(raw, 'Island'))[0]).toBeCloseTo(3765.446296397829, 9); // row 0 is on Torgersen
		// A training row's value comes from the other folds, so it differs from the full mapping.
		expect(num(col(out, 'Island'))[0]).not.toBeCloseTo(3765.446296397829, 6);
	});

	it('binary target: the mean of the positive (second) class; multiclass: one column per class', async () => {
		// Same pandas computation with y = (Sex == 'MALE'): Biscoe 0.507835201328352
		const sex = await fitApply(targetEncode, penguins('Sex'), { columns: ['Island'] });
		expect(names(sex.out)).toContain('Island:MALE'); // one column, named after the positive class
		expect(num(col(sex.out, 'Island:MALE'))[301]).toBeCloseTo(0.507835201328352, 12);
		const species = await fitApply(targetEncode, penguins('Species'), { columns: ['Island'] });
		expect(names(species.out).filter((n) => n.startsWith('Island'))).toEqual(['Island:Adelie', 'Island:Chinstrap', 'Island:Gentoo']);
		const r = 310;
		const total = ['Adelie', 'Chinstrap', 'Gentoo'].reduce((a, c) => a + num(col(species.out, `Island:${c}`))[r], 0);
		expect(total).toBeCloseTo(1, 12); // class shares of one category sum to 1
	});

	it("never leaks a training row's own target: a category seen once gets a value without its own row", async () => {
		// 40 training rows: category "a" with target 1, 2, …; "solo" once. One validation row of "solo".
		const n = 41;
		const labels = Array.from({ length: n }, (_, r) => (r === 7 || r === 40 ? 1 : 0));
		const encode = async (soloTarget: number) => {
			const y = Float64Array.from({ length: n }, (_, r) => (r === 7 ? soloTarget : r + 1));
			const data: DatasetValue = {
				...datasetOf(
					{
						columns: [
							{ kind: 'category', name: 'c', codes: Int32Array.from(labels), dictionary: ['a', 'solo'] },
							{ kind: 'number', name: 'y', values: y }
						],
						rowCount: n
					},
					'test'
				),
				target: 'y',
				roles: Uint8Array.from({ length: n }, (_, r) => (r === 40 ? Role.validation : Role.train))
			};
			return { data, ...(await fitApply(targetEncode, data, { columns: ['c'] })) };
		};
		const a = await encode(1000);
		const b = await encode(-1000);
		const ownA = num(col(a.out, 'c'))[7];
		// Its own target moved by 2000, its encoding not at all: it is the prior of the other folds.
		expect(ownA).toBe(num(col(b.out, 'c'))[7]);
		expect(ownA).toBeGreaterThan(1);
		expect(ownA).toBeLessThan(40);
		// The validation row of "solo" does see the training row: (1 · 1000 + 10 · prior) / 11.
		const y = num(col(a.data, 'y'));
		const prior = Array.from({ length: 40 }, (_, r) => y[r]).reduce((s, v) => s + v, 0) / 40;
		expect(num(col(a.out, 'c'))[40]).toBeCloseTo((1000 + 10 * prior) / 11, 10);
	});

	it('unseen and missing categories get the prior; it needs a target', async () => {
		const data = penguins('Body Mass (g)');
		const { apply } = await fitApply(targetEncode, data, { columns: ['Island'] });
		const island = data.frame.columns.find((c) => c.name === 'Island')!;
		const renamed = {
			...data,
			roles: null,
			frame: {
				...data.frame,
				columns: data.frame.columns.map((c) =>
					c === island && c.kind === 'category' ? { ...c, dictionary: ['Atlantis', 'Atlantis2', 'Atlantis3'] } : c
				)
			}
		};
		expect(num(col(apply(renamed), 'Island'))[0]).toBeCloseTo(4066.722408026756, 9);
		await expect(fitApply(targetEncode, { ...data, target: null }, {})).rejects.toThrow(/needs a target/);
	});
});
