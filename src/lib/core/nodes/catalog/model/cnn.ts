import { imageShapeOf } from '../../../frame/images';
import { wasmPaths } from '../../../ml/wasm-paths';
import { requireColumn } from '../../columns';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows } from '../../modeling';
import { p, seedOf } from '../../params';
import { port, Role } from '../../ports';
import { epochCurves, reportEpochs } from './epoch-progress';

export default defineNode({
	type: 'model.cnn',
	version: 2,
	category: 'model',
	title: 'Image classifier (CNN)',
	description:
		"A small convolutional network trained from scratch on image datasets (a zip of images: px_ columns), on Tessera's own kernels or TensorFlow.js. The image size comes from the data; training images can be shifted and mirrored.",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model') },
	params: {
		filters: p.int({
			default: 16,
			min: 1,
			max: 256,
			tune: { min: 8, max: 64, log: true },
			label: 'Filters',
			help: 'Feature maps of the first 3×3 convolution; the second has twice as many. More learn finer shapes but train slower'
		}),
		denseUnits: p.int({
			default: 64,
			min: 1,
			max: 2048,
			tune: { min: 32, max: 256, log: true },
			label: 'Dense units',
			help: 'Width of the dense layer between the convolutions and the output'
		}),
		dropout: p.number({
			default: 0.25,
			min: 0,
			max: 0.9,
			tune: { min: 0, max: 0.5 },
			label: 'Dropout',
			help: 'Share of units dropped around the dense layer in each training batch; guards against memorising the training images'
		}),
		shift: p.int({
			default: 1,
			min: 0,
			max: 16,
			label: 'Augment: shift (pixels)',
			help: 'Training images move by up to this many pixels each way, so the network does not depend on exact positions; 0 turns it off'
		}),
		flip: p.boolean({
			default: false,
			label: 'Augment: mirror',
			help: 'Mirror half of the training images left to right; only where a mirrored image keeps its class (not digits or letters)'
		}),
		epochs: p.int({
			default: 15,
			min: 1,
			max: 10_000,
			label: 'Epochs',
			help: 'Passes over the training images; Cancel keeps the weights of the last whole epoch'
		}),
		batchSize: p.int({
			default: 32,
			min: 1,
			max: 4096,
			label: 'Batch size',
			help: 'Images per gradient step; larger batches run faster per epoch but learn less per epoch'
		}),
		learningRate: p.number({
			default: 0.005,
			min: 1e-6,
			max: 1,
			tune: { min: 1e-4, max: 0.02, log: true },
			label: 'Learning rate (Adam)',
			help: 'Step size of the Adam optimiser; lower it if the loss jumps or becomes non-finite'
		}),
		seed: p.seed({
			help: 'Initial weights, batch order, augmentation and dropout; the same seed on the same backend gives the same model'
		}),
		engine: p.choice(['auto', 'tensorflow.js'], {
			default: 'auto',
			label: 'Kernels',
			help: "Auto: Tessera's own kernels (convolutions and a WebAssembly SIMD multiply) train the network with the backend left on Auto or on WASM or CPU; with WebGPU or WebGL picked in the header, TensorFlow.js trains it there. TensorFlow.js: always TensorFlow.js on the chosen backend"
		})
	},
	// v1 trained with TensorFlow.js: keep it, so a v1 file reproduces its numbers.
	migrations: [(v1) => ({ ...v1, engine: 'tensorflow.js' })],
	usesBackend: true,
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the label column as the target');
		const shape = imageShapeOf(data.frame);
		if (!shape) throw new Error('no image columns (px_…): import a zip of images with the Dataset node, then split it');
		const targetCol = requireColumn(data.frame, data.target);
		if (targetCol.kind === 'date' || targetCol.kind === 'text')
			throw new Error(`target "${data.target}" is ${targetCol.kind}, not a class: choose the label column`);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const classes = classesIn(data.frame, data.target, rows);
		if (classes.length < 2) throw new Error('the training images hold only one class');
		const valAll = labelledRows(data.frame, data.target, rowsWithRole(data, Role.validation));
		const valCodes = classCodes(data.frame, data.target, valAll, classes);
		// Validation images of a class unseen in training cannot be scored; leave them out.
		const valRows = valAll.filter((_, i) => valCodes[i] >= 0);
		const features = shape.columns;

		// tfjs loads on first use, so the page (which imports the catalog for its metadata) never loads it.
		const { chooseBackend, detectBackends } = await import('../../../ml/backends');
		const { autoTrainsOnOwnCpuKernels } = await import('../../../ml/models/mlp-dense');
		const chosen = chooseBackend(ctx.backend === 'auto' ? 'auto' : ctx.backend, await detectBackends());
		const own = autoTrainsOnOwnCpuKernels(params.engine, ctx.backend, chosen);
		const fit = own
			? (await import('../../../ml/conv/cnn-train')).fitCnnKernels
			: async (...args: Parameters<typeof import('../../../ml/models/cnn').fitCnn>) => {
					const { activateBackend } = await import('../../../ml/backends');
					await activateBackend(chosen, { wasmPaths: wasmPaths() });
					return (await import('../../../ml/models/cnn')).fitCnn(...args);
				};
		const epochs = params.epochs;
		const started = Date.now();
		const state = await fit(featureMatrix(data.frame, features, rows), classCodes(data.frame, data.target, rows, classes), {
			height: shape.height,
			width: shape.width,
			channels: shape.channels,
			classes: classes.length,
			filters: params.filters,
			denseUnits: params.denseUnits,
			dropout: params.dropout,
			shift: params.shift,
			flip: params.flip,
			epochs,
			batchSize: params.batchSize,
			learningRate: params.learningRate,
			seed: seedOf(params.seed, ctx.seed),
			signal: ctx.signal,
			validation: valRows.length
				? { X: featureMatrix(data.frame, features, valRows), y: classCodes(data.frame, data.target, valRows, classes) }
				: undefined,
			onEpoch: reportEpochs(ctx, epochs)
		});
		return {
			model: {
				kind: 'model',
				family: 'cnn',
				task: 'classification',
				target: data.target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend: state.backend,
				trainMs: Date.now() - started,
				curves: epochCurves(state.history),
				...(state.stopped ? { stopped: state.stopped } : {})
			}
		};
	}
});
