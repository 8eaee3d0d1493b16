import type { Column } from '../../../frame/types';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { modelMatrix } from '../../modeling';
import { predict } from '../../predictors';
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
	run: async (inputs, _params, ctx) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const raw = expectDataset(inputs.data);
		const prepared = ctx.applyRecipe({ ...raw, roles: null }, model.recipe);
		const n = prepared.frame.rowCount;
		const all = Uint32Array.from({ length: n }, (_, i) => i);
		const out = await predict(model, modelMatrix(model, prepared.frame, all));
		const added: Column[] = [];
		if (model.task === 'classification') {
			added.push({ kind: 'category', name: 'prediction', codes: out.codes!, dictionary: model.classes! });
			const k = model.classes!.length;
			if (out.proba)
				model.classes!.forEach((label, c) =>
					added.push({ kind: 'number', name: `p(${label})`, values: Float64Array.from({ length: n }, (_, i) => out.proba![i * k + c]) })
				);
		} else {
			added.push({ kind: 'number', name: 'prediction', values: out.values! });
		}
		// Show the rows as the user gave them, unless a step dropped rows and they no longer line up.
		const base = raw.frame.rowCount === n ? raw.frame : prepared.frame;
		const kept = base.columns.filter((c) => !added.some((a) => a.name === c.name));
		return { data: withFrame(prepared, { columns: [...kept, ...added], rowCount: n }, null) };
	}
});
