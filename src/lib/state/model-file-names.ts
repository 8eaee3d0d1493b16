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

/** A file name from a model name: characters file systems refuse become `_`. */
export function modelFileName(name: string): string {
	const safe = name.replace(/[^\w\- .@]+/g, '_').trim() || 'model';
	return `${safe.slice(0, 80)}${MODEL_FILE_EXTENSION}`;
}
