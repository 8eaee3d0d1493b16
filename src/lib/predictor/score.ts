import { applyRecipe } from '../core/engine/recipe';
import { formatDate } from '../core/frame/display';
import { isMissingToken, parseBooleanToken, parseDateToken, parseNumberToken, trimCell } from '../core/frame/tokens';
import type { Column, Frame } from '../core/frame/types';
import { takeRows } from '../core/frame/verbs';
import type { InputColumn, ModelInput } from '../core/model-file/input';
import type { ModelFile } from '../core/model-file/format';
import { modelOf } from '../core/model-file/build';
import { datasetOf } from '../core/nodes/dataset';
import type { ModelValue } from '../core/nodes/ports';
import { predictionColumns } from '../core/nodes/predictors';
import type { Registry } from '../core/nodes/registry';

/**
 * Scoring on the predictor page, kept free of the DOM so vitest runs it: rows are conformed
 * to the model's input schema (each raw column as the kind it was trained with), rows that
 * do not fit get an error instead of a guess, and the rest go through `applyRecipe` and
 * `predictionColumns` — the studio's Predict node's own code, so the numbers are the same.
 */

/** Why a model cannot be published as a predictor page, or null when it can. */
export function predictorIssue(model: Pick<ModelValue, 'family' | 'estimator'>): string | null {
	// These run on TensorFlow.js, which would make the page tens of megabytes; the page carries
	// only the tabular JS/WebAssembly predictors. A CNN trained on our own kernels (Auto) needs
	// no TensorFlow.js, but its convolution kernels are not in the page's bundle either.
	if (model.family === 'cnn')
		return 'image networks (CNN) are scored by TensorFlow.js or by the convolution kernels, neither of which the predictor page carries';
	if (model.family === 'text-nn') return 'text networks run on TensorFlow.js, which the predictor page does not carry';
	if (model.family === 'mlp') {
		const activation = (model.estimator as { activation?: unknown } | null)?.activation;
		if (activation !== 'relu' && activation !== 'tanh')
			return `an MLP with ${String(activation)} hidden layers is scored by TensorFlow.js, which the predictor page does not carry (relu and tanh networks are supported)`;
	}
	return null;
}

/** A cell of any column as the text a person would type (for echoing rows and re-reading them). */
export function cellText(col: Column, row: number): string | null {
	switch (col.kind) {
		case 'number':
			return Number.isNaN(col.values[row]) ? null : String(col.values[row]);
		case 'date':
			return Number.isNaN(col.values[row]) ? null : formatDate(col.values[row]);
		case 'category':
			return col.codes[row] < 0 ? null : col.dictionary[col.codes[row]];
		case 'boolean':
			return col.codes[row] < 0 ? null : col.codes[row] === 1 ? 'true' : 'false';
		case 'text':
			return col.values[row];
	}
}

/** The raw cell as text, missing tokens (empty, NA, …) as null, as the CSV reader reads them. */
function present(col: Column, row: number): string | null {
	const text = cellText(col, row);
	if (text === null) return null;
	const t = trimCell(text);
	return isMissingToken(t) ? null : t;
}

/** One column of the raw input, converted to the kind the model was trained with. */
function conformColumn(
	spec: InputColumn,
	col: Column,
	n: number,
	fail: (row: number, message: string) => void,
	unseen: (row: number) => void
): Column {
	if (col.kind === spec.kind && spec.kind !== 'category') return { ...col, name: spec.name };
	const quoted = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
	switch (spec.kind) {
		case 'number':
		case 'date': {
			const values = new Float64Array(n);
			for (let i = 0; i < n; i++) {
				const t = present(col, i);
				values[i] = t === null ? NaN : spec.kind === 'number' ? parseNumberToken(t) : parseDateToken(t);
				if (t !== null && Number.isNaN(values[i]))
					fail(i, `${spec.name}: ${quoted(t)} is not ${spec.kind === 'number' ? 'a number' : 'a date (YYYY-MM-DD)'}`);
			}
			return { kind: spec.kind, name: spec.name, values };
		}
		case 'boolean': {
			const codes = new Int32Array(n);
			for (let i = 0; i < n; i++) {
				const t = present(col, i);
				codes[i] = t === null ? -1 : t === '1' ? 1 : t === '0' ? 0 : parseBooleanToken(t);
				if (t !== null && codes[i] < 0) fail(i, `${spec.name}: ${quoted(t)} is not true or false`);
			}
			return { kind: 'boolean', name: spec.name, codes };
		}
		case 'category': {
			// The training levels first, so codes read the same as in training. A level never seen
			// is not an error: it is scored as the studio's fitted encoder scores it (one-hot all
			// zeros, the ordinal encoder's unseen code, native trees as missing), as `tessera
			// predict` does, and counted so the page can say so.
			const dictionary = [...(spec.levels ?? [])];
			const index = new Map(dictionary.map((l, i) => [l, i]));
			const codes = new Int32Array(n);
			for (let i = 0; i < n; i++) {
				const t = present(col, i);
				if (t === null) {
					codes[i] = -1;
					continue;
				}
				let code = index.get(t);
				if (code === undefined) {
					if (!spec.levelsTruncated) unseen(i);
					code = dictionary.length;
					dictionary.push(t);
					index.set(t, code);
				}
				codes[i] = code;
			}
			return { kind: 'category', name: spec.name, codes, dictionary };
		}
		case 'text': {
			const values: (string | null)[] = [];
			for (let i = 0; i < n; i++) values.push(cellText(col, i));
			return { kind: 'text', name: spec.name, values };
		}
	}
}

/**
 * Rows conformed to the model's input: a frame of exactly its raw columns, an error per row
 * that does not fit (null when it does), and per column the count of categories never seen in
 * training (scored all the same).
 */
export function conformRows(input: ModelInput, frame: Frame): { frame: Frame; errors: (string | null)[]; unseen: Map<string, number> } {
	const n = frame.rowCount;
	const errors: (string | null)[] = new Array<string | null>(n).fill(null);
	const fail = (row: number, message: string) => {
		errors[row] = errors[row] === null ? message : `${errors[row]}; ${message}`;
	};
	const unseen = new Map<string, number>();
	const byName = new Map(frame.columns.map((c) => [c.name, c]));
	const columns: Column[] = [];
	const absent: string[] = [];
	for (const spec of input.columns) {
		const col = byName.get(spec.name);
		// An optional column left out is left out: `required` was found by replaying the recipe without it.
		if (!col) {
			if (spec.required) absent.push(spec.name);
			continue;
		}
		columns.push(conformColumn(spec, col, n, fail, () => unseen.set(spec.name, (unseen.get(spec.name) ?? 0) + 1)));
	}
	if (absent.length) {
		const message = `missing column${absent.length > 1 ? 's' : ''}: ${absent.join(', ')}`;
		for (let i = 0; i < n; i++) fail(i, message);
	}
	return { frame: { columns, rowCount: n }, errors, unseen };
}

export interface ScoredRows {
	/** One per input row: the class label or the number; null where the row has an error. */
	readonly predictions: (string | number | null)[];
	/** Classifiers with probabilities: the class labels, and per row one probability per class (null where the row has an error). */
	readonly classes: readonly string[] | null;
	readonly probabilities: (Float64Array | null)[] | null;
	readonly errors: (string | null)[];
	/** Categories never seen in training, per column: scored as the fitted encoder does, and said. */
	readonly unseen: ReadonlyMap<string, number>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Score rows already conformed, writing each result at its row among all rows. */
async function scoreAt(registry: Registry, model: ModelValue, frame: Frame, rows: Uint32Array, out: ScoredRows): Promise<void> {
	const prepared = applyRecipe(registry, datasetOf(takeRows(frame, rows), 'predictor'), model.recipe).frame;
	const [prediction, ...proba] = await predictionColumns(model, prepared);
	rows.forEach((row, i) => {
		if (prediction.kind === 'category') out.predictions[row] = prediction.codes[i] < 0 ? null : prediction.dictionary[prediction.codes[i]];
		else if (prediction.kind === 'number') out.predictions[row] = prediction.values[i];
		if (out.probabilities && proba.length)
			out.probabilities[row] = Float64Array.from(proba, (c) => (c.kind === 'number' ? c.values[i] : NaN));
	});
}

/**
 * Score raw rows (any frame: a dropped CSV, the form's one row). The good rows are scored
 * together; if that fails (a missing value the model cannot take, say), each is scored alone
 * so only the rows at fault get the error. Rows are only dropped from a batch, never
 * reordered, so row-wise steps see the same rows; steps that look across rows (lags, group
 * aggregates) see only the rows that fit.
 */
export async function scoreRows(registry: Registry, file: ModelFile, raw: Frame): Promise<ScoredRows> {
	const model = modelOf(file);
	const { frame, errors, unseen } = conformRows(file.input, raw);
	const n = raw.rowCount;
	const classes = model.task === 'classification' ? (model.classes ?? []) : null;
	const out: ScoredRows = {
		predictions: new Array<string | number | null>(n).fill(null),
		classes,
		probabilities: classes ? new Array<Float64Array | null>(n).fill(null) : null,
		errors,
		unseen
	};
	const good = Uint32Array.from(errors.flatMap((e, i) => (e === null ? [i] : [])));
	if (!good.length) return out;
	try {
		await scoreAt(registry, model, frame, good, out);
	} catch {
		for (const row of good) {
			try {
				await scoreAt(registry, model, frame, Uint32Array.of(row), out);
			} catch (e) {
				errors[row] = message(e);
			}
		}
	}
	return out;
}
