import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { Column } from '../../../frame/types';
import { normaliseParams, type ParamValues } from '../../params';
import type { DatasetValue, ModelValue } from '../../ports';
import { predict } from '../../predictors';
import { modelMatrix } from '../../modeling';
import { sampleDataset, testContext } from '../../test-kit';
import type { MlpState } from '../../../ml/models/mlp-types';
import split from '../split/split';
import mlp, { hiddenSizes } from './mlp';

const V1 = { task: 'auto', features: [], layers: 2, units: 8, activation: 'tanh', epochs: 3, batchSize: 16, learningRate: 0.01, seed: 4 };

async function irisSplit(validation = 0.15): Promise<DatasetValue> {
	return (
		await split.run!(
			{ data: sampleDataset('iris') },
			{ target: 'species', train: 0.7, validation, stratify: true, seed: 1 } as never,
			testContext()
		)
	).data as DatasetValue;
}

/** These tests are about the TensorFlow.js trainer unless they name the engine. */
function paramsOf(given: Record<string, unknown>): ParamValues {
	const { params, errors } = normaliseParams(mlp.params, { engine: 'tensorflow.js', ...given });
	expect(errors).toEqual([]);
	return params;
}

async function train(data: DatasetValue, given: Record<string, unknown>, ctx = testContext()): Promise<ModelValue> {
	return (await mlp.run!({ data }, paramsOf(given), ctx)).model as ModelValue;
}

describe('model.mlp (v2)', () => {
	it('migrates v1 params to v2 with the same behaviour: same weights as the v2 defaults that v1 meant', async () => {
		expect(mlp.version).toBe(2);
		const migrated = mlp.migrations![0](V1);
		expect(migrated).toMatchObject({
			...V1,
			dropout: 0,
			batchNorm: false,
			optimizer: 'adam',
			schedule: 'constant',
			l2: 0,
			earlyStopping: 'off',
			layerSizes: ''
		});
		const data = await irisSplit();
		const a = await train(data, migrated);
		const b = await train(data, { ...V1, layerSizes: '8, 8' });
		expect((a.estimator as MlpState).layers).toEqual((b.estimator as MlpState).layers);
	});

	it('on the cpu and wasm backends, auto trains with our dense kernels: same accuracy class, recorded, with live points', async () => {
		const data = await irisSplit();
		const points: number[] = [];
		const model = await train(
			data,
			{ ...V1, epochs: 60, engine: 'auto' },
			{ ...testContext(), progress: (_f, _m, point) => point && points.push(point.step) }
		);
		expect(model.backend).toMatch(/^tessera-(wasm-simd|js)$/);
		expect(points).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
		expect(model.curves.loss).toHaveLength(60);
		expect(model.curves.loss[59]).toBeLessThan(model.curves.loss[0]);
		const test = Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i).filter((i) => data.roles![i] === 3);
		const out = await predict(model, modelMatrix(model, data.frame, test));
		const species = getColumn(data.frame, 'species') as Extract<Column, { kind: 'category' }>;
		const truth = test.map((r) => species.codes[r]);
		const labels = species.dictionary;
		let hit = 0;
		test.forEach((r, i) => (model.classes![out.codes![i]] === labels[truth[i]] ? hit++ : 0));
		expect(hit / test.length).toBeGreaterThanOrEqual(0.85);
		// Options the dense kernels do not have fall back to TensorFlow.js.
		const fallback = await train(data, { ...V1, epochs: 2, engine: 'auto', dropout: 0.2 });
		expect(fallback.backend).toBe('cpu');
	});

	it('every param has a label and help', () => {
		for (const [name, spec] of Object.entries(mlp.params)) {
			expect(spec.label, name).toBeTruthy();
			expect(spec.help, name).toBeTruthy();
		}
	});

	it('reads per-layer sizes and names the parameter when they are malformed', () => {
		expect(hiddenSizes({ layers: 2, units: 5, layerSizes: '' })).toEqual([5, 5]);
		expect(hiddenSizes({ layers: 2, units: 5, layerSizes: ' 32, 16 ,8' })).toEqual([32, 16, 8]);
		expect(() => hiddenSizes({ layers: 2, units: 5, layerSizes: '32, x' })).toThrow(/Layer sizes "32, x".*whole numbers/);
	});

	it('trains with every option on, records backend, curves and early stopping, and predicts', async () => {
		const data = await irisSplit();
		const messages: string[] = [];
		const model = await train(
			data,
			{
				...V1,
				epochs: 40,
				layerSizes: '16, 8',
				activation: 'gelu',
				dropout: 0.1,
				batchNorm: true,
				optimizer: 'rmsprop',
				schedule: 'cosine',
				l2: 1e-4,
				earlyStopping: 'validation loss',
				patience: 3
			},
			{ ...testContext(), progress: (_, m) => m && messages.push(m) }
		);
		expect(model.backend).toBe('cpu');
		const state = model.estimator as MlpState;
		expect(state.layers.map((l) => l.units)).toEqual([16, 8, 3]);
		expect(Object.keys(model.curves)).toEqual(['loss', 'val_loss', 'accuracy', 'val_accuracy']);
		const epochs = model.curves.loss.length;
		for (const c of Object.values(model.curves)) expect(c).toHaveLength(epochs);
		expect(messages[0]).toMatch(/^epoch 1\/40 · loss [\d.]+ · validation [\d.]+ · about \d+ s left$/);
		expect(model.stopped).toMatchObject({
			reason: 'early-stopping',
			completed: epochs,
			kept: `best validation loss at epoch ${epochs - 3}`
		});
		const X = modelMatrix(
			model,
			data.frame,
			Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i)
		);
		const out = await predict(model, X);
		expect(out.codes).toHaveLength(data.frame.rowCount);
	});

	it('asks for validation rows when early stopping has none, naming the setting', async () => {
		const data = await irisSplit(0);
		await expect(train(data, { ...V1, earlyStopping: 'validation loss' })).rejects.toThrow(/Early stopping.*validation fraction.*off/);
	});

	it('returns the model with stopped "cancelled" when the run is cancelled mid-training', async () => {
		const data = await irisSplit();
		const ctl = new AbortController();
		const ctx = { ...testContext(), signal: ctl.signal, progress: (f: number) => (f >= 2 / 40 ? ctl.abort() : undefined) };
		const model = await train(data, { ...V1, epochs: 40 }, ctx);
		expect(model.stopped).toMatchObject({ reason: 'cancelled', completed: 2 });
		expect(model.curves.loss).toHaveLength(2);
	});
});
