import type { CardEvent } from '$lib/core/lifecycle/model-card';
import { setLimitations, type ModelNameSummary, type ModelVersionSummary } from '$lib/persistence/registry';
import { cardFileName } from './model-file-names';
import { registryModelFile } from './model-files';

/** A model card ready to be saved. */
export interface ModelCardText {
	readonly text: string;
	readonly fileName: string;
}

/** What this browser's registry knows of a version's history, as card lines. */
function browserHistory(entry: ModelNameSummary, v: ModelVersionSummary): CardEvent[] {
	const version = String(v.version);
	const events: CardEvent[] = [{ at: v.created, event: 'registered', version, ...(v.notes ? { detail: v.notes } : {}) }];
	if (entry.inUse === v.version) events.push({ at: null, event: 'in use', version, detail: 'the version a Registered model node loads' });
	else if (entry.history.includes(v.version)) events.push({ at: null, event: 'was in use before', version });
	return events;
}

/**
 * A registry version's model card (core/lifecycle/model-card.ts, the CLI's card), with the
 * limitations typed in, which are kept with the version for its next card. The model file is
 * built by the worker; the card code is a chunk loaded on first use, so the page does not carry
 * the zip reader until someone asks for a card.
 */
export async function registryModelCard(entry: ModelNameSummary, v: ModelVersionSummary, limitations: string): Promise<ModelCardText> {
	await setLimitations(entry.name, v.version, limitations);
	const [{ bytes }, { readModelFile }, { modelCard }] = await Promise.all([
		registryModelFile(entry.name, v.version),
		import('$lib/core/model-file/format'),
		import('$lib/core/lifecycle/model-card')
	]);
	const { file } = await readModelFile(bytes);
	const text = modelCard(file, { name: entry.name, version: String(v.version), history: browserHistory(entry, v), limitations });
	return { text, fileName: cardFileName(entry.name, v.version) };
}
