import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDoc, registry, SAMPLES } from '../src/lib/core/nodes/test-kit';
import { quickModel } from '../src/lib/core/nodes/templates/quick-model';
import { db } from '../src/lib/persistence/db';
import { listExperiments } from '../src/lib/persistence/experiments';
import { createEngineApi } from './engine-api';

const api = () => createEngineApi({ registry, fetchSample: async (name) => new Uint8Array(readFileSync(join(SAMPLES, `${name}.csv`))) });
const penguins = () => quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'penguins' }, target: 'Species', task: 'classification', model: 'logistic', seed: 42 });

beforeEach(async () => {
	vi.restoreAllMocks();
	await db().delete();
	await db().open();
});

describe('the engine worker records experiments', () => {
	it('a run records one experiment per model node that ran; a re-run served from the cache records none', async () => {
		const engine = api();
		const doc = penguins();
		const first = await engine.run(doc, { backend: 'cpu', project: 'p1' }, () => {});
		expect(first.errors).toEqual({});
		expect(first.warnings).toBeUndefined();
		const saved = await listExperiments('p1');
		expect(saved).toHaveLength(1);
		expect(saved[0]).toMatchObject({ kind: 'model', family: 'logistic', status: 'done', project: 'p1', run: first.runId });
		expect(saved[0].metrics['test accuracy']).toBeGreaterThan(0.9);
		await engine.run(doc, { backend: 'cpu', project: 'p1' }, () => {});
		expect(await listExperiments('p1')).toHaveLength(1);
	});

	it('a full storage quota does not fail the run: the summary carries a warning that says what happened', async () => {
		const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
		vi.spyOn(db().experiments, 'bulkPut').mockRejectedValue(quota);
		const summary = await api().run(penguins(), { backend: 'cpu', project: 'p1' }, () => {});
		expect(summary.errors).toEqual({});
		expect(summary.metrics).not.toEqual({});
		expect(summary.warnings).toEqual([expect.stringMatching(/^This run's experiments were not saved: The browser refused to store more data \(storage quota is full\)/)]);
		expect(await listExperiments('p1')).toHaveLength(0);
	});
});
