import { db, type RunRecord } from './db';

export async function recordRun(run: RunRecord): Promise<void> {
	await db().runs.put(run);
}

export async function listRuns(project: string): Promise<RunRecord[]> {
	return db().runs.where('project').equals(project).reverse().sortBy('started');
}
