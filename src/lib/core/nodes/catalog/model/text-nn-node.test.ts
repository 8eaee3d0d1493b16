import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline, type EngineHost } from '../../../engine/run';
import { getColumn } from '../../../frame/frame';
import { readCsv } from '../../../readers/csv';
import { datasetOf } from '../../dataset';
import type { CurvePoint, NodeDefinition } from '../../define';
import { modelMatrix } from '../../modeling';
import { defaultParams } from '../../params';
import { Role, type ClassificationMetrics, type DatasetValue, type MetricsValue, type ModelValue } from '../../ports';
import { predict } from '../../predictors';
import { emptyDoc, registry, sampleText, testContext } from '../../test-kit';
import textSequence, { type TextSequenceState } from '../features/text-sequence';
import tfidf from '../features/text-vectorise';
import logistic from './logistic';
import textNn from './text-nn';

/**
 * scikit-learn on the same split (every 4th row tests), /usr/bin/python3, scikit-learn 1.2.1:
 *   df = pd.read_csv('static/samples/reviews.csv'); te = np.arange(len(df)) % 4 == 3
 *   v = TfidfVectorizer().fit(df.text[~te]); LogisticRegression(max_iter=1000).fit(v.transform(df.text[~te]), df.sentiment[~te])
 *   .score(v.transform(df.text[te]), df.sentiment[te]) → 0.73 (also in ml/models/text-nn.test.ts)
 */
const SKLEARN_TFIDF_LOGISTIC_ACCURACY = 0.73;

const reviews = () => readCsv(sampleText('reviews'));
const host: EngineHost = {
	loadSource: async (ref) => ({ frame: reviews(), hash: 'reviews', name: ref.name }),
	sourceHash: async () => 'reviews'
};

/** reviews.csv with protocol.py's split: every 4th row tests, the rest train. */
function protocol(): DatasetValue {
	const frame = reviews();
	return {
		...datasetOf(frame, 'reviews'),
		target: 'sentiment',
		roles: Uint8Array.from({ length: frame.rowCount }, (_, r) => (r % 4 === 3 ? Role.test : Role.train))
	};
}

async function step(
	def: NodeDefinition,
	data: DatasetValue,
	params: Record<string, unknown>
): Promise<{ out: DatasetValue; state: unknown }> {
	const full = { ...defaultParams(def.params), ...params } as never;
	const state = await def.step!.fit(data, full, testContext());
	const out = def.step!.apply(data, state, full);
	return { out: { ...out, recipe: [...out.recipe, { type: def.type, version: def.version, params: full, state }] }, state };
}

async function testAccuracy(
	def: NodeDefinition,
	data: DatasetValue,
	params: Record<string, unknown>,
	backend: 'wasm' | 'cpu' = 'cpu'
): Promise<number> {
	const outputs = await def.run!({ data }, { ...defaultParams(def.params), ...params } as never, { ...testContext(), backend });
	const model = outputs.model as ModelValue;
	const rows = Uint32Array.from({ length: data.frame.rowCount }, (_, r) => r).filter((r) => data.roles![r] === Role.test);
	const { codes } = await predict(model, modelMatrix(model, data.frame, rows));
	const truth = getColumn(data.frame, 'sentiment');
	if (truth.kind !== 'category') throw new Error('sentiment should be a category');
	return Array.from(rows).filter((r, i) => model.classes![codes![i]] === truth.dictionary[truth.codes[r]]).length / rows.length;
}

describe('Text to sequence', () => {
	const frame = {
		rowCount: 4,
		columns: [{ kind: 'text' as const, name: 'review', values: ['Good good film', 'bad FILM', 'good plot twist here', null] }]
	};
	const data: DatasetValue = { ...datasetOf(frame, 'x'), roles: Uint8Array.of(Role.train, Role.train, Role.test, Role.test) };

	it('fits the vocabulary on training rows only, maps unseen words to 1 and pads with 0', async () => {
		const { out, state } = await step(textSequence, data, { column: 'review', maxTokens: 3 });
		expect((state as TextSequenceState).words).toEqual(['film', 'good', 'bad']);
		expect(out.frame.columns.map((c) => c.name)).toEqual(['tok_0', 'tok_1', 'tok_2']);
		const rows = [0, 1, 2, 3].map((r) => out.frame.columns.map((c) => (c.kind === 'number' ? c.values[r] : NaN)));
		// "plot", "twist" and "here" occur only in a test row: unknown (1); the 4th word is cut.
		expect(rows).toEqual([
			[3, 3, 2],
			[4, 2, 0],
			[3, 1, 1],
			[0, 0, 0]
		]);
	});

	it('limits the vocabulary, keeps case and the text on request, and names a wrong column', async () => {
		const { out, state } = await step(textSequence, data, {
			column: 'review',
			maxTokens: 2,
			vocabularySize: 1,
			lowercase: false,
			keepText: true
		});
		// Every word occurs once; ties go in code-point order, capitals first.
		expect((state as TextSequenceState).words).toEqual(['FILM']);
		expect(out.frame.columns.map((c) => c.name)).toEqual(['review', 'tok_0', 'tok_1']);
		const numbers = { ...data, frame: { rowCount: 4, columns: [{ kind: 'number' as const, name: 'stars', values: new Float64Array(4) }] } };
		await expect(step(textSequence, numbers, { column: 'stars' })).rejects.toThrow(
			'column "stars" is number; Text to sequence needs a text or category column'
		);
		await expect(step(textSequence, data, {})).rejects.toThrow('choose the text column');
	});
});

describe('text classification on the reviews sample, split as protocol.py', () => {
	it(`the network (conv1d, WASM) reaches scikit-learn's TF-IDF + logistic regression (${SKLEARN_TFIDF_LOGISTIC_ACCURACY}) within 0.02`, async () => {
		const { out } = await step(textSequence, protocol(), { column: 'text', maxTokens: 40 });
		const acc = await testAccuracy(textNn, out, {}, 'wasm');
		expect(acc).toBeGreaterThanOrEqual(SKLEARN_TFIDF_LOGISTIC_ACCURACY - 0.02);
	}, 60_000);

	it("our TF-IDF (Text features) + Logistic regression matches scikit-learn's within 0.02", async () => {
		// TfidfVectorizer() keeps every word (199 here): a limit above that does the same. We get 0.73, as scikit-learn; the network gets 0.765.
		const { out } = await step(tfidf, protocol(), { column: 'text', maxFeatures: 10_000 });
		expect(out.frame.columns.length).toBe(200);
		const acc = await testAccuracy(logistic, out, {});
		expect(Math.abs(acc - SKLEARN_TFIDF_LOGISTIC_ACCURACY)).toBeLessThanOrEqual(0.02);
	}, 30_000);
});

describe('model.text-nn through the catalog', () => {
	function pipeline(): { doc: PipelineDocument; ids: Record<string, string> } {
		let doc = emptyDoc();
		const ids: Record<string, string> = {};
		const add = (key: string, type: string, params: Record<string, string | number | boolean> = {}) => {
			const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
			doc = r.doc;
			ids[key] = r.id;
		};
		add('data', 'io.dataset', { source: 'stored', name: 'reviews.csv', hash: 'reviews' });
		add('split', 'split.train-test', { target: 'sentiment', train: 0.7, validation: 0.1, seed: 3 });
		add('seq', 'features.text-sequence', { column: 'text', maxTokens: 40 });
		add('nn', 'model.text-nn', { epochs: 4 });
		add('evaluate', 'evaluate.metrics');
		add('predict', 'deploy.predict');
		for (const [from, fp, to, tp] of [
			['data', 'data', 'split', 'data'],
			['split', 'data', 'seq', 'data'],
			['seq', 'data', 'nn', 'data'],
			['nn', 'model', 'evaluate', 'model'],
			['seq', 'data', 'evaluate', 'data'],
			['nn', 'model', 'predict', 'model'],
			['data', 'data', 'predict', 'data']
		]) {
			const c = connect(doc, registry, { node: ids[from], port: fp }, { node: ids[to], port: tp });
			if (!c.ok) throw new Error(c.reason);
			doc = c.doc;
		}
		return { doc, ids };
	}

	it('trains after Split and Text to sequence, streams curves, and Predict replays the vocabulary on raw rows', async () => {
		const { doc, ids } = pipeline();
		const points: CurvePoint[] = [];
		const res = await runPipeline({
			doc,
			registry,
			cache: new OutputCache(),
			host,
			backend: 'wasm',
			onEvent: (e) => {
				if (e.type === 'progress' && e.node === ids.nn && e.point) points.push(e.point);
			}
		});
		expect(Object.fromEntries(res.errors)).toEqual({});
		const model = res.outputs.get(ids.nn)!.model as ModelValue;
		expect([model.family, model.backend, model.features.length, model.features[10], model.classes]).toEqual([
			'text-nn',
			'wasm',
			40,
			'tok_10',
			['negative', 'positive']
		]);
		expect(model.recipe.map((s) => s.type)).toEqual(['features.text-sequence']);
		expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
		expect(Object.keys(points[3].values).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
		const metrics = res.outputs.get(ids.evaluate)!.metrics as MetricsValue;
		expect((metrics.test as ClassificationMetrics).accuracy).toBeGreaterThan(0.6);
		// Predict starts from the raw text: the recipe turns it into token ids again.
		const scored = res.outputs.get(ids.predict)!.data as DatasetValue;
		expect(scored.frame.rowCount).toBe(800);
		const pred = getColumn(scored.frame, 'prediction');
		expect(pred.kind === 'category' && [...pred.dictionary].sort()).toEqual(['negative', 'positive']);
	}, 60_000);

	it('says what to do without token columns', async () => {
		const data = protocol();
		await expect(textNn.run!({ data }, defaultParams(textNn.params) as never, testContext())).rejects.toThrow(
			'no token columns (tok_0, tok_1, …): add a Text to sequence node on the text column before the model'
		);
	});
});
