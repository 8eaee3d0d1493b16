import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { applyRecipe } from '../../../engine/recipe';
import { readCsv } from '../../../readers/csv';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { datasetOf, rowsWithRole } from '../../dataset';
import { normaliseParams } from '../../params';
import { Role, type DatasetValue, type ModelValue, type ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { emptyDoc, registry, run, sampleDataset, testContext } from '../../test-kit';
import { plantedOutliers } from '../../../ml/anomaly/isolation-forest.fixture';

const ctx = testContext();
const codes = (c: Column) => Array.from((c as Extract<Column, { kind: 'category' | 'boolean' }>).codes);
const num = (c: Column) => Array.from((c as Extract<Column, { kind: 'number' }>).values);

async function fitApply(type: string, data: DatasetValue, given: Record<string, unknown>) {
	const def = registry.get(type)!;
	if (!('step' in def) || !def.step) throw new Error(`${type} is not a step`);
	const params = normaliseParams(def.params, given).params;
	const state = await def.step.fit(data, params, ctx);
	const out = def.step.apply(data, state, params);
	const report = def.step.report!(data, out, state, params).report as TableReport;
	return { state, out, report, params };
}

/** Labels equal up to renaming the clusters. */
function samePartition(a: readonly number[], b: readonly number[]): boolean {
	const ab = new Map<number, number>();
	const ba = new Map<number, number>();
	return a.every((v, i) => {
		const ok = (ab.get(v) ?? b[i]) === b[i] && (ba.get(b[i]) ?? v) === v;
		ab.set(v, b[i]);
		ba.set(b[i], v);
		return ok;
	});
}

// /usr/bin/python3, scikit-learn 1.2.1: KMeans(n_clusters=3, n_init=10, random_state=0) on
// StandardScaler().fit_transform(iris[:, :4]): inertia_ 139.82049635974974, silhouette 0.45994823920518646, labels_:
const SK_LABELS =
	'111111111111111111111111111111111111111111111111112220002000000002000020000222000000022000000000000020222202222220022220202022022222200222022202220220';

describe('model.kmeans', () => {
	it('clusters standardised iris as sklearn: inertia, partition, centres in column units, elbow sweep', async () => {
		const data = { ...sampleDataset('iris'), target: 'species' };
		const { out, report } = await fitApply('model.kmeans', data, { k: 3, distance: true });
		const cluster = getColumn(out.frame, 'cluster') as Extract<Column, { kind: 'category' }>;
		expect(cluster.dictionary).toEqual(['c1', 'c2', 'c3']);
		expect(samePartition(codes(cluster), Array.from(SK_LABELS, Number))).toBe(true);
		expect(report.title).toBe('3 clusters on 150 training rows · inertia 139.820');
		expect(report.columns).toEqual(['cluster', 'size', 'sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
		expect(report.rows.map((r) => r[1]).sort()).toEqual([50, 53, 47].sort());
		// The centre of the cluster holding row 0 (setosa) is the mean of its rows, in centimetres.
		const c0 = codes(cluster)[0];
		const petal = num(getColumn(data.frame, 'petal_length'));
		const members = codes(cluster).flatMap((c, i) => (c === c0 ? [petal[i]] : []));
		expect(report.rows[c0][4] as number).toBeCloseTo(members.reduce((a, b) => a + b, 0) / members.length, 10);
		// Distances are in the standardised units: their squares add up to the inertia.
		expect(num(getColumn(out.frame, 'cluster_distance')).reduce((a, d) => a + d * d, 0)).toBeCloseTo(139.82049635974974, 8);
		const elbow = report.elbow!;
		expect(elbow.k).toEqual([2, 3, 4, 5, 6, 7, 8]);
		expect(elbow.chosen).toBe(3);
		expect(elbow.inertia[0]).toBeCloseTo(222.36170496502294, 8);
		expect(elbow.inertia[1]).toBeCloseTo(139.82049635974974, 8);
		expect(elbow.silhouette[0]).toBeCloseTo(0.5817500491982808, 9);
		expect(elbow.silhouette[1]).toBeCloseTo(0.45994823920518646, 9);
		expect(JSON.parse(JSON.stringify(elbow))).toEqual(elbow);
	});

	it('fits on the training rows only and labels every row; a gap gives a missing cluster', async () => {
		const base = sampleDataset('iris');
		const roles = new Uint8Array(150).fill(Role.test);
		for (let i = 0; i < 150; i += 2) roles[i] = Role.train;
		const { state, out, report } = await fitApply('model.kmeans', { ...base, roles }, { k: 2, sweep: 0, column: 'group' });
		expect(report.elbow).toBeUndefined();
		expect(report.rows.reduce((a, r) => a + (r[1] as number), 0)).toBe(rowsWithRole({ ...base, roles }, Role.train).length);
		expect(codes(getColumn(out.frame, 'group')).every((c) => c === 0 || c === 1)).toBe(true);
		const raw = datasetOf(readCsv('sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.5,,5.5,2\n'), 'new');
		const def = registry.get('model.kmeans')!;
		const applied = def.step!.apply(raw, state, normaliseParams(def.params, { column: 'group' }).params);
		expect(codes(getColumn(applied.frame, 'group'))[1]).toBe(-1);
		expect(codes(getColumn(applied.frame, 'group'))[0]).toBe(codes(getColumn(out.frame, 'group'))[0]);
	});

	it('explains missing values, wrong kinds and too few rows', async () => {
		await expect(fitApply('model.kmeans', sampleDataset('penguins'), { sweep: 0 })).rejects.toThrow(
			/"Beak Length \(mm\)" has 2 missing values: add a Missing values node/
		);
		await expect(fitApply('model.kmeans', sampleDataset('iris'), { features: ['species'] })).rejects.toThrow(
			/feature "species" is category: encode it first/
		);
		const tiny = datasetOf(readCsv('a\n1\n2\n'), 't');
		await expect(fitApply('model.kmeans', tiny, { k: 3 })).rejects.toThrow(/k = 3 needs at least 3 training rows; there are 2/);
	});

	it('Predict replays the fitted k-means step from the recipe on raw rows', async () => {
		let doc: PipelineDocument = emptyDoc();
		const ids: string[] = [];
		const steps: [string, Record<string, string | number | boolean>][] = [
			['io.dataset', { source: 'sample', sample: 'iris' }],
			['split.train-test', { target: 'species' }],
			['model.kmeans', { k: 3, distance: true, sweep: 0 }],
			['model.logistic', {}]
		];
		for (const [type, params] of steps) {
			const added = addNode(doc, registry, type, { x: ids.length * 200, y: 0 }, params);
			doc = added.doc;
			if (ids.length) {
				const linked = connect(doc, registry, { node: ids[ids.length - 1], port: 'data' }, { node: added.id, port: 'data' });
				if (!linked.ok) throw new Error(linked.reason);
				doc = linked.doc;
			}
			ids.push(added.id);
		}
		const predict = addNode(doc, registry, 'deploy.predict', { x: 0, y: 200 });
		doc = predict.doc;
		for (const [from, fromPort, to] of [
			[ids[3], 'model', 'model'],
			[ids[0], 'data', 'data']
		]) {
			const linked = connect(doc, registry, { node: from, port: fromPort }, { node: predict.id, port: to });
			if (!linked.ok) throw new Error(linked.reason);
			doc = linked.doc;
		}
		const result = await run(doc);
		expect(Object.fromEntries(result.errors)).toEqual({});
		const model = result.outputs.get(ids[3])!.model as ModelValue;
		expect(model.recipe.map((s) => s.type)).toEqual(['model.kmeans']);
		// The model learns from the distance column, which only the replayed step can produce on raw rows.
		expect(model.features).toContain('cluster_distance');
		const predictions = result.outputs.get(predict.id)!.data as DatasetValue;
		expect(predictions.frame.rowCount).toBe(150);
		// The recipe's state is plain JSON; replayed on the raw rows it gives the training run's clusters.
		const recipe = JSON.parse(JSON.stringify(model.recipe));
		const replayed = applyRecipe(registry, sampleDataset('iris'), recipe);
		const trained = result.outputs.get(ids[2])!.data as DatasetValue;
		expect(codes(getColumn(replayed.frame, 'cluster'))).toEqual(codes(getColumn(trained.frame, 'cluster')));
		expect(num(getColumn(replayed.frame, 'cluster_distance'))).toEqual(num(getColumn(trained.frame, 'cluster_distance')));
		expect((result.outputs.get(ids[2])!.report as ReportValue).report).toMatchObject({
			type: 'table',
			columns: ['cluster', 'size', 'sepal_length', 'sepal_width', 'petal_length', 'petal_width']
		});
	});
});

describe('model.isolation-forest', () => {
	const planted = () => {
		const rows = plantedOutliers();
		return datasetOf(readCsv(['a,b,c,d', ...rows.map((r) => r.join(','))].join('\n')), 'planted');
	};

	it('adds anomaly_score and is_anomaly; flags the planted outliers; reports quantiles', async () => {
		const { out, report, state } = await fitApply('model.isolation-forest', planted(), {});
		const score = num(getColumn(out.frame, 'anomaly_score'));
		const flag = codes(getColumn(out.frame, 'is_anomaly'));
		const recall = flag.slice(300).filter((f) => f === 1).length / 15;
		expect(recall).toBeGreaterThanOrEqual(0.9);
		expect(flag.every((f, i) => f === (score[i] > 0.5 ? 1 : 0))).toBe(true);
		expect(Math.min(...score.slice(300))).toBeGreaterThan(
			Math.max(
				...score
					.slice(0, 300)
					.sort((a, b) => a - b)
					.slice(0, 280)
			)
		);
		const flagged = flag.filter((f) => f === 1).length;
		expect(report.title).toMatch(new RegExp(`^${flagged} of 315 rows flagged \\(${flagged} of 315 training rows\\) · threshold 0\\.5000$`));
		expect(report.rows.map((r) => r[0])).toEqual(['min', '1%', '5%', '25%', '50%', '75%', '95%', '99%', 'max']);
		expect(report.rows[8][1]).toBe(Math.max(...score));
		expect(JSON.parse(JSON.stringify(state))).toEqual(state);
	});

	it('contamination flags that share of the training rows; fits on training rows; gaps stay unscored', async () => {
		const data = planted();
		const { out } = await fitApply('model.isolation-forest', data, { contamination: 15 / 315, seed: 3 });
		const flag = codes(getColumn(out.frame, 'is_anomaly'));
		expect(flag.filter((f) => f === 1).length).toBeGreaterThanOrEqual(14);
		expect(flag.slice(300).filter((f) => f === 1).length).toBeGreaterThanOrEqual(14);

		const roles = new Uint8Array(315).fill(Role.train).fill(Role.test, 300);
		const { state, params } = await fitApply('model.isolation-forest', { ...data, roles }, { trees: 20, maxSamples: 1000 });
		expect((state as { trainRows: number; forest: { sampleSize: number } }).trainRows).toBe(300);
		expect((state as { forest: { sampleSize: number } }).forest.sampleSize).toBe(300);
		const raw = datasetOf(readCsv('a,b,c,d\n0,0,0,0\n,1,1,1\n9,9,9,9\n'), 'new');
		const applied = registry.get('model.isolation-forest')!.step!.apply(raw, state, params);
		expect(codes(getColumn(applied.frame, 'is_anomaly'))).toEqual([0, -1, 1]);
		expect(Number.isNaN(num(getColumn(applied.frame, 'anomaly_score'))[1])).toBe(true);
		await expect(fitApply('model.isolation-forest', sampleDataset('penguins'), {})).rejects.toThrow(
			/missing values: add a Missing values node/
		);
	});
});
