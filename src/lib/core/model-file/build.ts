import type { PipelineDocument } from '../doc/types';
import { serialiseDocument } from '../doc/serialise';
import type { Metrics, ModelValue } from '../nodes/ports';
import { fingerprintText } from '../util/fingerprint';
import { TESSERA_VERSION } from '../version';
import { MODEL_FILE_FORMAT, MODEL_FILE_VERSION, ModelFileError, type ModelFile } from './format';

export interface ModelFileSource {
	readonly name: string;
	readonly model: ModelValue;
	readonly metrics: { readonly validation: Metrics | null; readonly test: Metrics | null };
	/** The pipeline that trained it and the node in it (absent for `tessera train`, which has none). */
	readonly pipeline?: { readonly doc: PipelineDocument; readonly node: string };
	/** The training data's names and content hashes, when there is no pipeline to list them. */
	readonly data?: ModelFile['data'];
	readonly registry?: ModelFile['registry'];
	/** The time to record (tests pass a fixed one). */
	readonly now?: Date;
}

/** Whether a trained model can become a model file, and why not. */
export function modelFileIssue(model: ModelValue): string | null {
	if (!model.input)
		return 'it does not record the raw columns it was trained on (it was trained before Tessera recorded them): run its pipeline again';
	return null;
}

/** Assemble a model file's body; `writeModelFile` turns it into bytes. */
export function buildModelFile(src: ModelFileSource): ModelFile {
	const issue = modelFileIssue(src.model);
	if (issue) throw new ModelFileError(`This model cannot be saved as a file: ${issue}.`);
	const { input, ...model } = src.model;
	const text = src.pipeline ? serialiseDocument(src.pipeline.doc) : null;
	const data =
		src.data ??
		(src.pipeline
			? src.pipeline.doc.data.map((d) => ({ name: d.name, hash: d.hash, ...(d.rows !== undefined ? { rows: d.rows } : {}) }))
			: []);
	return {
		format: MODEL_FILE_FORMAT,
		version: MODEL_FILE_VERSION,
		name: src.name,
		createdAt: (src.now ?? new Date()).toISOString(),
		tessera: TESSERA_VERSION,
		model,
		input: input!,
		metrics: src.metrics,
		pipeline: text !== null ? { text, hash: fingerprintText(text), node: src.pipeline!.node } : null,
		data,
		...(src.registry ? { registry: src.registry } : {})
	};
}

/** The trained model a file holds, ready for Predict and the registry (its input restored onto it). */
export function modelOf(file: ModelFile): ModelValue {
	return { ...file.model, input: file.input };
}
