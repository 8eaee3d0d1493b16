import { readModelFile } from '../core/model-file/format';
import { buildPredictorHtml } from './build';
import { predictorIssue } from './score';

export { buildPredictorHtml } from './build';
export { predictorIssue } from './score';

/** A model that cannot become a predictor page, with the reason in words a person can act on. */
export class PredictorError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PredictorError';
	}
}

/**
 * The studio's Publish predictor: a model file's bytes in, the predictor page's HTML out.
 * The runtime script is a lazily loaded chunk (runtime-bundle.ts explains how it is built),
 * so the studio pays for it only when someone publishes. Throws ModelFileError for a file that
 * cannot be read and PredictorError for a model the page cannot run.
 */
export async function publishPredictor(modelFileBytes: Uint8Array): Promise<string> {
	const { file } = await readModelFile(modelFileBytes);
	const issue = predictorIssue(file.model);
	if (issue) throw new PredictorError(`"${file.name}" cannot be published as a predictor page: ${issue}.`);
	const { default: runtime } = await import('virtual:tessera-predictor-runtime');
	return buildPredictorHtml(modelFileBytes, runtime, { title: file.name });
}
