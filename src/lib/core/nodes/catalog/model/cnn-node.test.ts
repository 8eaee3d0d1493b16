import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline, type EngineHost } from '../../../engine/run';
import type { CurvePoint } from '../../define';
import { getColumn } from '../../../frame/frame';
import { readTableBytes } from '../../../readers/readers';
import type { ClassificationMetrics, DatasetValue, MetricsValue, ModelValue } from '../../ports';
import { emptyDoc, registry, SAMPLES } from '../../test-kit';
import { buildModelFile, modelOf } from '../../../model-file/build';
import { readModelFile, writeModelFile } from '../../../model-file/format';
import { createRandom } from '../../../util/random';
import { modelFamilies } from '../../families';

// The digits sample goes through the same entry point as an uploaded file: readTableBytes
// picks the zip reader by extension and decodes the PNGs in TypeScript.
const zip = new Uint8Array(readFileSync(join(SAMPLES, 'digits.zip')));
const host: EngineHost = {
	loadSource: async (ref) => ({ frame: await readTableBytes(zip, { fileName: `${ref.name}` }), hash: 'digits', name: ref.name }),
	sourceHash: async () => 'digits'
};

function pipeline(model: Record<string, number | boolean | string>): { doc: PipelineDocument; ids: Record<string, string> } {
	let doc = emptyDoc();
	const ids: Record<string, string> = {};
	const add = (key: string, type: string, params: Record<string, string | number | boolean> = {}) => {
		const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		doc = r.doc;
		ids[key] = r.id;
	};
	add('data', 'io.dataset', { source: 'stored', name: 'digits.zip', hash: 'digits' });
	add('split', 'split.train-test', { target: 'label', train: 0.7, validation: 0.1, seed: 3 });
	add('cnn', 'model.cnn', model);
	add('evaluate', 'evaluate.metrics');
	add('predict', 'deploy.predict');
	for (const [from, fp, to, tp] of [
		['data', 'data', 'split', 'data'],
		['split', 'data', 'cnn', 'data'],
		['cnn', 'model', 'evaluate', 'model'],
		['split', 'data', 'evaluate', 'data'],
		['cnn', 'model', 'predict', 'model'],
		['data', 'data', 'predict', 'data']
	]) {
		const c = connect(doc, registry, { node: ids[from], port: fp }, { node: ids[to], port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	return { doc, ids };
}

describe('model.cnn through the catalog', () => {
	it('trains on the digits zip after a Split, streams curve points, and Evaluate and Predict score it', async () => {
		const { doc, ids } = pipeline({ epochs: 6 });
		const points: CurvePoint[] = [];
		const res = await runPipeline({
			doc,
			registry,
			cache: new OutputCache(),
			host,
			// WASM, as a browser without WebGPU trains: the CPU backend's convolutions are far slower.
			backend: 'wasm',
			onEvent: (e) => {
				if (e.type === 'progress' && e.node === ids.cnn && e.point) points.push(e.point);
			}
		});
		expect(Object.fromEntries(res.errors)).toEqual({});
		const model = res.outputs.get(ids.cnn)!.model as ModelValue;
		expect([model.family, model.task, model.backend, model.features.length, model.features[9]]).toEqual([
			'cnn',
			'classification',
			'tessera-wasm-simd',
			64,
			'px_1_1_0'
		]);
		expect(model.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
		expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(Object.keys(points[5].values).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
		expect(model.curves.val_accuracy).toHaveLength(6);
		const metrics = res.outputs.get(ids.evaluate)!.metrics as MetricsValue;
		expect(metrics.model).toBe('cnn');
		expect((metrics.test as ClassificationMetrics).accuracy).toBeGreaterThanOrEqual(0.9);
		const scored = res.outputs.get(ids.predict)!.data as DatasetValue;
		const pred = getColumn(scored.frame, 'prediction');
		const truth = getColumn(scored.frame, 'label');
		let agree = 0;
		if (pred.kind === 'category' && truth.kind === 'category')
			for (let i = 0; i < scored.frame.rowCount; i++) if (pred.dictionary[pred.codes[i]] === truth.dictionary[truth.codes[i]]) agree++;
		expect(agree / scored.frame.rowCount).toBeGreaterThan(0.9);
		// Through a model file and back, the weights predict the very same probabilities.
		const bytes = await writeModelFile(
			buildModelFile({ name: 'digits', model, metrics: { validation: metrics.validation, test: metrics.test } })
		);
		const back = modelOf((await readModelFile(bytes)).file);
		const random = createRandom(9);
		const X = { rows: 5, cols: 64, data: Float64Array.from({ length: 5 * 64 }, () => random()) };
		const cnn = modelFamilies.find((f) => f.name === 'cnn')!;
		expect(Array.from((await cnn.predict(back.estimator, X)).proba!)).toEqual(Array.from((await cnn.predict(model.estimator, X)).proba!));
	}, 120_000);

	it('Kernels: Auto trains on our kernels, TensorFlow.js on tfjs, and a v1 node (tfjs then) keeps tfjs', async () => {
		const { doc, ids } = pipeline({ epochs: 1, engine: 'tensorflow.js' });
		const res = await runPipeline({ doc, registry, cache: new OutputCache(), host, backend: 'wasm' });
		expect(Object.fromEntries(res.errors)).toEqual({});
		expect((res.outputs.get(ids.cnn)!.model as ModelValue).backend).toBe('wasm');
		const def = registry.get('model.cnn')!;
		expect(def.version).toBe(2);
		expect(def.migrations![0]({ epochs: 3 })).toEqual({ epochs: 3, engine: 'tensorflow.js' });
	}, 120_000);

	it('says what to do when the data holds no images', async () => {
		const { doc, ids } = pipeline({ epochs: 1 });
		const csvHost: EngineHost = {
			loadSource: async (ref) => ({
				// Enough rows for every part of the split (fewer is the Split's own error).
				frame: await readTableBytes(
					new TextEncoder().encode(['label,x', ...Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'b' : 'a'},${i}`)].join('\n') + '\n'),
					{ fileName: 'x.csv' }
				),
				hash: 'x',
				name: ref.name
			}),
			sourceHash: async () => 'x'
		};
		const res = await runPipeline({ doc, registry, cache: new OutputCache(), host: csvHost, backend: 'cpu' });
		expect(res.errors.get(ids.cnn)).toMatch(/no image columns \(px_…\): import a zip of images/);
	});
});
