import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClassificationMetrics, MetricsValue } from '../nodes/ports';
import { registry, run } from '../nodes/test-kit';
import { parseDocument } from './serialise';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures');

/**
 * Pipeline files of every released format version, written with the real node catalog:
 * they must keep opening without warnings and keep giving the same numbers.
 */
describe('released pipeline files', () => {
	it('format 1: the penguins Quick model opens cleanly and reproduces its metrics', async () => {
		const parsed = parseDocument(readFileSync(join(FIXTURES, 'penguins-quick-model.v1.json'), 'utf8'), registry);
		if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
		expect(parsed.warnings).toEqual([]);
		expect(parsed.readOnly).toBe(false);
		expect(parsed.doc.nodes.some((n) => n.inert)).toBe(false);
		const res = await run(parsed.doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const metrics = res.outputs.get('metrics-1')!.metrics as MetricsValue;
		const test = metrics.test as ClassificationMetrics;
		// Recorded when the fixture was made (tessera run on this file): 51 test rows, all correct.
		expect(test.rows).toBe(51);
		expect(test.accuracy).toBe(1);
		expect(test.confusion).toEqual([[23, 0, 0], [0, 10, 0], [0, 0, 18]]);
	});
});
