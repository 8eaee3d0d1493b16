import type { NodeContext } from '../nodes/define';
import type { DatasetValue, RecipeStep } from '../nodes/ports';
import type { Registry } from '../nodes/registry';

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
			throw new Error(`the model's recipe uses "${step.type}" version ${step.version}; this app has version ${def.version}. Re-train the model.`);
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
