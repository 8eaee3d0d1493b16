import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '$lib/core/doc/create';
import type { Experiment } from '$lib/core/experiments/records';
import { db } from '$lib/persistence/db';
import { saveExperiments } from '$lib/persistence/experiments';
import { getProject } from '$lib/persistence/projects';
import { ExperimentsState } from './experiments.svelte';

beforeEach(async () => {
	await db().delete();
	await db().open();
});

function exp(id: string, started: string, metrics: Record<string, number>, extra: Partial<Experiment> = {}): Experiment {
	return {
		id,
		run: id,
		project: 'p',
		projectName: 'Churn',
		node: 'm',
		nodeType: 'model.tree',
		title: 'Decision tree',
		kind: 'model',
		family: 'tree',
		task: 'classification',
		started,
		ms: 10,
		backend: 'typed-arrays',
		status: 'done',
		doc: createDocument('Churn'),
		docHash: 'h',
		datasets: [],
		params: { depth: 3 },
		metrics,
		curves: {},
		...extra
	};
}

describe('ExperimentsState', () => {
	it('sorts by a metric (missing values last either way), filters, selects, annotates and exports what is visible', async () => {
		await saveExperiments([
			exp('a', '2026-11-27T06:00:00.000Z', { 'test accuracy': 0.9 }),
			exp('b', '2026-11-27T06:01:00.000Z', {}, { kind: 'cross-validation', title: 'Cross-validate' }),
			exp('c', '2026-11-27T06:02:00.000Z', { 'test accuracy': 0.95 })
		]);
		const s = new ExperimentsState();
		await s.load();
		const ids = () => s.rows.map((r) => r.record.id);
		expect(ids()).toEqual(['c', 'b', 'a']); // newest first
		s.sortBy({ key: 'test accuracy', numeric: true });
		expect([s.sortDirection, ids()]).toEqual(['descending', ['c', 'a', 'b']]);
		s.sortBy({ key: 'test accuracy', numeric: true });
		expect([s.sortDirection, ids()]).toEqual(['ascending', ['a', 'c', 'b']]);
		s.sortBy({ key: 'title', numeric: false });
		// Ties keep the stored order: newest first.
		expect([s.sortDirection, ids()]).toEqual(['ascending', ['b', 'c', 'a']]);

		s.kind = 'cross-validation';
		expect(ids()).toEqual(['b']);
		s.kind = 'all';
		await s.annotate('a', { tags: ['baseline'], starred: true });
		s.filter = 'BASELINE';
		expect(ids()).toEqual(['a']);
		s.filter = '';
		s.starredOnly = true;
		expect(ids()).toEqual(['a']);
		s.starredOnly = false;

		s.toggleSelected('c');
		s.toggleSelected('a');
		expect(s.selectedRecords.map((r) => r.id)).toEqual(['c', 'a']);
		s.toggleAllVisible();
		expect([...s.selected].sort()).toEqual(['a', 'b', 'c']);
		s.toggleAllVisible();
		expect(s.selected).toEqual([]);

		s.kind = 'model';
		expect(
			s
				.csv()
				.trimEnd()
				.split('\r\n')
				.map((l) => l.split(',')[0])
		).toEqual(['id', 'c', 'a']); // in the order shown
		expect(JSON.parse(s.json()).experiments.map((e: { id: string }) => e.id)).toEqual(['c', 'a']);

		await s.remove(['c']);
		expect(s.records.map((r) => r.id)).toEqual(['b', 'a']);
		const restored = await s.restore('a');
		expect((await getProject(restored!))!.name).toBe('Churn (restored 2026-11-27 06:00)');
	});
});
