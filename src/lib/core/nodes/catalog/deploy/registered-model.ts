import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { NotConfiguredError } from '../../errors';

/**
 * A model from this browser's model registry. It reads state outside the document (which
 * version is in use can change between runs), so its fingerprint is the id of the version it
 * would load: unchanged, it is served from the caches; after a roll back it runs again.
 */
const NO_REGISTRY = "registered models live in this browser's storage; the CLI cannot read them";

export default defineNode({
	type: 'deploy.registered-model',
	version: 1,
	category: 'deploy',
	title: 'Registered model',
	description:
		'A trained model saved in the model registry (Save to registry… on a model result), by name: the version marked in use, or a fixed version. Wire it to Predict to score new rows; after a roll back the next run uses the version in use then.',
	fingerprint: async (params, world) => {
		const name = params.name.trim();
		if (!name) throw new NotConfiguredError('choose the model name it was saved under (the Models page lists them)');
		if (!world.registeredModelKey) throw new Error(NO_REGISTRY);
		return world.registeredModelKey(name, params.version === 0 ? null : params.version);
	},
	inputs: {},
	outputs: { model: port.model('model') },
	params: {
		name: p.string({ default: '', maxLength: 80, label: 'Model name', help: 'The name it was saved under (see the Models page)' }),
		version: p.int({
			default: 0,
			min: 0,
			max: 1_000_000,
			label: 'Version',
			help: '0: the version marked in use; another number: that version'
		})
	},
	run: async (_inputs, params, ctx) => {
		const name = params.name.trim();
		if (!name) throw new NotConfiguredError('choose the model name it was saved under (the Models page lists them)');
		if (!ctx.loadRegisteredModel) throw new Error(NO_REGISTRY);
		const version = params.version;
		return { model: await ctx.loadRegisteredModel(name, version === 0 ? null : version) };
	}
});
