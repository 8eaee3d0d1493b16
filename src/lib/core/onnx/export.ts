/**
 * ONNX export of a trained model: the whole recipe and the estimator in one graph, with one
 * input per raw column, as scikit-learn-onnx exports a Pipeline.
 *
 * Inputs, each [N, 1] and named exactly as the column (`onnxInputType`):
 * - number and boolean columns as double (booleans 0/1, NaN = missing), date columns as double
 *   epoch milliseconds (UTC): a client sends the values it read, as float64 (JS numbers, numpy
 *   float64, Java/C# double), not rounded to float32;
 * - category and text columns as string ('' = missing; labels as the CSV reader leaves them,
 *   trimmed).
 * Why double: Tessera computes its features in float64, and a tree compares them with thresholds
 * that are often training values themselves. A float32 input, or a step computed in float32,
 * moves such a row to the other side (the default Quick-model pipeline flipped 1 of 344 penguins
 * labels that way). In double every step computes what Tessera computes, operation for operation,
 * so the features reaching the model are Tessera's bit for bit (the power transform's and the
 * cyclical date parts' Log / Exp / Pow / Sin / Cos excepted: the runtime's may differ from V8's in
 * the last bit), and the model families compute in double too (the MLP in float, as tfjs does).
 *
 * Outputs, plain tensors (never ZipMap, so ONNX Runtime Web reads them):
 * - classification: `label` string [N], the class label (ORT Web reads string tensors, which it
 *   must anyway for category inputs), and `probabilities` float [N, classes], in the order of
 *   the `classes` metadata entry (computed in double and rounded once, within 1e-7 of Tessera's;
 *   the label is decided before that rounding);
 * - regression: `variable` float [N, 1] (likewise rounded once from double; the MLP's from float).
 *
 * Every step and family either has an exact graph or refuses with an OnnxExportError naming it.
 */
import type { ModelValue } from '../nodes/ports';
import { familyConverters, refusedFamilies } from './families';
import { attr, GraphBuilder, OnnxExportError } from './ir';
import { concatColumns, f64, op, where } from './ops';
import { serialiseModel } from './proto';
import type { GraphColumn, StepEnv } from './steps/env';
import { stepConverters } from './steps/index';
import { labelIndex } from './steps/labels';

/** A raw column the recipe starts from (the target excluded). */
export interface OnnxInputColumn {
	readonly name: string;
	readonly kind: 'number' | 'boolean' | 'category' | 'date' | 'text';
	/** Known category labels, recorded in the model's metadata for forms that offer them. */
	readonly levels?: readonly string[];
}

/** How a refusal names a step: its node title when the exporter knows the type, and its place in the recipe. */
function stepName(type: string, index: number): string {
	const title = stepConverters[type]?.title;
	return title ? `${title} (recipe step ${index + 1})` : `${type} (recipe step ${index + 1})`;
}

/** Whether a step refuses whatever columns it meets, and why (rows dropped or read across rows). */
function eagerRefusal(type: string, params: Readonly<Record<string, unknown>>, state: unknown): string | null {
	if (type === 'clean.outliers' && params.action === 'drop')
		return 'it drops the rows with outliers; a model graph scores every row it is given (clip them instead)';
	if (type === 'clean.missing' && typeof state === 'object' && state !== null) {
		const mode = (state as { mode?: unknown }).mode;
		if (mode === 'drop') return 'it drops rows with missing values; a model graph scores every row it is given (fill them instead)';
		if (mode === 'forward-fill') return 'forward-fill reads the previous row; a model graph scores each row on its own';
	}
	return null;
}

/** Whether a model can be exported; if not, the step (or family) that stops it and why, for the disabled button. */
export type OnnxSupport = { readonly ok: true } | { readonly ok: false; readonly step: string; readonly reason: string };

/**
 * Whether this model can be exported, checked without building the graph (for the Export ONNX
 * button). A conversion that only refuses when the model reads its column is caught by
 * `exportOnnx` itself.
 */
export function onnxSupport(model: ModelValue): OnnxSupport {
	const refused = refusedFamilies[model.family];
	if (refused) return { ok: false, step: refused.title, reason: refused.reason };
	if (!familyConverters[model.family]) return { ok: false, step: model.family, reason: 'this model family has no ONNX converter yet' };
	for (const [i, step] of model.recipe.entries()) {
		const conv = stepConverters[step.type];
		if (!conv) return { ok: false, step: stepName(step.type, i), reason: 'this step has no ONNX form' };
		if (conv.version !== step.version)
			return {
				ok: false,
				step: stepName(step.type, i),
				reason: `the step is version ${step.version}; the exporter reads version ${conv.version}`
			};
		const eager = eagerRefusal(step.type, step.params, step.state);
		if (eager) return { ok: false, step: stepName(step.type, i), reason: eager };
	}
	return { ok: true };
}

/**
 * The element type of a raw column's graph input: double for numbers, booleans and dates (the
 * float64 values Tessera computes with, so the features the model reads are Tessera's, bit for
 * bit), string for categories and text. What `tessera onnx` prints, and what a client sends.
 */
export function onnxInputType(kind: OnnxInputColumn['kind']): 'double' | 'string' {
	return kind === 'category' || kind === 'text' ? 'string' : 'double';
}

function inputColumn(g: GraphBuilder, c: OnnxInputColumn): GraphColumn {
	const name = g.input(c.name, onnxInputType(c.kind), [null, 1]);
	const tensor = () => name;
	return c.kind === 'category' ? { kind: 'category', tensor, blank: null } : { kind: c.kind, tensor };
}

/** Feature j of the matrix, double [N, 1], as `modelMatrix` reads it. */
function featureTensor(env: StepEnv, model: ModelValue, name: string): string {
	const col = env.columns.get(name);
	if (!col) throw new OnnxExportError('features', `the model reads "${name}", which the recipe does not produce from the input columns`);
	const levels = model.levels?.[name];
	if (levels) {
		if (col.kind !== 'category')
			throw new OnnxExportError('features', `"${name}" was a category when the model was trained; here it is ${col.kind}`);
		// Codes into the model's levels; a missing or unseen label reads as NaN.
		const at = labelIndex(env, name, col, levels, 'features');
		return where(env.g, op(env.g, 'Less', [at, f64(env.g, 'zero', [0], [])]), f64(env.g, 'nan', [NaN], []), at);
	}
	if (col.kind !== 'number' && col.kind !== 'boolean')
		throw new OnnxExportError('features', `feature "${name}" is ${col.kind}; the model reads numbers`);
	return col.tensor();
}

/**
 * The inputs and recipe of a model's graph, up to its feature matrix X, double [N, p] in
 * `model.features` order; `outputs` are the names the caller will give its outputs (reserved,
 * so no input column takes them).
 */
function featureGraph(model: ModelValue, inputs: readonly OnnxInputColumn[], outputs: readonly string[]): { g: GraphBuilder; X: string } {
	const support = onnxSupport(model);
	if (!support.ok) throw new OnnxExportError(support.step, support.reason);
	const g = new GraphBuilder();
	const env: StepEnv = { g, columns: new Map(), target: model.target };
	for (const c of inputs) {
		if (c.name === model.target) continue;
		env.columns.set(c.name, inputColumn(g, c));
	}
	for (const o of outputs)
		if (!g.reserve(o))
			throw new OnnxExportError('inputs', `an input column is called "${o}", the name of the model's output; rename it first`);

	for (const [i, step] of model.recipe.entries()) stepConverters[step.type].convert(env, step, stepName(step.type, i));

	const X = concatColumns(
		g,
		model.features.map((f) => featureTensor(env, model, f))
	);
	return { g, X };
}

/**
 * The graph of the recipe alone, its one output `features` the double matrix [N, p] the model
 * would read: what the tests compare, cell by cell, with Tessera's own feature matrix.
 */
export function exportFeatures(model: ModelValue, inputs: readonly OnnxInputColumn[]): Uint8Array {
	const { g, X } = featureGraph(model, inputs, ['features']);
	g.nodeTo('Identity', [X], ['features']);
	g.output('features', 'double', [null, model.features.length]);
	return serialiseModel(g, { name: `tessera ${model.family} features`, docString: `The features of Tessera's "${model.target}" model` });
}

/**
 * The ONNX ModelProto bytes of a trained model. `inputs` are the raw columns its recipe starts
 * from (the target, if listed, is left out); each becomes a graph input, used or not, so a
 * caller feeds rows of the file the model was trained on. Throws OnnxExportError naming the
 * step or family that has no exact graph. Missing feature values, which Tessera's predict refuses,
 * come out of the graph as NaN scores.
 */
export function exportOnnx(model: ModelValue, inputs: readonly OnnxInputColumn[]): Uint8Array {
	const outputs = model.task === 'classification' ? ['label', 'probabilities'] : ['variable'];
	const { g, X } = featureGraph(model, inputs, outputs);
	const out = familyConverters[model.family](g, model, X);
	if (model.task === 'classification') {
		const classes = model.classes ?? [];
		if (!out.probabilities) throw new OnnxExportError(model.family, 'the converter gave no probabilities for a classifier');
		g.nodeTo(
			'LabelEncoder',
			[out.label],
			['label'],
			{ keys_int64s: attr.ints(classes.map((_, i) => i)), values_strings: attr.strings(classes), default_string: attr.string('') },
			'ai.onnx.ml'
		);
		g.nodeTo('Identity', [out.probabilities], ['probabilities']);
		g.output('label', 'string', [null]);
		g.output('probabilities', 'float', [null, classes.length]);
	} else {
		g.nodeTo('Identity', [out.label], ['variable']);
		g.output('variable', 'float', [null, 1]);
	}
	return serialiseModel(g, {
		name: `tessera ${model.family}`,
		docString: `Tessera ${model.family} ${model.task} model of "${model.target}"`,
		properties: {
			task: model.task,
			family: model.family,
			target: model.target,
			features: JSON.stringify(model.features),
			...(model.classes ? { classes: JSON.stringify(model.classes) } : {}),
			inputs: JSON.stringify(inputs.filter((c) => c.name !== model.target))
		}
	});
}
