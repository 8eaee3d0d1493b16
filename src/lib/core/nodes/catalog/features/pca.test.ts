import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import { Role, type DatasetValue } from '../../ports';
import type { TableReport } from '../../reports';
import { sampleDataset, testContext } from '../../test-kit';
import pca from './pca';

const num = (c: Column) => (c as Extract<Column, { kind: 'number' }>).values;
const IRIS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

async function fitApply(data: DatasetValue, params: Record<string, unknown>) {
	const full = { columns: IRIS, components: 2, standardise: false, output: 'replace', ...params } as never;
	const state = await pca.step!.fit(data, full, testContext());
	const out = pca.step!.apply(data, state, full);
	return { state: state as { components: number[][] }, out, report: pca.step!.report!(data, out, state, full).report as TableReport };
}

/** Equal up to the sign of the whole vector (components are defined up to sign). */
function expectUpToSign(got: readonly number[], want: readonly number[], digits = 9) {
	const sign = Math.sign(got[0]) === Math.sign(want[0]) ? 1 : -1;
	got.forEach((v, i) => expect(sign * v).toBeCloseTo(want[i], digits));
}

// Reference: /usr/bin/python3, sklearn 1.2.1: X = pd.read_csv('static/samples/iris.csv').iloc[:, :4].values
//   p = PCA().fit(Z) for Z = X and Z = StandardScaler().fit_transform(X): explained_variance_ratio_,
//   explained_variance_, components_[:2], p.transform(Z)[0, :2], p.transform(Z)[100, :2]
describe('PCA', () => {
	it('matches sklearn PCA on iris: variance ratios, loadings and scores', async () => {
		const { state, out, report } = await fitApply(sampleDataset('iris'), {});
		expect(out.frame.columns.map((c) => c.name)).toEqual(['PC1', 'PC2', 'species']);
		const ratio = [0.9246187232017271, 0.05306648311706782, 0.017102609807929745, 0.005212183873275373];
		const variance = [4.228241706034867, 0.2426707479286335, 0.07820950004291935, 0.02383509297344944];
		expect(report.columns).toEqual(['component', 'explained variance', 'ratio', 'cumulative ratio']);
		report.rows.forEach((row, k) => {
			expect(row[0]).toBe(`PC${k + 1}`);
			expect(row[1] as number).toBeCloseTo(variance[k], 10);
			expect(row[2] as number).toBeCloseTo(ratio[k], 12);
			expect(row[3] as number).toBeCloseTo(
				ratio.slice(0, k + 1).reduce((a, b) => a + b, 0),
				12
			);
		});
		expectUpToSign(state.components[0], [0.361386591785, -0.084522514065, 0.85667060595, 0.358289197152]);
		expectUpToSign(state.components[1], [0.656588771287, 0.730161434785, -0.173372662796, -0.075481019917]);
		const pc1 = num(getColumn(out.frame, 'PC1'));
		const pc2 = num(getColumn(out.frame, 'PC2'));
		expectUpToSign([pc1[0], pc1[100]], [-2.684125625969535, 2.5311927278036306]);
		expectUpToSign([pc2[0], pc2[100]], [0.3193972465851012, -0.00984910949880177]);
		// The u-based sign rule reproduces sklearn's signs here too.
		expect([Math.sign(pc1[0]), Math.sign(pc2[0])]).toEqual([-1, 1]);
	});

	it('standardised matches StandardScaler + PCA, and append keeps the inputs', async () => {
		const { out, report } = await fitApply(sampleDataset('iris'), { standardise: true, output: 'append', components: 3 });
		expect(out.frame.columns.map((c) => c.name)).toEqual([...IRIS, 'species', 'PC1', 'PC2', 'PC3']);
		[0.7296244541329986, 0.22850761786701781, 0.03668921889282874, 0.005178709107154801].forEach((r, k) =>
			expect(report.rows[k][2] as number).toBeCloseTo(r, 12)
		);
		const pc1 = num(getColumn(out.frame, 'PC1'));
		const pc2 = num(getColumn(out.frame, 'PC2'));
		expectUpToSign([pc1[0], pc1[100]], [-2.264702808807588, 1.844568867723029]);
		expectUpToSign([pc2[0], pc2[100]], [0.4800265965209883, 0.8704213123248229]);
	});

	it('fits on the training rows only and scores the others: PCA(2).fit(X[:100]).transform(X[149:150])', async () => {
		const data = sampleDataset('iris');
		const roles = new Uint8Array(150).fill(Role.test).fill(Role.train, 0, 100);
		const { out, report } = await fitApply({ ...data, roles }, {});
		// → explained_variance_ratio_ [0.9053926863707155, 0.074455631975872], scores [2.4391298554231375, -0.014091683217134526]
		expect(report.rows[0][2] as number).toBeCloseTo(0.9053926863707155, 10);
		expect(report.rows[1][2] as number).toBeCloseTo(0.074455631975872, 10);
		expectUpToSign([num(getColumn(out.frame, 'PC1'))[149]], [2.4391298554231375]);
		expectUpToSign([num(getColumn(out.frame, 'PC2'))[149]], [-0.014091683217134526]);
	});

	it('leaves rows with a gap missing, applies to empty inputs, and explains what it needs', async () => {
		const frame = {
			rowCount: 4,
			columns: [
				{ kind: 'number' as const, name: 'a', values: Float64Array.of(1, 2, 3, NaN) },
				{ kind: 'number' as const, name: 'b', values: Float64Array.of(2, 4, 7, 1) }
			]
		};
		const { out } = await fitApply(datasetOf(frame, 'x'), { columns: [], components: 5 });
		expect(out.frame.columns.map((c) => c.name)).toEqual(['PC1', 'PC2']);
		expect(Number.isNaN(num(out.frame.columns[0])[3])).toBe(true);
		const fitted = await pca.step!.fit(
			datasetOf(frame, 'x'),
			{ columns: [], components: 1, standardise: false, output: 'replace' } as never,
			testContext()
		);
		const empty = datasetOf(
			{
				rowCount: 0,
				columns: [
					{ kind: 'number', name: 'a', values: new Float64Array(0) },
					{ kind: 'number', name: 'b', values: new Float64Array(0) }
				]
			},
			'e'
		);
		expect(pca.step!.apply(empty, fitted, {} as never).frame.columns.map((c) => c.name)).toEqual(['PC1']);
		await expect(fitApply(empty, { columns: [] })).rejects.toThrow(/at least 2 training rows with no missing values in "a", "b"/);
		await expect(fitApply(sampleDataset('iris'), { columns: ['species'] })).rejects.toThrow(/column "species" is category/);
	});
});
