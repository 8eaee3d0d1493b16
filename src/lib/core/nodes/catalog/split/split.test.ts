import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { OutputCache } from '../../../engine/cache';
import { runPipeline, type EngineHost } from '../../../engine/run';
import { readCsv } from '../../../readers/csv';
import { emptyDoc, registry } from '../../test-kit';
import type { DatasetValue } from '../../ports';
import { Role } from '../../ports';

/** A CSV → Split(target) pipeline, run; the Split's error (if any), whether it was bad data, and its roles. */
async function split(csv: string, params: Record<string, string | number | boolean>) {
	let doc: PipelineDocument = emptyDoc();
	const a = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'stored', name: 'd.csv', hash: 'h' });
	const b = addNode(a.doc, registry, 'split.train-test', { x: 0, y: 0 }, params);
	const c = connect(b.doc, registry, { node: a.id, port: 'data' }, { node: b.id, port: 'data' });
	if (!c.ok) throw new Error(c.reason);
	doc = c.doc;
	const frame = readCsv(csv);
	const host: EngineHost = { loadSource: async () => ({ frame, hash: 'h', name: 'd.csv' }), sourceHash: async () => 'h' };
	const res = await runPipeline({ doc, registry, cache: new OutputCache(), host });
	const data = res.outputs.get(b.id)?.data as DatasetValue | undefined;
	return { error: res.errors.get(b.id) ?? null, badData: res.badData.has(b.id), roles: data?.roles ?? null };
}

const rows = (n: number, label: (i: number) => string) => ['x,y', ...Array.from({ length: n }, (_, i) => `${i},${label(i)}`)].join('\n');

describe('split.train-test refuses data it cannot split', () => {
	it('three rows: a part left empty is refused with the counts and the minimum (a data error, not a fault)', async () => {
		const r = await split(
			rows(3, (i) => String(i * 1.5)),
			{ target: 'y' }
		);
		expect(r.badData).toBe(true);
		expect(r.error).toBe(
			'Split: 3 rows with a "y" value split into 2 training, 0 validation and 1 test rows: training needs at least 2, validation and test at least 1. Use more rows, or change the fractions (training 0.7, validation 0.15)'
		);
		// Without a validation share the same rows split fine.
		const ok = await split(
			rows(3, (i) => String(i * 1.5)),
			{ target: 'y', validation: 0 }
		);
		expect(ok.error).toBeNull();
		expect(Array.from(ok.roles!).sort()).toEqual([Role.train, Role.train, Role.test].sort());
	});

	it('a class with one row stays whole in training (it cannot be split across parts), as the penguins sample\'s lone "."', async () => {
		const labels = (i: number) => (i === 0 ? 'rare' : i % 2 ? 'a' : 'b');
		const r = await split(rows(40, labels), { target: 'y' });
		expect(r.error).toBeNull();
		expect(r.roles![0]).toBe(Role.train);
	});

	it('enough rows in every class and part: no error', async () => {
		const r = await split(
			rows(40, (i) => (i % 2 ? 'a' : 'b')),
			{ target: 'y' }
		);
		expect([r.error, r.badData]).toEqual([null, false]);
		const counts = [Role.train, Role.validation, Role.test].map((role) => r.roles!.filter((x) => x === role).length);
		expect(counts).toEqual([28, 6, 6]);
	});
});
