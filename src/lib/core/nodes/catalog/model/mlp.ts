import type { MlpEpochLogs, MlpOptimizer, MlpOptions, MlpSchedule, MlpState } from '../../../ml/models/mlp-types';
import { wasmPaths } from '../../../ml/wasm-paths';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, resolveFeatures, supervisedTask, targetValues } from '../../modeling';
import { p, type ParamValues, seedOf } from '../../params';
import { port, Role } from '../../ports';
import { abortError } from '../../../util/abort';

/** Hidden layer widths: the per-layer list when given, else `layers` × `units`. */
export function hiddenSizes(params: ParamValues & { readonly layers: number; readonly units: number }): number[] {
	const list = String(params.layerSizes ?? '').trim();
	if (!list) return Array.from({ length: params.layers }, () => params.units);
	const sizes = list.split(',').map((s) => Number(s.trim()));
	if (sizes.some((u) => !Number.isInteger(u) || u < 1 || u > 4096))
		throw new Error(
			`Layer sizes "${list}": write whole numbers from 1 to 4096 separated by commas, e.g. 64, 32 — or leave it empty to use Hidden layers × Units`
		);
	return sizes;
}

function schedule(params: ParamValues & { readonly decayFactor: number; readonly decayEvery: number }): MlpSchedule {
	const factor = params.decayFactor;
	switch (params.schedule) {
		case 'step decay':
			return { kind: 'step', every: params.decayEvery, factor };
		case 'exponential':
			return { kind: 'exponential', factor };
		case 'cosine':
			return { kind: 'cosine' };
		default:
			return { kind: 'constant' };
	}
}

const OPTIMISERS: Record<string, MlpOptimizer> = { adam: 'adam', sgd: 'sgd', 'sgd + momentum': 'momentum', rmsprop: 'rmsprop' };

export default defineNode({
	type: 'model.mlp',
	version: 2,
	category: 'model',
	title: 'Neural network',
	description:
		'A multilayer perceptron (dense layers) trained with TensorFlow.js on the chosen backend, with loss and accuracy curves per epoch on training and validation rows.',
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model') },
	params: {
		task: p.choice(['auto', 'classification', 'regression'], { default: 'auto', label: 'Task', help: 'Auto: from the target column kind' }),
		features: p.columns({ kinds: ['number', 'boolean'], label: 'Features', help: 'Empty: every number column except the target' }),
		layers: p.int({
			default: 2,
			min: 1,
			max: 8,
			tune: { min: 1, max: 3 },
			label: 'Hidden layers',
			help: 'Number of dense layers between the inputs and the output'
		}),
		units: p.int({
			default: 64,
			min: 1,
			max: 1024,
			tune: { min: 16, max: 256, log: true },
			label: 'Units per layer',
			help: 'Width of each hidden layer'
		}),
		layerSizes: p.string({
			default: '',
			maxLength: 200,
			label: 'Layer sizes',
			help: 'Optional widths per hidden layer, e.g. "128, 64"; when set it replaces Hidden layers and Units per layer'
		}),
		activation: p.choice(['relu', 'tanh', 'sigmoid', 'elu', 'gelu'], {
			default: 'relu',
			tune: ['relu', 'tanh', 'elu', 'gelu'],
			label: 'Activation',
			help: 'Non-linearity of the hidden layers; relu is a good default'
		}),
		dropout: p.number({
			default: 0,
			min: 0,
			max: 0.9,
			step: 0.05,
			tune: { min: 0, max: 0.5 },
			label: 'Dropout',
			help: 'Share of hidden units switched off at random in each training batch; 0.1–0.5 fights overfitting'
		}),
		batchNorm: p.boolean({
			default: false,
			label: 'Batch normalisation',
			help: 'Normalise each hidden layer over the batch before its activation; often allows a higher learning rate'
		}),
		optimizer: p.choice(['adam', 'sgd', 'sgd + momentum', 'rmsprop'], {
			default: 'adam',
			label: 'Optimiser',
			help: 'Adam suits most data; SGD + momentum uses Nesterov momentum 0.9'
		}),
		learningRate: p.number({
			default: 0.001,
			min: 1e-6,
			max: 1,
			tune: { min: 1e-4, max: 0.1, log: true },
			label: 'Learning rate',
			help: 'Step size of the optimiser; lower it if the loss jumps or becomes non-finite'
		}),
		schedule: p.choice(['constant', 'step decay', 'exponential', 'cosine'], {
			default: 'constant',
			label: 'Learning-rate schedule',
			help: 'How the learning rate changes per epoch: step decay multiplies it by the decay factor every few epochs, exponential every epoch, cosine eases it to zero by the last epoch'
		}),
		decayEvery: p.int({
			default: 10,
			min: 1,
			max: 10_000,
			label: 'Decay every (epochs)',
			help: 'Step decay only: epochs between two decays'
		}),
		decayFactor: p.number({
			default: 0.5,
			min: 0.001,
			max: 1,
			label: 'Decay factor',
			help: 'Step decay and exponential: the learning rate is multiplied by this (1 = no decay)'
		}),
		batchSize: p.int({
			default: 32,
			min: 1,
			max: 65_536,
			label: 'Batch size',
			help: 'Rows per gradient step; larger batches run faster per epoch but learn less per epoch'
		}),
		epochs: p.int({
			default: 30,
			min: 1,
			max: 10_000,
			label: 'Epochs',
			help: 'Passes over the training rows; Cancel keeps the weights learnt so far'
		}),
		l2: p.number({
			default: 0,
			min: 0,
			max: 10,
			tune: { min: 1e-6, max: 1e-2, log: true },
			label: 'L2 weight decay',
			help: 'Adds this × the sum of squared weights to the loss; 1e-5–1e-3 shrinks weights against overfitting'
		}),
		earlyStopping: p.choice(['off', 'validation loss'], {
			default: 'off',
			label: 'Early stopping',
			help: "Stop when the validation loss stops improving and keep the best epoch's weights; needs validation rows from the Split node"
		}),
		patience: p.int({
			default: 10,
			min: 1,
			max: 10_000,
			label: 'Patience (epochs)',
			help: 'Early stopping: epochs without improvement before training stops'
		}),
		minDelta: p.number({
			default: 0,
			min: 0,
			max: 1e6,
			label: 'Min improvement',
			help: 'Early stopping: a validation loss must fall by more than this to count as better'
		}),
		seed: p.seed({ help: 'Initial weights, dropout and batch order: the same seed on the same backend gives the same model' }),
		engine: p.choice(['auto', 'tensorflow.js'], {
			default: 'auto',
			label: 'Kernels',
			help: "Auto: Tessera's own SIMD kernels train the network when it uses Adam at a constant rate, relu or tanh, and no dropout, batch norm or early stopping — on the WASM and CPU backends, and on a GPU too while the backend is left on Auto (a small network is faster there than TensorFlow.js on WebGPU, measured); with WebGPU picked in the header, Tessera's own WGSL kernels train it on the GPU; TensorFlow.js otherwise. TensorFlow.js: always TensorFlow.js on the chosen backend"
		})
	},
	// v1 → v2: the new options take the values that reproduce v1 (plain Adam, nothing else).
	migrations: [
		// v1 trained with TensorFlow.js: keep it, so a v1 file reproduces its numbers.
		(v1) => ({
			...v1,
			layerSizes: '',
			dropout: 0,
			batchNorm: false,
			optimizer: 'adam',
			schedule: 'constant',
			decayEvery: 10,
			decayFactor: 0.5,
			l2: 0,
			earlyStopping: 'off',
			patience: 10,
			minDelta: 0,
			engine: 'tensorflow.js'
		})
	],
	usesBackend: true,
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		const { target, task } = supervisedTask(data, params.task);
		const hidden = hiddenSizes(params);
		const features = resolveFeatures(data, params.features);
		const rows = labelledRows(data.frame, target, trainingRows(data));
		const valRows = labelledRows(data.frame, target, rowsWithRole(data, Role.validation));
		const classes = task === 'classification' ? classesIn(data.frame, target, rows) : null;
		if (classes && classes.length < 2) throw new Error('the training rows hold only one class');
		const yOf = (r: Uint32Array) => (classes ? classCodes(data.frame, target, r, classes) : targetValues(data.frame, target, r));
		const valY = valRows.length ? yOf(valRows) : null;
		// Validation rows with a class unseen in training cannot be scored; leave them out of the loss.
		const valKeep = valY && classes ? valRows.filter((_, i) => (valY as Int32Array)[i] >= 0) : valRows;
		const earlyStopping = params.earlyStopping === 'validation loss';
		if (earlyStopping && !valKeep.length)
			throw new Error(
				'Early stopping watches the validation loss, and there are no validation rows: give the Split node a validation fraction, or set Early stopping to off'
			);

		const epochs = params.epochs;
		const options: MlpOptions = {
			task,
			classes: classes?.length,
			hidden,
			activation: params.activation,
			dropout: params.dropout,
			batchNorm: params.batchNorm,
			optimizer: OPTIMISERS[params.optimizer],
			learningRate: params.learningRate,
			schedule: schedule(params),
			epochs,
			batchSize: params.batchSize,
			l2: params.l2 as number,
			earlyStopping: earlyStopping ? { patience: params.patience, minDelta: params.minDelta } : null,
			seed: seedOf(params.seed, ctx.seed),
			signal: ctx.signal,
			validation: valKeep.length ? { X: featureMatrix(data.frame, features, valKeep), y: yOf(valKeep) } : undefined,
			onEpoch: (epoch, logs) =>
				ctx.progress(
					(epoch + 1) / epochs,
					`epoch ${epoch + 1}/${epochs} · loss ${logs.loss.toFixed(4)}${logs.valLoss !== undefined ? ` · validation ${logs.valLoss.toFixed(4)}` : ''}${epoch + 1 < epochs ? ` · ${eta(logs.etaMs)} left` : ''}`,
					{ step: epoch + 1, values: epochPoint(logs) },
					epoch + 1 < epochs ? logs.etaMs : undefined
				)
		};
		// tfjs loads on first use, so the page (which imports the catalog for its metadata) never loads it.
		const { chooseBackend, detectBackends } = await import('../../../ml/backends');
		const chosen = chooseBackend(ctx.backend === 'auto' ? 'auto' : ctx.backend, await detectBackends());
		const { useDenseKernels, useDenseGpu, fitMlpDense } = await import('../../../ml/models/mlp-dense');
		const dense = useDenseKernels(params.engine, ctx.backend, chosen, options);
		// WebGPU picked by name trains on our WGSL kernels where this runtime registered a device.
		const { denseGpu } = await import('../../../ml/dense/gpu-provider');
		const gpu = useDenseGpu(params.engine, ctx.backend, chosen, options) ? await denseGpu() : null;
		const started = Date.now();
		const X = featureMatrix(data.frame, features, rows);
		let state: MlpState;
		let backend: string;
		if (dense || gpu) {
			state = await fitMlpDense(X, yOf(rows), options, gpu ?? undefined, ctx.compute);
			backend = state.backend;
		} else {
			const { activateBackend } = await import('../../../ml/backends');
			const { fitMlp } = await import('../../../ml/models/mlp');
			backend = await activateBackend(chosen, { wasmPaths: wasmPaths() });
			state = await fitMlp(X, yOf(rows), options);
		}
		// A cancelled model is returned (the engine keeps it); any other abort ends here.
		if (ctx.signal.aborted && state.stopped?.reason !== 'cancelled') throw abortError();
		if (state.warning) ctx.progress(1, state.warning);
		const curves: Record<string, number[]> = { loss: state.history.loss, val_loss: state.history.valLoss };
		if (task === 'classification') Object.assign(curves, { accuracy: state.history.accuracy, val_accuracy: state.history.valAccuracy });
		return {
			model: {
				kind: 'model',
				family: 'mlp',
				task,
				target: target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend,
				trainMs: Date.now() - started,
				curves,
				...(state.stopped ? { stopped: state.stopped } : {})
			}
		};
	}
});

/** An epoch's figures for the live chart (the ones the model's curves keep). */
function epochPoint(logs: MlpEpochLogs): Record<string, number> {
	const point: Record<string, number> = { loss: logs.loss };
	if (logs.valLoss !== undefined) point.val_loss = logs.valLoss;
	if (logs.accuracy !== undefined) point.accuracy = logs.accuracy;
	if (logs.valAccuracy !== undefined) point.val_accuracy = logs.valAccuracy;
	return point;
}

/** "about 12 s" / "about 3 min", from the mean epoch time so far. */
function eta(ms: number): string {
	const s = Math.round(ms / 1000);
	return s < 90 ? `about ${Math.max(1, s)} s` : `about ${Math.round(s / 60)} min`;
}
