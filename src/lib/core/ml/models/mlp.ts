import * as tf from '@tensorflow/tfjs-core';
import type { Matrix } from '../matrix';
import { assertFinite } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';
import { yielder } from '../../util/yield';
import { buildNetwork, disposeSnapshot, readLayers, restore, snapshot, type Snapshot } from './mlp-network';
import { createOptimizer, disposeOptimizer, scheduledRate, scheduleError, setLearningRate } from './mlp-schedule';
import type { MlpHistory, MlpOptions, MlpState, MlpStop, MlpTask } from './mlp-types';

export type * from './mlp-types';
export { predictMlp } from './mlp-predict';

const DEFAULTS = {
	hidden: [64, 64],
	activation: 'relu',
	dropout: 0,
	batchNorm: false,
	optimizer: 'adam',
	learningRate: 1e-3,
	schedule: { kind: 'constant' },
	epochs: 30,
	batchSize: 64,
	l2: 0,
	seed: 0
} as const satisfies Partial<MlpOptions>;

type Resolved = Required<Omit<MlpOptions, 'classes' | 'signal' | 'onEpoch' | 'validation' | 'earlyStopping'>> &
	Pick<MlpOptions, 'earlyStopping'>;

/** Options with defaults filled in; every error names the option and what to use instead. */
function resolve(opts: MlpOptions): Resolved {
	const o: Resolved = {
		...DEFAULTS,
		...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
		task: opts.task
	} as Resolved;
	const bad = (what: string) => {
		throw new Error(`MLP: ${what}`);
	};
	if (!o.hidden.length || o.hidden.some((u) => !Number.isInteger(u) || u < 1))
		bad(`hidden layer sizes ${o.hidden.join(',')}: use whole numbers of at least 1`);
	if (!(o.dropout >= 0 && o.dropout < 1)) bad(`dropout ${o.dropout}: use a rate from 0 up to (not including) 1`);
	if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) bad(`learning rate ${o.learningRate}: use a positive number such as 0.001`);
	if (!Number.isInteger(o.epochs) || o.epochs < 1) bad(`epochs ${o.epochs}: use a whole number of at least 1`);
	if (!Number.isInteger(o.batchSize) || o.batchSize < 1) bad(`batch size ${o.batchSize}: use a whole number of at least 1`);
	if (!(o.l2 >= 0 && Number.isFinite(o.l2))) bad(`L2 weight decay ${o.l2}: use 0 or a small positive number such as 0.0001`);
	const es = o.earlyStopping;
	if (es && !(Number.isInteger(es.patience) && es.patience >= 1))
		bad(`early stopping patience ${es.patience}: use a whole number of epochs, at least 1`);
	if (es && !(es.minDelta >= 0)) bad(`early stopping min delta ${es.minDelta}: use 0 or a small positive number`);
	const schedErr = scheduleError(o.schedule);
	if (schedErr) bad(schedErr);
	return o;
}

/**
 * Trains a dense network with tfjs-layers on the active backend, one `fit` call per epoch
 * so that the learning rate can follow its schedule and each epoch's weights can be kept.
 *
 * - Determinism: seeded Glorot initialisers, a seeded dropout mask per batch and our own
 *   seeded epoch order (fit's shuffle uses Math.random): same seed + backend → same weights.
 * - Cancel is checked after every batch; the best (early stopping) or last weights are kept
 *   and `stopped` says so.
 * - A non-finite batch loss stops training and keeps the weights of the last finite epoch.
 * - Every tensor made here is released: the result is plain JSON.
 * Losses are in the target's own units (MSE for regression, cross-entropy for classification).
 */
export async function fitMlp(X: Matrix, y: Int32Array | Float64Array, opts: MlpOptions): Promise<MlpState> {
	const o = resolve(opts);
	const n = X.rows;
	const p = X.cols;
	if (y.length !== n) throw new Error(`MLP: ${y.length} targets for ${n} rows`);
	if (n === 0) throw new Error('MLP: no training rows');
	assertFinite(X, 'X');
	const k = o.task === 'classification' ? (opts.classes ?? 0) : 1;
	if (o.task === 'classification' && k < 2) throw new Error('MLP classification needs classes >= 2');
	if (o.earlyStopping && !opts.validation?.X.rows)
		throw new Error(
			'early stopping watches the validation loss, and there are no validation rows: give the Split node a validation fraction, or turn early stopping off'
		);
	const target = o.task === 'regression' ? standardisation(y) : null;
	// Report regression losses in target units rather than standardised ones.
	const lossScale = target ? target.std * target.std : 1;
	const classify = o.task === 'classification';

	const { model, blocks } = buildNetwork({
		inputs: p,
		hidden: o.hidden,
		activation: o.activation,
		task: o.task,
		outputs: k,
		dropout: o.dropout,
		batchNorm: o.batchNorm,
		l2: o.l2,
		seed: o.seed
	});
	const optimizer = createOptimizer(o.optimizer, o.learningRate);
	model.compile({ optimizer, loss: classify ? 'categoricalCrossentropy' : 'meanSquaredError', metrics: classify ? ['accuracy'] : [] });

	const xAll = tf.tensor2d(Float32Array.from(X.data), [n, p]);
	const yAll = targetTensor(y, o.task, k, target);
	const val = opts.validation
		? ([
				tf.tensor2d(Float32Array.from(opts.validation.X.data), [opts.validation.X.rows, p]),
				targetTensor(opts.validation.y, o.task, k, target)
			] as [tf.Tensor, tf.Tensor])
		: undefined;

	const random = createRandom(o.seed);
	const order = Int32Array.from({ length: n }, (_, i) => i);
	const history: MlpHistory = { loss: [], valLoss: [], accuracy: [], valAccuracy: [] };
	let stopped: MlpStop | null = null;
	let warning: string | null = null;
	// Weights after the last epoch with a finite loss (at first, the initial ones).
	let good: Snapshot | null = snapshot(blocks);
	let best: Snapshot | null = null;
	let bestLoss = Infinity;
	let bestEpoch = 0;
	let waited = 0;
	let keptEpoch = 0;
	const began = performance.now();
	// tfjs yields only after 125 ms inside one fit call; short epochs would never let a Cancel in.
	const breathe = yielder();
	try {
		for (let epoch = 0; epoch < o.epochs; epoch++) {
			if (opts.signal?.aborted) {
				stopped = { reason: 'cancelled', completed: epoch, kept: '' };
				break;
			}
			const rate = scheduledRate(o.schedule, o.learningRate, epoch, o.epochs);
			setLearningRate(optimizer, rate);
			shuffleInPlace(order, random);
			// Gather on the device: the data is uploaded once, only the permutation travels per epoch.
			const [xe, ye] = tf.tidy(() => {
				const idx = tf.tensor1d(order, 'int32');
				return [tf.gather(xAll, idx), tf.gather(yAll, idx)];
			});
			let nonFinite = false;
			let h;
			try {
				h = await model.fit(xe, ye, {
					epochs: 1,
					batchSize: o.batchSize,
					shuffle: false,
					verbose: 0,
					validationData: val,
					callbacks: {
						onBatchEnd: async (_, logs) => {
							if (!Number.isFinite(logs?.loss)) {
								nonFinite = true;
								model.stopTraining = true;
							}
							await breathe();
							if (opts.signal?.aborted) model.stopTraining = true;
						}
					}
				});
			} finally {
				tf.dispose([xe, ye]);
			}
			const last = (key: string) => (h.history[key] ? Number(h.history[key][0]) : undefined);
			const loss = (last('loss') ?? NaN) * lossScale;
			const valLoss = val ? (last('val_loss') ?? NaN) * lossScale : undefined;
			if (nonFinite || !Number.isFinite(loss) || (val && !Number.isFinite(valLoss!) && !opts.signal?.aborted)) {
				if (epoch === 0)
					throw new Error(
						`MLP: the loss became non-finite in the first epoch, so no weights are worth keeping. Lower the learning rate (now ${o.learningRate}) or standardise the features.`
					);
				warning = `the loss became non-finite in epoch ${epoch + 1}; training stopped. Lower the learning rate (now ${o.learningRate}) or standardise the features.`;
				stopped = { reason: 'non-finite-loss', completed: epoch, kept: '' };
				break;
			}
			if (opts.signal?.aborted) {
				// A partial epoch: its weights are kept (they hold what it learnt), its logs are not.
				stopped = { reason: 'cancelled', completed: epoch, kept: '' };
				break;
			}
			history.loss.push(loss);
			const acc = last('acc') ?? last('accuracy');
			if (acc !== undefined) history.accuracy.push(acc);
			if (valLoss !== undefined) history.valLoss.push(valLoss);
			const valAcc = last('val_acc') ?? last('val_accuracy');
			if (valAcc !== undefined) history.valAccuracy.push(valAcc);
			disposeSnapshot(good);
			good = snapshot(blocks);
			keptEpoch = epoch + 1;
			const done = epoch + 1;
			opts.onEpoch?.(epoch, {
				loss,
				...(valLoss !== undefined ? { valLoss } : {}),
				...(acc !== undefined ? { accuracy: acc } : {}),
				...(valAcc !== undefined ? { valAccuracy: valAcc } : {}),
				learningRate: rate,
				etaMs: ((performance.now() - began) / done) * (o.epochs - done)
			});
			if (o.earlyStopping && valLoss !== undefined) {
				if (valLoss < bestLoss - o.earlyStopping.minDelta) {
					disposeSnapshot(best);
					best = snapshot(blocks);
					bestLoss = valLoss;
					bestEpoch = done;
					waited = 0;
				} else if (++waited >= o.earlyStopping.patience) {
					stopped = { reason: 'early-stopping', completed: done, kept: '' };
					break;
				}
			}
			await breathe();
		}
		// Keep the best validation weights when early stopping watched them; else the last
		// finite ones (after a non-finite loss), else the current ones.
		let kept: string;
		if (best) {
			restore(blocks, best);
			keptEpoch = bestEpoch;
			kept = `best validation loss at epoch ${bestEpoch}`;
		} else if (stopped?.reason === 'non-finite-loss') {
			restore(blocks, good!);
			kept = `last finite weights (epoch ${keptEpoch})`;
		} else if (stopped?.reason === 'cancelled') {
			kept = `last weights (epoch ${stopped.completed} done${stopped.completed < o.epochs ? ', the next one in part' : ''})`;
		} else kept = `last weights (epoch ${keptEpoch})`;
		return {
			task: o.task,
			activation: o.activation,
			classes: classify ? k : null,
			layers: await readLayers(blocks, p),
			target,
			epochsRun: history.loss.length,
			keptEpoch,
			stopped: stopped ? { ...stopped, kept } : null,
			warning,
			history,
			backend: tf.getBackend()
		};
	} finally {
		disposeSnapshot(good);
		disposeSnapshot(best);
		tf.dispose([xAll, yAll, ...(val ?? [])]);
		model.dispose();
		// Passed in as an instance, the optimizer is not owned (hence not disposed) by the model.
		disposeOptimizer(optimizer);
	}
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
