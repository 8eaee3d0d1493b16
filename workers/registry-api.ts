import type { PipelineDocument } from '../src/lib/core/doc/types';
import type { RegisteredModelVersion } from '../src/lib/core/engine/api';
import { modelNodeMetrics } from '../src/lib/core/engine/run-metrics';
import type { NodeOutputs } from '../src/lib/core/nodes/define';
import type { ModelValue } from '../src/lib/core/nodes/ports';
import type { Registry } from '../src/lib/core/nodes/registry';
import { evaluationOf } from './model-file-api';
import { getModelName, getVersion, inUseVersion, listVersions, saveModelVersion } from '../src/lib/persistence/registry';

/**
 * The engine worker's side of the model registry: saving a trained node's model (which
 * only the worker holds) and loading a registered model for the Registered model node.
 */
export interface RegistryApi {
	/** Remember which document produced these nodes' outputs: the pipeline a saved model came from. */
	noteRun(doc: PipelineDocument, nodes: Iterable<string>): void;
	/** The document the node's outputs came from (its last run), if it ran this session. */
	trainedIn(node: string): PipelineDocument | undefined;
	registerModel(doc: PipelineDocument, node: string, name: string, notes: string, project: string | null): Promise<RegisteredModelVersion>;
	loadRegisteredModel(name: string, version: number | null): Promise<ModelValue>;
	/** The id of the version `loadRegisteredModel` would load: the Registered model node's fingerprint. */
	registeredModelKey(name: string, version: number | null): Promise<string>;
}

/** The stored version a name resolves to (`version` null: the one in use), or a message saying what to do. */
async function findVersion(name: string, version: number | null) {
	if (!(await getModelName(name)))
		throw new Error(
			`there is no model named "${name}" in this browser's registry: check the name on the Models page, or save a model under it (Save to registry… on a model's result)`
		);
	const record = version === null ? await inUseVersion(name) : await getVersion(name, version);
	if (record) return record;
	if (version === null) throw new Error(`"${name}" has no version marked in use: mark one on the Models page`);
	const known = (await listVersions(name)).map((v) => v.version).reverse();
	throw new Error(
		`"${name}" has no version ${version} (it has ${known.join(', ')}): set Version to one of those, or 0 for the version in use`
	);
}

export function createRegistryApi(outputs: ReadonlyMap<string, NodeOutputs>, registry: Registry): RegistryApi {
	const producedBy = new Map<string, PipelineDocument>();

	return {
		noteRun(doc, nodes) {
			for (const id of nodes) producedBy.set(id, doc);
		},

		trainedIn(node) {
			return producedBy.get(node);
		},

		async registerModel(doc, node, name, notes, project) {
			const spec = doc.nodes.find((n) => n.id === node);
			const title = spec ? `"${spec.label ?? registry.get(spec.type)?.title ?? spec.type}"` : 'This node';
			const out = outputs.get(node);
			if (!out) throw new Error(`${title} has no result yet: run it, then save its model.`);
			const model = Object.values(out).find((v): v is ModelValue => v.kind === 'model');
			if (!model) throw new Error(`${title} gives no trained model to save: select a model node (for example Boosted trees) that has run.`);
			// The pipeline as it was when the model was trained, not as edited since.
			const trainedIn = producedBy.get(node) ?? doc;
			return saveModelVersion({
				name,
				model,
				doc: trainedIn,
				node,
				project,
				metrics: modelNodeMetrics(trainedIn, outputs, node),
				// In full, so a model file downloaded from the Models page later records them.
				evaluation: await evaluationOf(trainedIn, outputs, node, model),
				notes
			});
		},

		async loadRegisteredModel(name, version) {
			return (await findVersion(name, version)).model;
		},

		async registeredModelKey(name, version) {
			// `name@version` plus when it was saved: a version number deleted and saved again is another model.
			const record = await findVersion(name, version);
			return `${record.id}#${record.created}`;
		}
	};
}
