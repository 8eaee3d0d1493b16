import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PipelineDocument } from '../lib/core/doc/types';
import { MODEL_FILE_EXTENSION, writeModelFile, type ModelFile } from '../lib/core/model-file/format';
import type { Registry } from '../lib/core/nodes/registry';
import { formatBytes } from '../lib/core/doc/safe-json';
import { UsageError } from './args';

/** `--save-model node=path` (run) split into its parts. */
export function parseSaveModel(spec: string): { node: string; path: string } {
	const eq = spec.indexOf('=');
	if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--save-model needs <node-id>=<file${MODEL_FILE_EXTENSION}>, got "${spec}"`);
	return { node: spec.slice(0, eq), path: checkModelPath(spec.slice(eq + 1)) };
}

/** A path to write a model file to must say what it is. */
export function checkModelPath(path: string): string {
	if (!path.endsWith(MODEL_FILE_EXTENSION)) throw new UsageError(`a model file's name must end in ${MODEL_FILE_EXTENSION}, got "${path}"`);
	return path;
}

/** The model nodes of a pipeline, for messages that say what could be saved. */
export function modelNodes(doc: PipelineDocument, registry: Registry): string {
	return doc.nodes
		.filter((n) => registry.get(n.type)?.outputs.model)
		.map((n) => (n.label ? `${n.id} (${n.label})` : n.id))
		.join(', ');
}

/** A model's name from the file it is written to: `churn.tessera-model` → `churn`. */
export function modelFileName(_doc: PipelineDocument | null, path: string): string {
	return basename(path, MODEL_FILE_EXTENSION);
}

export interface SavedModelFile {
	readonly path: string;
	readonly bytes: number;
	readonly family: string;
	readonly node: string | null;
}

export async function saveModelFile(path: string, file: ModelFile): Promise<SavedModelFile> {
	const bytes = await writeModelFile(file);
	await writeFile(path, bytes);
	return { path, bytes: bytes.length, family: file.model.family, node: file.pipeline?.node ?? null };
}

export const describeSaved = (s: SavedModelFile): string => `model (${s.family}) written to ${s.path} (${formatBytes(s.bytes)})`;
