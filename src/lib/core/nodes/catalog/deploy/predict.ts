import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { predictionColumns } from '../../predictors';
import { port, type ModelValue } from '../../ports';

export default defineNode({
	type: 'deploy.predict',
	version: 1,
	category: 'deploy',
	title: 'Predict',
	description:
		'Apply a trained model to raw rows (for example a new file): its fitted preparation steps run first, exactly as in training, then the model adds a prediction column.',
	inputs: { model: port.model('model'), data: port.dataset('raw data') },
	outputs: { data: port.dataset('predictions') },
	params: {},
	// Its columns follow the connected model (task, classes): only a run tells.
	schema: 'unknown',
	run: async (inputs, _params, ctx) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const raw = expectDataset(inputs.data);
		const prepared = ctx.applyRecipe({ ...raw, roles: null }, model.recipe);
		const n = prepared.frame.rowCount;
		const added = await predictionColumns(model, prepared.frame, ctx.compute ? { compute: ctx.compute } : undefined);
		// Show the rows as the user gave them, unless a step dropped rows and they no longer line up.
		const base = raw.frame.rowCount === n ? raw.frame : prepared.frame;
		const kept = base.columns.filter((c) => !added.some((a) => a.name === c.name));
		return { data: withFrame(prepared, { columns: [...kept, ...added], rowCount: n }, null) };
	}
});
