import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelOf } from '../model-file/build';
import { readModelFile } from '../model-file/format';
import { Role, type MetricsValue, type ModelValue } from '../nodes/ports';
import { quickModel } from '../nodes/templates/quick-model';
import { emptyDoc, registry, run } from '../nodes/test-kit';
import { heldOutRows, scoreHeldOut } from './held-out';

async function trained(sample: string, target: string, task: 'classification' | 'regression', model: string, seed = 42) {
	const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed });
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const node = doc.nodes.find((n) => n.type === `model.${model}`)!.id;
	const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
	return { doc, res, node, model: res.outputs.get(node)!.model as ModelValue, metrics };
}

describe('held-out scoring', () => {
	it("replaying a model's recipe on the raw test rows gives exactly the Evaluate node's test metrics", async () => {
		for (const [sample, target, task, family] of [
			['penguins', 'Species', 'classification', 'logistic'],
			['diabetes', 'progression', 'regression', 'linear']
		] as const) {
			const { doc, res, node, model, metrics } = await trained(sample, target, task, family);
			const held = heldOutRows(doc, res.outputs, node);
			expect(held.role).toBe('test');
			expect(held.origin.recipe).toEqual([]);
			expect(held.rows.length).toBe(metrics.test!.rows);
			expect(Array.from(held.rows).every((r) => held.origin.roles![r] === Role.test)).toBe(true);
			expect(await scoreHeldOut(registry, model, held)).toEqual(metrics.test);
		}
	});

	it('another model (the champion) is scored with its own recipe on the same rows', async () => {
		const a = await trained('penguins', 'Species', 'classification', 'logistic', 1);
		// The recorded fixture model (gradient-boosted trees, a recipe of its own) on this run's test rows.
		const bytes = readFileSync(join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model'));
		const champion = modelOf((await readModelFile(new Uint8Array(bytes))).file);
		const held = heldOutRows(a.doc, a.res.outputs, a.node);
		const m = await scoreHeldOut(registry, champion, held);
		expect(m.rows).toBe(held.rows.length);
		expect(m.task).toBe('classification');
		if (m.task === 'classification') expect(m.confusion.flat().reduce((x, y) => x + y, 0)).toBe(held.rows.length);
	});

	it('a pipeline without a split has no held-out rows, and says so', async () => {
		const { doc, res, node } = await trained('penguins', 'Species', 'classification', 'logistic');
		const outputs = new Map(res.outputs);
		const split = doc.nodes.find((n) => n.type === 'split.train-test')!.id;
		const value = outputs.get(split)!.data;
		if (value.kind !== 'dataset') throw new Error('expected a dataset');
		outputs.set(split, { data: { ...value, roles: null } });
		const scale = doc.nodes.find((n) => n.type === 'clean.scale')!.id;
		const scaled = outputs.get(scale)!.data;
		if (scaled.kind !== 'dataset') throw new Error('expected a dataset');
		outputs.set(scale, { data: { ...scaled, roles: null } });
		expect(() => heldOutRows(doc, outputs, node)).toThrow(/has no held-out rows: the pipeline needs a Split before the model/);
	});
});
