/**
 * Test helpers for the family converters: train a model with its real catalog node on a sample,
 * score rows with Tessera's own predict and with ONNX Runtime (onnxruntime-node) on the exported
 * graph, and measure how far apart they are.
 */
import * as ort from 'onnxruntime-node';
import type { Frame } from '../../frame/types';
import type { Matrix } from '../../ml/matrix';
import type { NodeDefinition } from '../../nodes/define';
import { modelFamily } from '../../nodes/families';
import { modelMatrix } from '../../nodes/modeling';
import { defaultParams } from '../../nodes/params';
import type { DatasetValue, ModelValue } from '../../nodes/ports';
import { sampleDataset, testContext } from '../../nodes/test-kit';
import { GraphBuilder } from '../ir';
import { serialiseModel } from '../proto';
import type { OnnxFamilyConverter } from './types';

/** Trains `node` on every labelled row of the sample (no split: parity does not need held-out rows). */
export async function trainOn(node: NodeDefinition, data: DatasetValue, params: Record<string, unknown> = {}): Promise<ModelValue> {
	const out = await node.run!({ data }, { ...defaultParams(node.params), ...params } as never, testContext());
	return out.model as ModelValue;
}

/**
 * A sample with its target set; `holes` blanks every n-th value of the named number columns,
 * `noLabel` turns these target labels into missing ones (penguins' Sex has a stray ".").
 */
export function sample(
	name: string,
	target: string,
	holes: Readonly<Record<string, number>> = {},
	noLabel: readonly string[] = []
): DatasetValue {
	const base = sampleDataset(name);
	const frame = withHoles(base.frame, holes);
	const columns = frame.columns.map((col) =>
		col.name === target && col.kind === 'category' && noLabel.length
			? { ...col, codes: Int32Array.from(col.codes, (c) => (c >= 0 && noLabel.includes(col.dictionary[c]) ? -1 : c)) }
			: col
	);
	return { ...base, target, frame: { ...frame, columns } };
}

function withHoles(frame: Frame, holes: Readonly<Record<string, number>>): Frame {
	const columns = frame.columns.map((col) => {
		const every = holes[col.name];
		if (!every) return col;
		if (col.kind !== 'number') throw new Error(`holes only in number columns; "${col.name}" is ${col.kind}`);
		const values = Float64Array.from(col.values, (v, r) => (r % every === every - 1 ? NaN : v));
		return { ...col, values };
	});
	return { ...frame, columns };
}

/** The model's feature matrix over every row of the frame (NaN where a value is missing or unseen). */
export function allRows(model: ModelValue, data: DatasetValue): Matrix {
	return modelMatrix(
		model,
		data.frame,
		Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i)
	);
}

/** Rows of X then rows of extra (same width). */
export function stack(X: Matrix, extra: readonly (readonly number[])[]): Matrix {
	const data = new Float64Array((X.rows + extra.length) * X.cols);
	data.set(X.data);
	extra.forEach((row, i) => data.set(row, (X.rows + i) * X.cols));
	return { rows: X.rows + extra.length, cols: X.cols, data };
}

export interface ParityResult {
	readonly rows: number;
	/** Classification: largest |p_onnx − p_tessera| over every row and class. */
	readonly maxProbDiff: number;
	/** Classification: rows whose ONNX label is not Tessera's class code. */
	readonly labelMismatches: number;
	/** Regression: largest |v_onnx − v_tessera| / max(1, |v_tessera|). */
	readonly maxValueDiff: number;
}

/** |a − b|; 0 when both are NaN, Infinity when only one is. */
function gap(a: number, b: number): number {
	if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
	return Math.abs(a - b);
}

/** The graph the converter builds on a double input X [N, p] (as export.ts feeds it), serialised. */
export function exportWith(convert: OnnxFamilyConverter, model: ModelValue): Uint8Array {
	const g = new GraphBuilder();
	const X = g.input('X', 'double', [null, model.features.length]);
	const out = convert(g, model, X);
	if (model.task === 'classification') {
		g.output(out.label, 'int64', [null]);
		g.output(out.probabilities!, 'float', [null, model.classes!.length]);
	} else g.output(out.label, 'float', [null, 1]);
	return serialiseModel(g, { name: `parity-${model.family}` });
}

/** Scores X with Tessera and with ONNX Runtime, both reading the same float64 rows. */
export async function parity(convert: OnnxFamilyConverter, model: ModelValue, X: Matrix): Promise<ParityResult> {
	const family = modelFamily(model.family);
	if (!family) throw new Error(`no family ${model.family}`);
	const mine = await family.predict(model.estimator, X);
	const session = await ort.InferenceSession.create(exportWith(convert, model));
	const feeds = { X: new ort.Tensor('float64', Float64Array.from(X.data), [X.rows, X.cols]) };
	const outputs = await session.run(feeds);
	const [first, second] = session.outputNames.map((name) => outputs[name].data);
	let maxProbDiff = 0;
	let labelMismatches = 0;
	let maxValueDiff = 0;
	if (model.task === 'classification') {
		const labels = first as BigInt64Array;
		const proba = second as Float32Array;
		for (let i = 0; i < X.rows; i++) if (Number(labels[i]) !== mine.codes![i]) labelMismatches++;
		for (let i = 0; i < proba.length; i++) maxProbDiff = Math.max(maxProbDiff, gap(proba[i], mine.proba![i]));
	} else {
		const values = first as Float32Array;
		for (let i = 0; i < X.rows; i++) {
			const want = mine.values![i];
			maxValueDiff = Math.max(maxValueDiff, gap(values[i], want) / Math.max(1, Math.abs(want)));
		}
	}
	await session.release();
	return { rows: X.rows, maxProbDiff, labelMismatches, maxValueDiff };
}

/**
 * Rows that sit on split thresholds: for each of up to `nodes` split nodes, a few rows of X with
 * the node's feature set to each of `values(threshold)` (the values where a rounding of the feature
 * or the threshold would decide the branch).
 */
export function thresholdRows(
	X: Matrix,
	splits: readonly { readonly feature: number; readonly threshold: number }[],
	values: (threshold: number) => readonly number[],
	nodes = 120,
	perNode = 3
): number[][] {
	const rows: number[][] = [];
	const step = Math.max(1, Math.floor(splits.length / nodes));
	for (let s = 0; s < splits.length; s += step) {
		const { feature, threshold } = splits[s];
		if (!Number.isFinite(threshold) || Math.abs(threshold) > 3e38) continue;
		for (const v of values(threshold))
			for (let k = 0; k < perNode; k++) {
				const r = (s * 7 + k * 13) % X.rows;
				const row = Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols));
				row[feature] = v;
				rows.push(row);
			}
	}
	return rows;
}

/** The float32 next to v towards +Infinity (up) or -Infinity. */
export function stepFloat32(v: number, up: boolean): number {
	const f = new Float32Array([v]);
	const u = new Int32Array(f.buffer);
	if (f[0] === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
	u[0] += f[0] > 0 === up ? 1 : -1;
	return f[0];
}
