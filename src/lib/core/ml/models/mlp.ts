import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Matrix } from '../matrix';
import { assertFinite } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';
import { yielder } from '../../util/yield';

export type MlpActivation = 'relu' | 'tanh';
export type MlpTask = 'classification' | 'regression';

export interface MlpOptions {
	task: MlpTask;
	/** Number of classes (codes 0..classes-1); required for classification. */
	classes?: number;
	hidden?: number[];
	activation?: MlpActivation;
	epochs?: number;
	batchSize?: number;
	/** Adam step size. */
	learningRate?: number;
	seed?: number;
	/** Checked after every batch: training stops there and keeps the weights learnt so far. */
	signal?: AbortSignal;
	/** Called after each epoch; `epoch` counts from 0, as in Keras. */
	onEpoch?: (epoch: number, logs: { loss: number; valLoss?: number }) => void;
	validation?: { X: Matrix; y: Int32Array | Float64Array };
}

export interface MlpLayerState {
	inputs: number;
	units: number;
	activation: MlpActivation | 'softmax' | 'linear';
	/** inputs × units, row-major. */
	kernel: number[];
	bias: number[];
}

/** Plain JSON; enough to rebuild the network for prediction on any backend. */
export interface MlpState {
	task: MlpTask;
	activation: MlpActivation;
	classes: number | null;
	layers: MlpLayerState[];
	/** Regression targets are trained standardised; predictions are mapped back with these. */
	target: { mean: number; std: number } | null;
	epochsRun: number;
	stopped: 'completed' | 'aborted';
	history: { loss: number[]; valLoss: number[] };
	backend: string;
}

const DEFAULTS = { hidden: [64, 64], activation: 'relu' as MlpActivation, epochs: 30, batchSize: 64, learningRate: 1e-3, seed: 0 };

/**
 * Trains a dense network with tfjs-layers on the active backend.
 *
 * Determinism: every kernel gets a seeded Glorot initialiser and the epoch order comes from our
 * own seeded shuffle (fit's shuffle uses Math.random), so the same seed on the same backend
 * gives the same weights. Losses are reported in the target's own units (MSE for regression,
 * cross-entropy for classification).
 */
export async function fitMlp(X: Matrix, y: Int32Array | Float64Array, opts: MlpOptions): Promise<MlpState> {
	const o = {
		task: opts.task,
		hidden: opts.hidden ?? DEFAULTS.hidden,
		activation: opts.activation ?? DEFAULTS.activation,
		epochs: opts.epochs ?? DEFAULTS.epochs,
		batchSize: opts.batchSize ?? DEFAULTS.batchSize,
		learningRate: opts.learningRate ?? DEFAULTS.learningRate,
		seed: opts.seed ?? DEFAULTS.seed
	};
	const n = X.rows;
	const p = X.cols;
	if (y.length !== n) throw new Error(`MLP: ${y.length} targets for ${n} rows`);
	if (n === 0) throw new Error('MLP: no training rows');
	assertFinite(X, 'X');
	const k = o.task === 'classification' ? (opts.classes ?? 0) : 1;
	if (o.task === 'classification' && k < 2) throw new Error('MLP classification needs classes >= 2');
	const target = o.task === 'regression' ? standardisation(y) : null;
	// Report regression losses in target units rather than standardised ones.
	const lossScale = target ? target.std * target.std : 1;

	const model = buildModel(p, o.hidden, o.activation, o.task, k, o.seed);
	const optimizer = tf.train.adam(o.learningRate);
	model.compile({ optimizer, loss: o.task === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError' });

	const xAll = tf.tensor2d(Float32Array.from(X.data), [n, p]);
	const yAll = targetTensor(y, o.task, k, target);
	const val = opts.validation
		? ([tf.tensor2d(Float32Array.from(opts.validation.X.data), [opts.validation.X.rows, p]), targetTensor(opts.validation.y, o.task, k, target)] as [tf.Tensor, tf.Tensor])
		: undefined;

	const random = createRandom(o.seed);
	const order = Int32Array.from({ length: n }, (_, i) => i);
	const history = { loss: [] as number[], valLoss: [] as number[] };
	let stopped: MlpState['stopped'] = 'completed';
	let failure: string | null = null;
	// tfjs yields only after 125 ms inside one fit call; short epochs would never let a Cancel in.
	const breathe = yielder();
	try {
		for (let epoch = 0; epoch < o.epochs; epoch++) {
			if (opts.signal?.aborted) {
				stopped = 'aborted';
				break;
			}
			shuffleInPlace(order, random);
			// Gather on the device: the data is uploaded once, only the permutation travels per epoch.
			const idx = tf.tensor1d(order, 'int32');
			const xe = tf.gather(xAll, idx);
			const ye = tf.gather(yAll, idx);
			idx.dispose();
			let h: tfl.History;
			try {
				h = await model.fit(xe, ye, {
					epochs: 1,
					batchSize: o.batchSize,
					shuffle: false,
					verbose: 0,
					validationData: val,
					callbacks: {
						onBatchEnd: async () => {
							await breathe();
							if (opts.signal?.aborted) model.stopTraining = true;
						}
					}
				});
			} finally {
				xe.dispose();
				ye.dispose();
			}
			const loss = Number(h.history.loss[0]) * lossScale;
			const valLoss = h.history.val_loss ? Number(h.history.val_loss[0]) * lossScale : undefined;
			if (!Number.isFinite(loss) || (valLoss !== undefined && !Number.isFinite(valLoss))) {
				failure =
					`MLP training stopped at epoch ${epoch + 1}: the loss became non-finite (${loss}). ` +
					'Lower the learning rate or standardise the features.';
				break;
			}
			history.loss.push(loss);
			if (valLoss !== undefined) history.valLoss.push(valLoss);
			opts.onEpoch?.(epoch, valLoss === undefined ? { loss } : { loss, valLoss });
			await breathe();
			if (opts.signal?.aborted) {
				stopped = 'aborted';
				break;
			}
		}
		if (failure) throw new Error(failure);
		return {
			task: o.task,
			activation: o.activation,
			classes: o.task === 'classification' ? k : null,
			layers: await readLayers(model, p, o.activation, o.task),
			target,
			epochsRun: history.loss.length,
			stopped,
			history,
			backend: tf.getBackend()
		};
	} finally {
		xAll.dispose();
		yAll.dispose();
		val?.forEach((t) => t.dispose());
		model.dispose();
		// Passed in as an instance, the optimizer is not owned (hence not disposed) by the model.
		optimizer.dispose();
	}
}

function buildModel(p: number, hidden: number[], activation: MlpActivation, task: MlpTask, k: number, seed: number): tfl.Sequential {
	const model = tfl.sequential();
	const sizes = [...hidden, task === 'classification' ? k : 1];
	sizes.forEach((units, i) => {
		const last = i === sizes.length - 1;
		model.add(
			tfl.layers.dense({
				...(i === 0 ? { inputShape: [p] } : {}),
				units,
				activation: last ? (task === 'classification' ? 'softmax' : 'linear') : activation,
				kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 1000 + i }),
				biasInitializer: 'zeros'
			})
		);
	});
	return model;
}

function targetTensor(y: Int32Array | Float64Array, task: MlpTask, k: number, target: MlpState['target']): tf.Tensor {
	if (task === 'classification') {
		for (let i = 0; i < y.length; i++) {
			if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= k) throw new Error(`MLP: class code ${y[i]} at row ${i} is outside 0..${k - 1}`);
		}
		return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), k), 'float32'));
	}
	const { mean, std } = target ?? { mean: 0, std: 1 };
	const scaled = new Float32Array(y.length);
	for (let i = 0; i < y.length; i++) {
		if (!Number.isFinite(y[i])) throw new Error(`MLP: target is non-finite at row ${i}`);
		scaled[i] = (y[i] - mean) / std;
	}
	return tf.tensor2d(scaled, [y.length, 1]);
}

function standardisation(y: ArrayLike<number>): { mean: number; std: number } {
	let mean = 0;
	for (let i = 0; i < y.length; i++) mean += y[i];
	mean /= y.length;
	let v = 0;
	for (let i = 0; i < y.length; i++) v += (y[i] - mean) ** 2;
	const std = Math.sqrt(v / y.length);
	// A constant target still trains (to predict the mean) instead of dividing by zero.
	return { mean, std: std > 0 ? std : 1 };
}

async function readLayers(model: tfl.Sequential, p: number, activation: MlpActivation, task: MlpTask): Promise<MlpLayerState[]> {
	const out: MlpLayerState[] = [];
	let inputs = p;
	for (let i = 0; i < model.layers.length; i++) {
		const [kernel, bias] = model.layers[i].getWeights();
		const units = bias.shape[0];
		const last = i === model.layers.length - 1;
		out.push({
			inputs,
			units,
			activation: last ? (task === 'classification' ? 'softmax' : 'linear') : activation,
			kernel: Array.from(await kernel.data()),
			bias: Array.from(await bias.data())
		});
		inputs = units;
	}
	return out;
}

const PREDICT_CHUNK = 8192;

/**
 * Class probabilities (rows × classes, row-major) or regression values (rows), computed with
 * plain tensor ops on the active backend; every tensor made here is released before returning.
 */
export async function predictMlp(state: MlpState, X: Matrix): Promise<Float64Array> {
	const p = state.layers[0].inputs;
	if (X.cols !== p) throw new Error(`MLP expects ${p} features, got ${X.cols}`);
	const width = state.layers[state.layers.length - 1].units;
	const out = new Float64Array(X.rows * width);
	const weights = state.layers.map((l) => [tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)] as const);
	try {
		// Chunks bound device memory on large inputs.
		for (let start = 0; start < X.rows; start += PREDICT_CHUNK) {
			const rows = Math.min(PREDICT_CHUNK, X.rows - start);
			const y = tf.tidy(() => {
				let h: tf.Tensor2D = tf.tensor2d(Float32Array.from(X.data.subarray(start * p, (start + rows) * p)), [rows, p]);
				state.layers.forEach((l, i) => {
					const [k, b] = weights[i];
					h = tf.add(tf.matMul(h, k), b);
					if (l.activation === 'relu') h = tf.relu(h);
					else if (l.activation === 'tanh') h = tf.tanh(h);
					else if (l.activation === 'softmax') h = tf.softmax(h);
				});
				return h;
			});
			const values = await y.data();
			y.dispose();
			out.set(values, start * width);
		}
	} finally {
		weights.forEach(([k, b]) => (k.dispose(), b.dispose()));
	}
	if (state.target) {
		const { mean, std } = state.target;
		for (let i = 0; i < out.length; i++) out[i] = out[i] * std + mean;
	}
	return out;
}
