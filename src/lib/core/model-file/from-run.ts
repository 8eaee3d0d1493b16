import type { PipelineDocument } from '../doc/types';
import { metricsFor } from '../nodes/catalog/evaluate/evaluate';
import { Role, type DatasetValue, type ModelValue, type PortValue } from '../nodes/ports';
import { buildModelFile } from './build';
import { ModelFileError, type ModelFile } from './format';

/** The trained model a node produced in a run, and the dataset it was trained on (its `data` input). */
export function trainedModel(
	doc: PipelineDocument,
	outputs: ReadonlyMap<string, Readonly<Record<string, PortValue>>>,
	node: string
): { model: ModelValue; data: DatasetValue | null } {
	const docNode = doc.nodes.find((n) => n.id === node || n.label === node);
	if (!docNode) throw new ModelFileError(`the pipeline has no node "${node}"`);
	const model = Object.values(outputs.get(docNode.id) ?? {}).find((v): v is ModelValue => v.kind === 'model');
	if (!model) throw new ModelFileError(`node "${node}" has no trained model (did it run? is it a model node?)`);
	const edge = doc.edges.find((e) => e.to.node === docNode.id && e.to.port === 'data');
	const data = edge ? outputs.get(edge.from.node)?.[edge.from.port] : undefined;
	return { model, data: data?.kind === 'dataset' ? data : null };
}

/**
 * A model file for a node of a finished run: the model, its validation and test metrics
 * (scored on the rows it was trained with, as Evaluate does) and the pipeline that trained it.
 */
export async function modelFileFromRun(
	doc: PipelineDocument,
	outputs: ReadonlyMap<string, Readonly<Record<string, PortValue>>>,
	node: string,
	name: string,
	data?: ModelFile['data']
): Promise<ModelFile> {
	const found = trainedModel(doc, outputs, node);
	const nodeId = doc.nodes.find((n) => n.id === node || n.label === node)!.id;
	const metrics =
		found.data?.roles != null
			? {
					validation: await metricsFor(found.model, found.data, Role.validation),
					test: await metricsFor(found.model, found.data, Role.test)
				}
			: { validation: null, test: null };
	return buildModelFile({ name, model: found.model, metrics, pipeline: { doc, node: nodeId }, ...(data ? { data } : {}) });
}
