import { wasmPaths } from '../../../ml/wasm-paths';
import { requireColumn } from '../../columns';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, resolveFeatures, targetValues } from '../../modeling';
import { p } from '../../params';
import { port, Role } from '../../ports';

export default defineNode({
	type: 'model.mlp',
	version: 1,
	category: 'model',
	title: 'Neural network',
	description:
		'A multilayer perceptron (dense layers, Adam) trained with TensorFlow.js on the chosen backend, with a loss curve per epoch on training and validation rows.',
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model') },
	params: {
		task: p.choice(['auto', 'classification', 'regression'], { default: 'auto', label: 'Task', help: 'Auto: from the target column kind' }),
		features: p.columns({ kinds: ['number', 'boolean'], label: 'Features', help: 'Empty: every number column except the target' }),
		layers: p.int({ default: 2, min: 1, max: 8, label: 'Hidden layers', help: 'Number of dense layers between the inputs and the output' }),
		units: p.int({ default: 64, min: 1, max: 1024, label: 'Units per layer', help: 'Width of each hidden layer' }),
		activation: p.choice(['relu', 'tanh'], { default: 'relu', label: 'Activation', help: 'Non-linearity of the hidden layers' }),
		epochs: p.int({ default: 30, min: 1, max: 10_000, label: 'Epochs', help: 'Passes over the training rows; Cancel keeps the weights learnt so far' }),
		batchSize: p.int({ default: 32, min: 1, max: 65_536, label: 'Batch size', help: 'Rows per gradient step; larger batches run faster per epoch but learn less per epoch' }),
		learningRate: p.number({ default: 0.001, min: 1e-6, max: 1, label: 'Learning rate (Adam)', help: 'Step size of the Adam optimiser; lower it if the loss jumps or becomes non-finite' }),
		seed: p.int({ default: 0, min: 0, max: 2 ** 31 - 1, label: 'Seed', help: 'Weights and batch order' })
	},
	usesBackend: true,
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
		const targetCol = requireColumn(data.frame, data.target);
		const task =
			params.task === 'auto' ? (targetCol.kind === 'number' ? 'regression' : 'classification') : (params.task as 'classification' | 'regression');
		if (task === 'regression' && targetCol.kind !== 'number') throw new Error(`target "${data.target}" is ${targetCol.kind}; regression needs numbers`);
		if (task === 'classification' && (targetCol.kind === 'date' || targetCol.kind === 'text'))
			throw new Error(`target "${data.target}" is ${targetCol.kind}; classification needs a category, boolean or whole-number target`);
		const features = resolveFeatures(data, params.features as string[]);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const valRows = labelledRows(data.frame, data.target, rowsWithRole(data, Role.validation));
		const classes = task === 'classification' ? classesIn(data.frame, data.target, rows) : null;
		if (classes && classes.length < 2) throw new Error('the training rows hold only one class');
		const yOf = (r: Uint32Array) => (classes ? classCodes(data.frame, data.target!, r, classes) : targetValues(data.frame, data.target!, r));
		const valY = valRows.length ? yOf(valRows) : null;
		// Validation rows with a class unseen in training cannot be scored; leave them out of the loss.
		const valKeep = valY && classes ? valRows.filter((_, i) => (valY as Int32Array)[i] >= 0) : valRows;

		// tfjs loads on first use, so the page (which imports the catalog for its metadata) never loads it.
		const { activateBackend, chooseBackend, detectBackends } = await import('../../../ml/backends');
		const { fitMlp } = await import('../../../ml/models/mlp');
		const backend = await activateBackend(chooseBackend(ctx.backend === 'auto' ? 'auto' : ctx.backend, await detectBackends()), {
			wasmPaths: wasmPaths()
		});
		const epochs = params.epochs as number;
		const started = Date.now();
		const state = await fitMlp(featureMatrix(data.frame, features, rows), yOf(rows), {
			task,
			classes: classes?.length,
			hidden: Array.from({ length: params.layers as number }, () => params.units as number),
			activation: params.activation as 'relu' | 'tanh',
			epochs,
			batchSize: params.batchSize as number,
			learningRate: params.learningRate as number,
			seed: params.seed as number,
			signal: ctx.signal,
			validation: valKeep.length ? { X: featureMatrix(data.frame, features, valKeep), y: yOf(valKeep) } : undefined,
			onEpoch: (epoch, logs) =>
				ctx.progress((epoch + 1) / epochs, `epoch ${epoch + 1}/${epochs} · loss ${logs.loss.toFixed(4)}${logs.valLoss !== undefined ? ` · validation ${logs.valLoss.toFixed(4)}` : ''}`)
		});
		if (ctx.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
		return {
			model: {
				kind: 'model',
				family: 'mlp',
				task,
				target: data.target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend,
				trainMs: Date.now() - started,
				curves: { loss: state.history.loss, val_loss: state.history.valLoss }
			}
		};
	}
});
