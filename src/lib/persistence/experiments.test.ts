import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '../core/doc/create';
import type { Experiment } from '../core/experiments/records';
import { db } from './db';
import { deleteExperiments, getExperiment, listExperiments, saveExperiments, updateExperiment } from './experiments';

beforeEach(async () => {
	await db().delete();
	await db().open();
});

function exp(run: string, node: string, project: string | null, started: string): Experiment {
	return {
		id: `${run}:${node}`,
		run,
		project,
		projectName: project ?? 'none',
		node,
		nodeType: 'model.tree',
		title: 'Decision tree',
		kind: 'model',
		family: 'tree',
		task: 'classification',
		started,
		ms: 12,
		backend: 'typed-arrays',
		status: 'done',
		doc: createDocument('Churn'),
		docHash: 'h',
		datasets: ['d1'],
		params: { depth: 3, columns: ['a', 'b'] },
		metrics: { 'test accuracy': 0.9 },
		curves: { loss: [0.7, 0.5] }
	};
}

describe('experiments', () => {
	it('saves a run, lists newest first (all, or one project), annotates and deletes', async () => {
		await saveExperiments([exp('r1', 'm', 'p1', '2026-11-27T06:00:00.000Z'), exp('r1', 'cv', 'p1', '2026-11-27T06:00:00.000Z')]);
		await saveExperiments([exp('r2', 'm', 'p2', '2026-11-27T06:05:00.000Z')]);
		await saveExperiments([exp('r3', 'm', 'p1', '2026-11-27T06:10:00.000Z')]);
		expect((await listExperiments()).map((e) => e.id)).toEqual(['r3:m', 'r2:m', 'r1:m', 'r1:cv']);
		expect((await listExperiments('p1')).map((e) => e.id)).toEqual(['r3:m', 'r1:cv', 'r1:m']);
		const saved = (await getExperiment('r1:m'))!;
		expect(saved).toMatchObject({
			notes: '',
			tags: [],
			starred: false,
			params: { depth: 3, columns: ['a', 'b'] },
			curves: { loss: [0.7, 0.5] }
		});
		expect(saved.doc.meta.name).toBe('Churn');

		const updated = await updateExperiment('r1:m', {
			notes: 'deeper trees next',
			tags: [' baseline ', 'trees', 'baseline', ''],
			starred: true
		});
		expect(updated).toMatchObject({ notes: 'deeper trees next', tags: ['baseline', 'trees'], starred: true });
		await updateExperiment('r1:m', { starred: false });
		expect(await getExperiment('r1:m')).toMatchObject({ notes: 'deeper trees next', tags: ['baseline', 'trees'], starred: false });
		// Tags are indexed (multi-entry): every experiment tagged 'trees'.
		expect((await db().experiments.where('tags').equals('trees').toArray()).map((e) => e.id)).toEqual(['r1:m']);

		await deleteExperiments(['r1:m', 'r3:m']);
		expect((await listExperiments()).map((e) => e.id)).toEqual(['r2:m', 'r1:cv']);
		await expect(updateExperiment('r1:m', { notes: 'x' })).rejects.toThrow(/no longer exists/);
	});

	it('saves nothing for a run without experiments', async () => {
		expect(await saveExperiments([])).toEqual([]);
		expect(await listExperiments()).toEqual([]);
	});
});

describe('experiments by signature (issue 11)', () => {
	const signed = (run: string, node: string, signature: string | undefined, status: Experiment['status'] = 'done'): Experiment => ({
		...exp(run, node, 'p1', `2026-11-27T06:0${run.slice(1)}:00.000Z`),
		status,
		...(signature ? { signature } : {})
	});

	it('records an unchanged node run again once, before or after a reload; another signature is another experiment', async () => {
		expect(await saveExperiments([signed('r1', 'm', 'sig-a')])).toHaveLength(1);
		expect(await saveExperiments([signed('r2', 'm', 'sig-a')])).toEqual([]);
		expect(await saveExperiments([signed('r3', 'm', 'sig-b')])).toHaveLength(1);
		// Two identical nodes in one run are one experiment too.
		expect(await saveExperiments([signed('r4', 'm', 'sig-c'), signed('r4', 'm2', 'sig-c')])).toHaveLength(1);
		expect((await listExperiments('p1')).map((e) => e.id)).toEqual(['r4:m', 'r3:m', 'r1:m']);
		expect((await db().experiments.where('signature').equals('sig-a').toArray()).map((e) => e.id)).toEqual(['r1:m']);
	});

	it('a run that finished after one that was cancelled or failed is recorded; old records without a signature stay valid', async () => {
		await saveExperiments([signed('r1', 'm', 'sig-a', 'cancelled')]);
		expect(await saveExperiments([signed('r2', 'm', 'sig-a', 'cancelled')])).toEqual([]);
		expect(await saveExperiments([signed('r3', 'm', 'sig-a', 'done')])).toHaveLength(1);
		expect(await saveExperiments([signed('r4', 'm', 'sig-a', 'cancelled')])).toEqual([]);
		await saveExperiments([signed('r5', 'm', undefined), signed('r6', 'm', undefined)]);
		expect((await listExperiments('p1')).map((e) => e.id)).toEqual(['r6:m', 'r5:m', 'r3:m', 'r1:m']);
	});
});
