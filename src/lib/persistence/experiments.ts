import { withCurrentDocHash, type Experiment, type ExperimentAnnotations } from '../core/experiments/records';
import { db, describeStorageError, type ExperimentRecord } from './db';

/**
 * Store a run's experiments in one transaction: all of them or none. An experiment is
 * recorded once per node signature: one whose signature is already stored (finished, or
 * ended the same way) is the same experiment run again, and is left out. Returns those stored.
 */
export async function saveExperiments(experiments: readonly Experiment[]): Promise<ExperimentRecord[]> {
	const candidates = experiments.map((e): ExperimentRecord => ({ ...e, notes: '', tags: [], starred: false }));
	if (candidates.length === 0) return candidates;
	try {
		return await db().transaction('rw', db().experiments, async () => {
			const signatures = [...new Set(candidates.flatMap((e) => (e.signature ? [e.signature] : [])))];
			const known = signatures.length ? await db().experiments.where('signature').anyOf(signatures).toArray() : [];
			const records: ExperimentRecord[] = [];
			for (const e of candidates) {
				const same = (o: Experiment) => o.signature === e.signature && (o.status === 'done' || o.status === e.status);
				if (e.signature && (known.some(same) || records.some(same))) continue;
				records.push(e);
			}
			if (records.length) await db().experiments.bulkPut(records);
			return records;
		});
	} catch (e) {
		throw describeStorageError(e);
	}
}

/** Newest first; only one project's when `project` is given. */
export async function listExperiments(project?: string): Promise<ExperimentRecord[]> {
	const table = db().experiments;
	if (project === undefined) return (await table.orderBy('started').reverse().toArray()).map(withCurrentDocHash);
	const found = await table.where('project').equals(project).toArray();
	return found.sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0)).map(withCurrentDocHash);
}

export async function getExperiment(id: string): Promise<ExperimentRecord | undefined> {
	const found = await db().experiments.get(id);
	return found && withCurrentDocHash(found);
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
