/** Names of model files: kept apart from model-files.ts (which talks to the worker) so they test in Node. */

/**
 * core/model-file/format.ts's MODEL_FILE_EXTENSION, repeated rather than imported so the page
 * bundle does not carry the zip reader for a constant (model-file-names.test.ts keeps them equal).
 */
export const MODEL_FILE_EXTENSION = '.tessera-model';

/** The name a model trained in a project gets in its file: project name and family, as the save dialog writes names. */
export function nodeModelName(projectName: string, family: string): string {
	const name = `${projectName.trim() || 'model'} ${family}`.toLowerCase().replace(/\s+/g, '-').replace(/-{2,}/g, '-');
	return name.slice(0, 80);
}

/** A model name made safe as a file name: characters file systems refuse become `_`. */
const safeName = (name: string) => (name.replace(/[^\w\- .@]+/g, '_').trim() || 'model').slice(0, 80);

/** `<name>.tessera-model` */
export function modelFileName(name: string): string {
	return `${safeName(name)}${MODEL_FILE_EXTENSION}`;
}

/** `<name>.onnx` */
export function onnxFileName(name: string): string {
	return `${safeName(name)}.onnx`;
}

/** `<name>.html`: the predictor page. */
export function predictorFileName(name: string): string {
	return `${safeName(name)}.html`;
}

/** `<name>-<version>.card.md`: a version's model card, named as `tessera retrain` names it in a registry folder. */
export function cardFileName(name: string, version: number): string {
	return `${safeName(name)}-${version}.card.md`;
}
