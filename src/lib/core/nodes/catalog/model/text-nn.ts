import type { Frame } from '../../../frame/types';
import { wasmPaths } from '../../../ml/wasm-paths';
import { requireColumn } from '../../columns';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows } from '../../modeling';
import { p, seedOf } from '../../params';
import { port, Role, type RecipeStep } from '../../ports';
import { TOKEN_PREFIX } from '../features/text-sequence';
import { epochCurves, reportEpochs } from './epoch-progress';

/** The tok_0 … tok_{L-1} columns in word order. */
function tokenColumns(frame: Frame): string[] {
	const re = new RegExp(`^${TOKEN_PREFIX}(\\d+)$`);
	return frame.columns
		.map((c) => ({ name: c.name, at: re.exec(c.name) }))
		.filter((c): c is { name: string; at: RegExpExecArray } => c.at !== null)
		.sort((a, b) => Number(a.at[1]) - Number(b.at[1]))
		.map((c) => c.name);
}

/**
 * Embedding rows: the fitted vocabulary + padding + unknown when the Text to sequence step
 * is in the recipe, and never fewer than the largest id in the data + 1 (ids made another way).
 */
function vocabularyRows(frame: Frame, features: readonly string[], recipe: readonly RecipeStep[]): number {
	let rows = 2;
	for (const step of recipe) {
		const words = (step.state as { words?: unknown } | null)?.words;
		if (step.type === 'features.text-sequence' && Array.isArray(words)) rows = Math.max(rows, words.length + 2);
	}
	for (const name of features) {
		const col = requireColumn(frame, name);
		if (col.kind !== 'number')
			throw new Error(`token column "${name}" is ${col.kind}; it must hold token ids from a Text to sequence node`);
		for (const v of col.values) if (v + 1 > rows) rows = v + 1;
	}
	return rows;
}

export default defineNode({
	type: 'model.text-nn',
	version: 1,
	category: 'model',
	title: 'Text classifier (network)',
	description:
		'A small neural network for text trained with TensorFlow.js: a word embedding, then a 1-D convolution or a GRU, and a softmax output. Reads the tok_ columns of a Text to sequence node, so it sees word order ("not good") that word counts miss.',
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model') },
	params: {
		architecture: p.choice(['conv1d', 'gru'], {
			default: 'conv1d',
			label: 'Architecture',
			help: 'conv1d: filters over short runs of words, the strongest kept per text (fast); gru: a recurrent layer reads the words in order (slower, about 4× per epoch). Both train on every backend, WASM included'
		}),
		embeddingSize: p.int({
			default: 32,
			min: 1,
			max: 512,
			tune: { min: 16, max: 128, log: true },
			label: 'Embedding size',
			help: 'Numbers learnt per word; more can separate more meanings but need more training text'
		}),
		units: p.int({
			default: 32,
			min: 1,
			max: 1024,
			tune: { min: 16, max: 128, log: true },
			label: 'Filters / units',
			help: 'Filters of the convolution or units of the GRU: the width of what the network remembers about a text'
		}),
		window: p.int({
			default: 3,
			min: 1,
			max: 15,
			label: 'Window (conv1d)',
			help: 'Neighbouring words each convolution filter reads at once; use an odd number. Ignored by the GRU'
		}),
		dropout: p.number({
			default: 0.3,
			min: 0,
			max: 0.9,
			tune: { min: 0, max: 0.5 },
			label: 'Dropout',
			help: 'Share of the text summary dropped in each training batch; guards against memorising the training texts'
		}),
		epochs: p.int({
			default: 10,
			min: 1,
			max: 10_000,
			label: 'Epochs',
			help: 'Passes over the training texts; Cancel keeps the weights of the last whole epoch'
		}),
		batchSize: p.int({
			default: 32,
			min: 1,
			max: 4096,
			label: 'Batch size',
			help: 'Texts per gradient step; larger batches run faster per epoch but learn less per epoch'
		}),
		learningRate: p.number({
			default: 0.005,
			min: 1e-6,
			max: 1,
			tune: { min: 1e-4, max: 0.02, log: true },
			label: 'Learning rate (Adam)',
			help: 'Step size of the Adam optimiser; lower it if the loss jumps or becomes non-finite'
		}),
		seed: p.seed({ help: 'Initial weights, batch order and dropout; the same seed on the same backend gives the same model' })
	},
	usesBackend: true,
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the label column as the target');
		const features = tokenColumns(data.frame);
		if (!features.length)
			throw new Error(
				`no token columns (${TOKEN_PREFIX}0, ${TOKEN_PREFIX}1, …): add a Text to sequence node on the text column before the model`
			);
		const targetCol = requireColumn(data.frame, data.target);
		if (targetCol.kind === 'date' || targetCol.kind === 'text')
			throw new Error(`target "${data.target}" is ${targetCol.kind}, not a class: choose the label column`);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const classes = classesIn(data.frame, data.target, rows);
		if (classes.length < 2) throw new Error('the training texts hold only one class');
		const valAll = labelledRows(data.frame, data.target, rowsWithRole(data, Role.validation));
		const valCodes = classCodes(data.frame, data.target, valAll, classes);
		const valRows = valAll.filter((_, i) => valCodes[i] >= 0);
		const vocabulary = vocabularyRows(data.frame, features, data.recipe);

		// tfjs loads on first use, so the page (which imports the catalog for its metadata) never loads it.
		const { activateBackend, chooseBackend, detectBackends } = await import('../../../ml/backends');
		const { fitTextNn } = await import('../../../ml/models/text-nn');
		const backend = await activateBackend(chooseBackend(ctx.backend === 'auto' ? 'auto' : ctx.backend, await detectBackends()), {
			wasmPaths: wasmPaths()
		});
		const epochs = params.epochs;
		const started = Date.now();
		const state = await fitTextNn(featureMatrix(data.frame, features, rows), classCodes(data.frame, data.target, rows, classes), {
			vocabulary,
			classes: classes.length,
			architecture: params.architecture === 'gru' ? 'gru' : 'conv1d',
			embedding: params.embeddingSize,
			units: params.units,
			window: params.window,
			dropout: params.dropout,
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
				family: 'text-nn',
				task: 'classification',
				target: data.target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend,
				trainMs: Date.now() - started,
				curves: epochCurves(state.history),
				...(state.stopped ? { stopped: state.stopped } : {})
			}
		};
	}
});
