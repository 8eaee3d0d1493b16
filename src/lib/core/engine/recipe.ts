import type { DatasetValue, RecipeStep } from '../nodes/ports';
import type { Registry } from '../nodes/registry';

/**
 * Replay fitted steps on new rows, exactly as in training: the same apply functions
 * with the states fitted on the training rows. Nothing is refitted here.
 */
export function applyRecipe(registry: Registry, data: DatasetValue, recipe: readonly RecipeStep[]): DatasetValue {
	let out = data;
	for (const step of recipe) {
		const def = registry.get(step.type);
		if (!def?.step) throw new Error(`the model's recipe uses "${step.type}", which this app cannot apply`);
		if (def.version !== step.version)
			throw new Error(`the model's recipe uses "${step.type}" version ${step.version}; this app has version ${def.version}. Re-train the model.`);
		out = def.step.apply(out, step.state, step.params);
	}
	return { ...out, recipe };
}
