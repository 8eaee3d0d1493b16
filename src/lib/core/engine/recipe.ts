import type { NodeContext } from '../nodes/define';
import { withRecipeStep } from '../nodes/dataset';
import type { DatasetValue, ModelValue, RecipeStep } from '../nodes/ports';
import type { Registry } from '../nodes/registry';
import { normaliseParams, type ParamValues } from '../nodes/params';

/** What a replayed stateless transform sees when no run is in progress (a unit test, an export). */
const idleContext: NodeContext = {
	signal: new AbortController().signal,
	progress: () => {},
	seed: 0,
	backend: 'auto',
	loadSource: () => Promise.reject(new Error('a replayed step cannot load data')),
	applyRecipe: () => {
		throw new Error('a replayed step cannot replay a recipe');
	}
};

/**
 * Replay fitted steps on new rows, exactly as in training: the same apply functions
 * with the states fitted on the training rows (nothing is refitted), and stateless
 * transforms run again with their params.
 */
export function applyRecipe(
	registry: Registry,
	data: DatasetValue,
	recipe: readonly RecipeStep[],
	ctx: NodeContext = idleContext
): DatasetValue {
	let out = data;
	for (const step of recipe) {
		const def = registry.get(step.type);
		if (!def) throw new Error(`the model's recipe uses "${step.type}", which this app cannot apply`);
		if (def.version !== step.version)
			throw new Error(
				`the model's recipe uses "${step.type}" version ${step.version}; this app has version ${def.version}. Re-train the model.`
			);
		if (def.step) out = def.step.apply(out, step.state, step.params);
		else if (def.replayable) {
			const result = def.run({ data: out }, step.params, ctx);
			const next = result instanceof Promise ? null : result.data;
			if (!next || next.kind !== 'dataset') throw new Error(`"${step.type}" cannot be replayed on new rows`);
			out = next;
		} else throw new Error(`the model's recipe uses "${step.type}", which cannot be replayed on new rows`);
	}
	return { ...out, recipe };
}

/**
 * Train a model again from `data` (the rows its recipe started from, with new roles): every
 * stateful step of its recipe is fitted on the training rows and applied, stateless ones
 * rerun, then the model's own node trains — so no step sees the held-out rows.
 */
export async function retrain(
	registry: Registry,
	data: DatasetValue,
	model: ModelValue,
	ctx: NodeContext,
	overrides?: ParamValues
): Promise<{ data: DatasetValue; model: ModelValue }> {
	const by = model.trainedBy;
	if (!by) throw new Error('this model does not say which node trained it: run its pipeline again');
	let out: DatasetValue = { ...data, recipe: [] };
	for (const step of model.recipe) {
		const def = registry.get(step.type);
		if (!def || def.version !== step.version)
			throw new Error(`the model's recipe uses "${step.type}" version ${step.version}, which this app cannot fit again`);
		if (def.step) {
			const state = await def.step.fit(out, step.params, ctx);
			out = withRecipeStep(def.step.apply(out, state, step.params), { type: step.type, version: step.version, params: step.params, state });
		} else if (def.replayable) {
			const next = (await def.run({ data: out }, step.params, ctx)).data;
			if (!next || next.kind !== 'dataset') throw new Error(`"${step.type}" cannot be run again on the fold's rows`);
			out = withRecipeStep(next, { type: step.type, version: step.version, params: step.params, state: null });
		} else throw new Error(`the model's recipe uses "${step.type}", which cannot be fitted again`);
	}
	const def = registry.get(by.type);
	if (!def || def.step || def.version !== by.version)
		throw new Error(`the model was trained by "${by.type}" version ${by.version}, which this app cannot run again`);
	let params = by.params;
	if (overrides) {
		const { params: merged, errors } = normaliseParams(def.params, { ...by.params, ...overrides });
		if (errors.length) throw new Error(`${def.title}: ${errors.join('; ')}`);
		params = merged;
	}
	const trained = (await def.run({ data: out }, params, ctx)).model;
	if (!trained || trained.kind !== 'model') throw new Error(`"${by.type}" gave no model`);
	return { data: out, model: { ...trained, trainedBy: { type: by.type, version: by.version, params } } };
}
