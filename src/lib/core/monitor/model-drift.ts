import type { Column, Frame } from '../frame/types';
import type { ModelInput } from '../model-file/input';
import { metricsFor } from '../nodes/catalog/evaluate/evaluate';
import { predictionColumns } from '../nodes/predictors';
import { Role, type DatasetValue, type Metrics, type ModelValue, type RecipeStep, type Task } from '../nodes/ports';
import { columnDrift, driftValues, type ColumnDrift, type DriftOptions, type DriftValues, type SkippedColumn } from './drift';

/** Replays a model's recipe on rows: the node's `ctx.applyRecipe`, or the CLI's `applyRecipe` with its registry. */
export type ApplyRecipe = (data: DatasetValue, recipe: readonly RecipeStep[]) => DatasetValue;

/** Where the model's test metrics come from, said beside them. */
export type TestMetricsSource = 'reference test rows' | 'model file';

/**
 * What a model adds to a drift check: the drift of its predictions (Evidently's "prediction
 * drift": the label for a classifier, the value for a regressor, under the same tests as the
 * columns) and, when the current rows carry the target, its metrics on them beside its test
 * metrics (the drop NannyML and Evidently show once labels arrive).
 */
export interface ModelDrift {
	readonly family: string;
	readonly task: Task;
	readonly target: string;
	readonly prediction: ColumnDrift | SkippedColumn;
	/** Metrics on the current rows that have a target value; null when none has. */
	readonly current: Metrics | null;
	/** Why `current` is null (no target column, no labelled rows), for the view and the CLI. */
	readonly currentNote: string | null;
	readonly test: Metrics | null;
	readonly testSource: TestMetricsSource | null;
}

/**
 * The model's recipe steps still to replay on `data`: all of them on raw rows, or those after
 * the steps `data` has already been through (the output of a step the model was trained after).
 */
export function remainingRecipe(model: ModelValue, data: DatasetValue): readonly RecipeStep[] {
	const done = data.recipe;
	const prefix =
		done.length <= model.recipe.length && done.every((s, i) => s.type === model.recipe[i].type && s.version === model.recipe[i].version);
	if (!prefix)
		throw new Error(
			`the data has been through ${done.map((s) => s.type).join(' → ')}, which the model's recipe does not start with: connect the rows the model's pipeline started from`
		);
	return model.recipe.slice(done.length);
}

/**
 * The model's reference sample (up to 1,000 training rows, the same rows in every column) as a
 * frame the model can score. Text columns are not sampled, so they come back missing; an
 * unlisted category level (beyond the 10,000 kept) comes back missing too.
 */
export function sampleFrame(input: ModelInput): Frame {
	const n = input.sampleRows;
	const columns: Column[] = input.columns.map((c): Column => {
		const r = c.reference;
		if (r.kind === 'number' || r.kind === 'date') return { kind: r.kind, name: c.name, values: Float64Array.from(r.sample) };
		if (r.kind === 'boolean') return { kind: 'boolean', name: c.name, codes: Int32Array.from(r.sample, (i) => (i < 0 ? -1 : i)) };
		if (r.kind === 'category')
			return { kind: 'category', name: c.name, codes: Int32Array.from(r.sample, (i) => (i < 0 ? -1 : i)), dictionary: c.levels ?? [] };
		return { kind: 'text', name: c.name, values: new Array<string | null>(n).fill(null) };
	});
	return { columns, rowCount: n };
}

/** The model's predictions on `data` (raw or partly prepared rows) as drift values. */
async function predictionValues(model: ModelValue, data: DatasetValue, apply: ApplyRecipe): Promise<DriftValues> {
	const prepared = apply({ ...data, roles: null }, remainingRecipe(model, data));
	const [prediction] = await predictionColumns(model, prepared.frame);
	const values = driftValues(prediction);
	if (!values) throw new Error('the model predicts text, which a drift test cannot compare');
	return values;
}

/** Why a model's predictions on the reference sample cannot be trusted, or null. */
function sampleIssue(model: ModelValue, input: ModelInput): string | null {
	const text = input.columns.find((c) => c.kind === 'text' && c.required);
	return text ? `the model reads text column "${text.name}", which its reference sample does not keep` : null;
}

/** The model's metrics on every row of `data` that has a target value, as Evaluate scores them. */
export async function metricsOnRows(
	model: ModelValue,
	data: DatasetValue,
	apply: ApplyRecipe
): Promise<{ metrics: Metrics | null; note: string | null }> {
	if (!data.frame.columns.some((c) => c.name === model.target))
		return { metrics: null, note: `the current rows have no "${model.target}" column, so the model cannot be scored on them` };
	const prepared = apply({ ...data, roles: null }, remainingRecipe(model, data));
	// Evaluate scores the rows of one role; here every current row is in play.
	const metrics = await metricsFor(model, { ...prepared, roles: new Uint8Array(prepared.frame.rowCount).fill(Role.test) }, Role.test);
	return { metrics, note: metrics ? null : `no current row has a "${model.target}" value yet` };
}

export interface ModelDriftInputs {
	readonly model: ModelValue;
	/** Reference rows to score (raw, or partly prepared); null: the model's reference sample. */
	readonly reference: DatasetValue | null;
	readonly current: DatasetValue;
	readonly options: Partial<DriftOptions>;
	readonly apply: ApplyRecipe;
	/** The model's test metrics when known beforehand (a model file's); else from `testRows`. */
	readonly test?: { readonly metrics: Metrics | null; readonly source: TestMetricsSource };
	/** Data whose test rows score the model as Evaluate does (the Split output it was trained from). */
	readonly testRows?: DatasetValue | null;
}

/** Prediction drift and current-versus-test metrics of one model. */
export async function modelDrift(inputs: ModelDriftInputs): Promise<ModelDrift> {
	const { model, reference, current, options, apply } = inputs;
	const base = { family: model.family, task: model.task, target: model.target };
	let prediction: ColumnDrift | SkippedColumn;
	const issue = reference
		? null
		: model.input
			? sampleIssue(model, model.input)
			: 'the model has no reference sample: run its pipeline again';
	if (issue) prediction = { column: 'prediction', reason: issue };
	else {
		const refData = reference ?? {
			kind: 'dataset',
			frame: sampleFrame(model.input!),
			target: null,
			roles: null,
			recipe: [],
			sourceHash: 'model-sample'
		};
		const [ref, cur] = [await predictionValues(model, refData, apply), await predictionValues(model, current, apply)];
		prediction = columnDrift('prediction', ref, cur, options);
	}
	const { metrics, note } = await metricsOnRows(model, current, apply);
	let test = inputs.test ?? null;
	if (!test && inputs.testRows?.roles) {
		const data = inputs.testRows;
		const prepared = apply(data, remainingRecipe(model, data));
		test = { metrics: await metricsFor(model, prepared, Role.test), source: 'reference test rows' };
	}
	return {
		...base,
		prediction,
		current: metrics,
		currentNote: note,
		test: test?.metrics ?? null,
		testSource: test?.metrics ? test.source : null
	};
}
