import { engine } from '$lib/client/engine';
import type { ModelExportIssues, ModelFileSummary } from '$lib/core/engine/api';
import type { Studio } from './context';
import { MODEL_FILE_EXTENSION, modelFileName, nodeModelName, onnxFileName, predictorFileName } from './model-file-names';

/**
 * Model files (`.tessera-model`, issue 13) as the page asks for them. The worker, which holds
 * the trained models, builds and reads the files; the page only names them and saves bytes.
 */
export type { ModelExportIssues, ModelFileSummary };
export { MODEL_FILE_EXTENSION, modelFileName, nodeModelName, onnxFileName, predictorFileName };

/** A file ready to be saved by the browser. */
export interface ModelFileDownload {
	readonly bytes: Uint8Array;
	/** `<name>.tessera-model`, safe as a file name. */
	readonly fileName: string;
}

/** Why a node's last-run model cannot be downloaded, or exported to ONNX (null: it can). */
export function nodeModelExports(node: string): Promise<ModelExportIssues> {
	return engine().modelExports(node);
}

/** The model a node trained, as a file named after the project and family. */
export async function nodeModelFile(studio: Studio, node: string, family: string): Promise<ModelFileDownload> {
	const { project } = studio;
	if (!project.doc) throw new Error('Open a project first.');
	const name = nodeModelName(project.name, family);
	return { bytes: await engine().nodeModelFile(project.doc, node, name), fileName: modelFileName(name) };
}

/** A registry version as a file named after its registry name. */
export async function registryModelFile(name: string, version: number): Promise<ModelFileDownload> {
	return { bytes: await engine().registryModelFile(name, version), fileName: modelFileName(name) };
}

/** The model a node trained as an ONNX graph, named as its model file would be. */
export async function nodeOnnxFile(studio: Studio, node: string, family: string): Promise<ModelFileDownload> {
	const name = nodeModelName(studio.project.name, family);
	return { bytes: await engine().nodeOnnxFile(node), fileName: onnxFileName(name) };
}

/** A registry version as an ONNX graph named after its registry name. */
export async function registryOnnxFile(name: string, version: number): Promise<ModelFileDownload> {
	return { bytes: await engine().registryOnnxFile(name, version), fileName: onnxFileName(name) };
}

/** A predictor page: one self-contained HTML file. */
export interface PredictorPage {
	readonly html: string;
	readonly fileName: string;
}

/**
 * The predictor page for a model file's bytes. The builder (and the page's runtime script) is a
 * chunk loaded on first use, so the studio does not carry it until someone publishes.
 */
async function predictorPage(bytes: Uint8Array, name: string): Promise<PredictorPage> {
	const { publishPredictor } = await import('$lib/predictor');
	return { html: await publishPredictor(bytes), fileName: predictorFileName(name) };
}

/** The predictor page for the model a node trained (built from its model file). */
export async function nodePredictorPage(studio: Studio, node: string, family: string): Promise<PredictorPage> {
	const file = await nodeModelFile(studio, node, family);
	return predictorPage(file.bytes, nodeModelName(studio.project.name, family));
}

/** The predictor page for a registry version. */
export async function registryPredictorPage(name: string, version: number): Promise<PredictorPage> {
	return predictorPage(await engine().registryModelFile(name, version), name);
}
