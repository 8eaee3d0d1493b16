import Dexie from 'dexie';
import type { PipelineDocument } from '../core/doc/types';
import { modelFileIssue } from '../core/model-file/build';
import type { ModelValue } from '../core/nodes/ports';
import { db, describeStorageError, type ModelEvaluation, type ModelNameRecord, type ModelVersionRecord } from './db';
import { storableIssue } from './storable';

/**
 * The model registry (issue 6): named models, each with numbered versions; one version of
 * a name is "in use" (what a Registered model node loads), and the versions in use before
 * are kept so a roll back can return to them.
 */

/** A version as lists show it: everything but the (possibly large) model, pipeline and full figures. */
export type ModelVersionSummary = Omit<ModelVersionRecord, 'model' | 'doc' | 'evaluation'> & {
	/** Why it cannot be downloaded as a model file (modelFileIssue), or null. */
	readonly fileIssue: string | null;
};

export interface ModelNameSummary extends ModelNameRecord {
	/** How many versions are stored. */
	readonly versions: number;
}

export interface SaveModelVersionInput {
	readonly name: string;
	readonly model: ModelValue;
	/** The pipeline that trained it. */
	readonly doc: PipelineDocument;
	/** The node in `doc` that trained it. */
	readonly node: string;
	readonly project: string | null;
	readonly metrics: Readonly<Record<string, number>>;
	/** The same figures in full, for a model file written from this version later. */
	readonly evaluation?: ModelEvaluation;
	readonly notes?: string;
}

export interface SavedVersion {
	readonly name: string;
	readonly version: number;
	/** Whether it became the version in use (only a name's first version does). */
	readonly inUse: boolean;
}

export const MAX_NAME_LENGTH = 80;
/** Versions that were in use before are remembered this far back. */
const MAX_HISTORY = 100;

/** A model name, trimmed; throws a message that says what to change. */
export function checkModelName(raw: string): string {
	const name = raw.trim();
	if (!name) throw new Error('Give the model a name (for example "churn-classifier").');
	if (name.length > MAX_NAME_LENGTH) throw new Error(`The model name is ${name.length} characters long; use at most ${MAX_NAME_LENGTH}.`);
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
		throw new Error('The model name contains a control character (a tab or line break, say); use letters, digits, spaces and punctuation.');
	return name;
}

const tables = () => ({ versions: db().modelVersions, names: db().modelNames });
const versionId = (name: string, version: number) => `${name}@${version}`;
const versionsOf = (name: string) => db().modelVersions.where('[name+version]').between([name, Dexie.minKey], [name, Dexie.maxKey]);
const summary = ({ model, doc: _doc, evaluation: _evaluation, ...rest }: ModelVersionRecord): ModelVersionSummary => ({
	...rest,
	fileIssue: modelFileIssue(model)
});

async function storing<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		throw describeStorageError(e);
	}
}

/** Saves a trained model as the next version of `name`; a name's first version becomes the one in use. */
export async function saveModelVersion(input: SaveModelVersionInput): Promise<SavedVersion> {
	const name = checkModelName(input.name);
	const issue = storableIssue(input.model);
	if (issue)
		throw new Error(`This ${input.model.family} model cannot be stored in the registry: ${issue}. Train it again or save another model.`);
	const { versions, names } = tables();
	return storing(() =>
		db().transaction('rw', versions, names, async () => {
			const now = new Date().toISOString();
			const existing = await names.get(name);
			// Versions are never renumbered, and a deleted version's number is not reused.
			const version = (existing?.lastVersion ?? 0) + 1;
			const inUse = existing?.inUse ?? null;
			const record: ModelVersionRecord = {
				id: versionId(name, version),
				name,
				version,
				created: now,
				project: input.project,
				node: input.node,
				doc: input.doc,
				family: input.model.family,
				task: input.model.task,
				target: input.model.target,
				features: [...input.model.features],
				metrics: { ...input.metrics },
				...(input.evaluation ? { evaluation: input.evaluation } : {}),
				notes: (input.notes ?? '').trim(),
				model: input.model
			};
			await versions.add(record);
			await names.put({ name, inUse: inUse ?? version, history: existing?.history ?? [], lastVersion: version, modified: now });
			return { name, version, inUse: inUse === null };
		})
	);
}

/** Every name, most recently changed first, with its version count. */
export async function listModelNames(): Promise<ModelNameSummary[]> {
	const { versions, names } = tables();
	return db().transaction('r', versions, names, async () => {
		const all = await names.orderBy('modified').reverse().toArray();
		return Promise.all(all.map(async (n) => ({ ...n, versions: await versionsOf(n.name).count() })));
	});
}

/** The versions of a name, newest first (empty for an unknown name). */
export async function listVersions(name: string): Promise<ModelVersionSummary[]> {
	const all = await versionsOf(name).toArray();
	return all.reverse().map(summary);
}

export async function getVersion(name: string, version: number): Promise<ModelVersionRecord | undefined> {
	return db().modelVersions.get(versionId(name, version));
}

export async function getModelName(name: string): Promise<ModelNameRecord | undefined> {
	return db().modelNames.get(name);
}

/** The version of `name` in use, or undefined when the name is unknown. */
export async function inUseVersion(name: string): Promise<ModelVersionRecord | undefined> {
	const { versions, names } = tables();
	return db().transaction('r', versions, names, async () => {
		const entry = await names.get(name);
		return entry?.inUse == null ? undefined : versions.get(versionId(name, entry.inUse));
	});
}

async function requireName(name: string): Promise<ModelNameRecord> {
	const entry = await db().modelNames.get(name);
	if (!entry) throw new Error(`There is no model named "${name}" in this browser's registry.`);
	return entry;
}

/** Marks `version` as the one in use; the version in use before goes onto the history, for a roll back. */
export async function setInUse(name: string, version: number): Promise<void> {
	const { versions, names } = tables();
	await storing(() =>
		db().transaction('rw', versions, names, async () => {
			const entry = await requireName(name);
			if (!(await versions.get(versionId(name, version)))) throw new Error(`"${name}" has no version ${version}.`);
			if (entry.inUse === version) return;
			const history = entry.inUse === null ? entry.history : [...entry.history, entry.inUse].slice(-MAX_HISTORY);
			await names.put({ ...entry, inUse: version, history, modified: new Date().toISOString() });
		})
	);
}

/** Returns to the version that was in use before the current one; returns that version number. */
export async function rollBack(name: string): Promise<number> {
	const { versions, names } = tables();
	return storing(() =>
		db().transaction('rw', versions, names, async () => {
			const entry = await requireName(name);
			const history = [...entry.history];
			const previous = history.pop();
			if (previous === undefined)
				throw new Error(`"${name}" has no earlier version in use to roll back to: mark a version in use instead.`);
			await names.put({ ...entry, inUse: previous, history, modified: new Date().toISOString() });
			return previous;
		})
	);
}

/** Keeps the limitations typed in for a version's model card. */
export async function setLimitations(name: string, version: number, limitations: string): Promise<void> {
	const { versions } = tables();
	await storing(async () => {
		const updated = await versions.update(versionId(name, version), { limitations });
		if (!updated) throw new Error(`"${name}" has no version ${version}.`);
	});
}

/**
 * Deletes a version. The version in use can only go when it is the name's last one (then
 * the name goes too); otherwise mark another version in use first.
 */
export async function deleteVersion(name: string, version: number): Promise<void> {
	const { versions, names } = tables();
	await storing(() =>
		db().transaction('rw', versions, names, async () => {
			const entry = await requireName(name);
			if (!(await versions.get(versionId(name, version)))) throw new Error(`"${name}" has no version ${version}.`);
			const count = await versionsOf(name).count();
			if (entry.inUse === version && count > 1)
				throw new Error(`Version ${version} of "${name}" is in use: mark another version in use (or roll back), then delete it.`);
			await versions.delete(versionId(name, version));
			if (count === 1) {
				await names.delete(name);
				return;
			}
			// A deleted version cannot be rolled back to; neighbours that become equal collapse into one.
			const history = entry.history.filter((v) => v !== version).filter((v, i, a) => i === 0 || v !== a[i - 1]);
			const trimmed = history.at(-1) === entry.inUse ? history.slice(0, -1) : history;
			await names.put({ ...entry, history: trimmed, modified: new Date().toISOString() });
		})
	);
}
