/**
 * Parity harness for the ONNX tests: train a model through the real engine on a sample, score
 * the sample's raw rows with Tessera (the Predict path: applyRecipe, modelMatrix, the family's
 * predict) and with onnxruntime-node on the exported file, and return both.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { addNode, connect } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import { applyRecipe } from '../engine/recipe';
import type { Column, Frame } from '../frame/types';
import { datasetOf } from '../nodes/dataset';
import { modelFamily } from '../nodes/families';
import { modelMatrix } from '../nodes/modeling';
import type { ModelValue } from '../nodes/ports';
import { emptyDoc, registry, run, sampleDataset } from '../nodes/test-kit';
import { exportFeatures, exportOnnx, type OnnxInputColumn } from './export';

export type Steps = readonly (readonly [string, Record<string, unknown>])[];

/** io.dataset → split → steps → model, run by the engine; returns the trained model. */
export async function train(
	sample: string,
	target: string,
	steps: Steps,
	model: readonly [string, Record<string, unknown>]
): Promise<ModelValue> {
	let doc: PipelineDocument = emptyDoc();
	let last: string | null = null;
	let modelId = '';
	for (const [type, params] of [
		['io.dataset', { source: 'sample', sample }],
		['split.train-test', { target, seed: 42 }],
		...steps,
		model
	] as const) {
		const added = addNode(doc, registry, type, { x: 0, y: 0 }, params as never);
		doc = added.doc;
		if (last) {
			const c = connect(doc, registry, { node: last, port: 'data' }, { node: added.id, port: 'data' });
			if (!c.ok) throw new Error(c.reason);
			doc = c.doc;
		}
		last = modelId = added.id;
	}
	const res = await run(doc);
	if (res.errors.size) throw new Error([...res.errors.values()].map(String).join('; '));
	return res.outputs.get(modelId)!.model as ModelValue;
}

/** The sample's raw frame without the target: what new rows look like. */
export function rawFrame(sample: string, target: string): Frame {
	const frame = sampleDataset(sample).frame;
	return { columns: frame.columns.filter((c) => c.name !== target), rowCount: frame.rowCount };
}

export function inputColumns(frame: Frame): OnnxInputColumn[] {
	return frame.columns.map((c) => ({ name: c.name, kind: c.kind, ...(c.kind === 'category' ? { levels: c.dictionary } : {}) }));
}

/** One ORT input per column, [N, 1], as export.ts documents the inputs. */
function feed(col: Column): ort.Tensor {
	const n =
		col.kind === 'text' ? col.values.length : col.kind === 'category' || col.kind === 'boolean' ? col.codes.length : col.values.length;
	switch (col.kind) {
		case 'number':
		case 'date':
			return new ort.Tensor('float64', Float64Array.from(col.values), [n, 1]);
		case 'boolean':
			return new ort.Tensor(
				'float64',
				Float64Array.from(col.codes, (c) => (c < 0 ? NaN : c)),
				[n, 1]
			);
		case 'category':
			return new ort.Tensor(
				'string',
				Array.from(col.codes, (c) => (c < 0 ? '' : col.dictionary[c])),
				[n, 1]
			);
		case 'text':
			return new ort.Tensor(
				'string',
				col.values.map((v) => v ?? ''),
				[n, 1]
			);
	}
}

export interface Scores {
	/** Class labels (classification). */
	readonly labels?: readonly string[];
	/** rows × classes, row-major. */
	readonly proba?: Float64Array;
	readonly values?: Float64Array;
}

/**
 * Tessera's own predictions on the raw rows, as the Predict node makes them. The frame may keep
 * the target column (a labelled file): a recipe that keeps the target by name needs it there.
 */
export async function tesseraScores(model: ModelValue, frame: Frame): Promise<Scores> {
	const data = applyRecipe(registry, datasetOf(frame, 'raw'), model.recipe);
	const rows = Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i);
	const X = modelMatrix(model, data.frame, rows);
	const p = await modelFamily(model.family)!.predict(model.estimator, X);
	if (model.task === 'regression') return { values: p.values! };
	return { labels: Array.from(p.codes!, (c) => model.classes![c]), proba: p.proba! };
}

/** Export, load in onnxruntime-node, score the same raw rows. */
export async function onnxScores(model: ModelValue, frame: Frame, bytes = exportOnnx(model, inputColumns(frame))): Promise<Scores> {
	// Lazy columns add only what the outputs need: an unused constant would mean a step built a column for nothing.
	const graph = fromBinary(ModelProtoSchema, bytes).graph!;
	const read = new Set(graph.node.flatMap((n) => n.input));
	const unused = graph.initializer.filter((t) => !read.has(t.name)).map((t) => t.name);
	if (unused.length) throw new Error(`the graph has unused constants: ${unused.join(', ')}`);
	const session = await ort.InferenceSession.create(bytes);
	const feeds: Record<string, ort.Tensor> = {};
	for (const name of session.inputNames) feeds[name] = feed(frame.columns.find((c) => c.name === name)!);
	const out = await session.run(feeds);
	if (model.task === 'regression') return { values: Float64Array.from(out.variable.data as Float32Array) };
	return { labels: [...(out.label.data as string[])], proba: Float64Array.from(out.probabilities.data as Float32Array) };
}

/** Largest |a − b| and largest |a − b| / max(1, |a|) over two arrays of equal length. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { abs: number; rel: number } {
	if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
	let abs = 0;
	let rel = 0;
	for (let i = 0; i < a.length; i++) {
		const d = Math.abs(a[i] - b[i]);
		if (!(d <= abs)) abs = d;
		const r = d / Math.max(1, Math.abs(a[i]));
		if (!(r <= rel)) rel = r;
	}
	return { abs, rel };
}

/** Both scorings of a sample's rows: Tessera's on the file as read, ONNX Runtime's on its raw columns without the target. */
export async function parity(model: ModelValue, sample: string, target: string): Promise<{ ours: Scores; theirs: Scores }> {
	return { ours: await tesseraScores(model, sampleDataset(sample).frame), theirs: await onnxScores(model, rawFrame(sample, target)) };
}

/**
 * The feature matrix the graph computes from a sample's raw rows against Tessera's (applyRecipe
 * then modelMatrix, as Predict): how many cells differ in any bit (NaN equal to NaN), and the
 * largest relative difference.
 */
export async function featureParity(
	model: ModelValue,
	sample: string,
	target: string
): Promise<{ cells: number; differing: number; rel: number }> {
	const frame = sampleDataset(sample).frame;
	const data = applyRecipe(registry, datasetOf(frame, 'raw'), model.recipe);
	const ours = modelMatrix(
		model,
		data.frame,
		Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i)
	).data;
	const raw = rawFrame(sample, target);
	const session = await ort.InferenceSession.create(exportFeatures(model, inputColumns(raw)));
	const feeds: Record<string, ort.Tensor> = {};
	for (const name of session.inputNames) feeds[name] = feed(raw.columns.find((c) => c.name === name)!);
	const theirs = (await session.run(feeds)).features.data as Float64Array;
	await session.release();
	if (theirs.length !== ours.length) throw new Error(`the graph gives ${theirs.length} feature cells, Tessera ${ours.length}`);
	let differing = 0;
	let rel = 0;
	for (let i = 0; i < ours.length; i++) {
		const a = ours[i];
		const b = theirs[i];
		if (Object.is(a, b) || a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
		differing++;
		const r = Math.abs(a - b) / Math.max(1, Math.abs(a));
		if (!(r <= rel)) rel = r;
	}
	return { cells: ours.length, differing, rel };
}
