import type { Experiment, ExperimentAnnotations } from '../core/engine/experiments';
import { db, describeStorageError, type ExperimentRecord } from './db';

/** Store a run's experiments in one transaction: all of them or none. */
export async function saveExperiments(experiments: readonly Experiment[]): Promise<ExperimentRecord[]> {
	const records = experiments.map((e): ExperimentRecord => ({ ...e, notes: '', tags: [], starred: false }));
	if (records.length === 0) return records;
	try {
		await db().transaction('rw', db().experiments, async () => {
			await db().experiments.bulkPut(records);
		});
	} catch (e) {
		throw describeStorageError(e);
	}
	return records;
}

/** Newest first; only one project's when `project` is given. */
export async function listExperiments(project?: string): Promise<ExperimentRecord[]> {
	const table = db().experiments;
	if (project === undefined) return table.orderBy('started').reverse().toArray();
	const found = await table.where('project').equals(project).toArray();
	return found.sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0));
}

export async function getExperiment(id: string): Promise<ExperimentRecord | undefined> {
	return db().experiments.get(id);
}

/** Notes, tags or the star; tags are trimmed, de-duplicated and empty ones dropped. */
export async function updateExperiment(id: string, patch: Partial<ExperimentAnnotations>): Promise<ExperimentRecord> {
	const clean: Partial<ExperimentAnnotations> = { ...patch };
	if (patch.tags) clean.tags = [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))];
	try {
		return await db().transaction('rw', db().experiments, async () => {
			const found = await db().experiments.get(id);
			if (!found) throw new Error('That experiment no longer exists (it was deleted, perhaps in another tab). Reload the list.');
			const next = { ...found, ...clean };
			await db().experiments.put(next);
			return next;
		});
	} catch (e) {
		throw describeStorageError(e);
	}
}

export async function deleteExperiments(ids: readonly string[]): Promise<void> {
	await db().experiments.bulkDelete([...ids]);
}
