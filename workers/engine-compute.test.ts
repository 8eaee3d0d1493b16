import 'fake-indexeddb/auto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeComputePool } from '../src/cli/compute-threads';
import type { ComputePool } from '../src/lib/core/compute/pool';
import { report, testDoc } from '../src/lib/core/engine/test-nodes';
import { schemaOf } from '../src/lib/core/frame/frame';
import { builtinNodes } from '../src/lib/core/nodes/catalog';
import { defineNode } from '../src/lib/core/nodes/define';
import { port } from '../src/lib/core/nodes/ports';
import { createRegistry } from '../src/lib/core/nodes/registry';
import { readCsv } from '../src/lib/core/readers/csv';
import { abortError } from '../src/lib/core/util/abort';
import { createRandom } from '../src/lib/core/util/random';
import { db } from '../src/lib/persistence/db';
import { createEngineApi } from './engine-api';

/**
 * The engine shares its compute pool between fits and imports (core/compute/lease.ts): an
 * upload started while a fit holds the pool is read and stored before the fit lets go.
 * The "fit" is a node that holds a job on the pool until the test releases it or the run
 * is cancelled, so the order of events is the test, not the time anything takes.
 */
const events: string[] = [];
let release: () => void = () => {};
let holding: () => void = () => {};
const holdsPool = defineNode({
	type: 'test.holds-pool',
	version: 1,
	category: 'clean',
	title: 'Holds the pool',
	description: '',
	inputs: {},
	outputs: { out: port.report() },
	params: {},
	run: async (_i, _p, ctx) => {
		const pool = ctx.compute!;
		const job = await pool.open({ x: pool.alloc(Float64Array, 8) });
		events.push(`fit holds the pool on ${job.parts} threads`);
		holding();
		try {
			await new Promise<void>((resolve, reject) => {
				release = resolve;
				ctx.signal.addEventListener('abort', () => reject(abortError()));
			});
		} finally {
			job.close();
			events.push('fit released the pool');
		}
		return { out: report(job.parts) };
	}
});
const registry = createRegistry([...builtinNodes, holdsPool]);
const pools: ComputePool[] = [];
afterAll(() => pools.forEach((p) => p.close()));
const engine = () => {
	const computePool = nodeComputePool(3);
	pools.push(computePool);
	return createEngineApi({ registry, fetchSample: () => Promise.reject(new Error('no samples here')), computePool });
};
const doc = testDoc([['hold', 'test.holds-pool', {}]], []);

/** Over the parallel reader's threshold (1 MB), with a text column. */
function csv(rows: number): string {
	const random = createRandom(5);
	const lines = ['id,x,city'];
	for (let i = 0; i < rows; i++) lines.push(`${i},${(random() * 2000 - 1000).toFixed(3)},${['Zürich', 'Kraków', '東京'][i % 3]}`);
	return lines.join('\n') + '\n';
}
const text = csv(80_000);

beforeEach(async () => {
	events.length = 0;
	await db().delete();
	await db().open();
});

describe('an upload while a fit holds the compute pool', () => {
	it('is read and stored before the fit lets go of the pool, with the columns the sequential reader finds', async () => {
		expect(new TextEncoder().encode(text).length).toBeGreaterThan(1 << 20);
		const e = engine();
		const held = new Promise<void>((resolve) => (holding = resolve));
		const running = e.run(doc, { backend: 'cpu', project: 'p' }, () => {});
		await held;
		const meta = await e.importFile(new Blob([text]), 'big.csv', () => {});
		events.push(`imported ${meta.rows} rows`);
		release();
		const summary = await running;
		expect(summary.errors).toEqual({});
		expect(events).toEqual(['fit holds the pool on 4 threads', 'imported 80000 rows', 'fit released the pool']);
		const source = await e.inspectSource({ kind: 'stored', name: meta.name, hash: meta.hash });
		expect(source.schema).toEqual(schemaOf(readCsv(text)));
	});

	it('Cancel of the upload stops only the upload; Cancel of the run then stops the fit', async () => {
		const e = engine();
		const held = new Promise<void>((resolve) => (holding = resolve));
		const running = e.run(doc, { backend: 'cpu', project: 'p' }, () => {});
		await held;
		const importing = e.importFile(new Blob([text]), 'big.csv', () => void e.cancelImport());
		await expect(importing).rejects.toMatchObject({ name: 'AbortError' });
		events.push('import cancelled');
		await e.cancelRun();
		const summary = await running;
		expect(summary.cancelled).toBe(true);
		expect(events).toEqual(['fit holds the pool on 4 threads', 'import cancelled', 'fit released the pool']);
		// The pool is free again: the next upload is read whole.
		const meta = await e.importFile(new Blob([text]), 'big.csv', () => {});
		expect(meta.rows).toBe(80_000);
	});
});
