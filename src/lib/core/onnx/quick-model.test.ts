/**
 * The default Quick-model pipeline (Missing values → One-hot → Scale → model) exported for every
 * family Quick model offers, on the samples, and scored on every raw row of the file by Tessera
 * (the Predict path) and by onnxruntime-node: labels identical on every row, probabilities within
 * 1e-5, regression values within 1e-5 relative. With float32 inputs the scaled features moved
 * rows across tree thresholds (1 of 344 penguins, 4 of 1,461 seattle-weather rows).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { modelFamily, quickModelFamilies } from '../nodes/families';
import type { ModelValue, Task } from '../nodes/ports';
import { quickModel } from '../nodes/templates/quick-model';
import { emptyDoc, registry, run } from '../nodes/test-kit';
import { onnxSupport } from './export';
import { featureParity, maxDiff, parity } from './test-kit';

const CASES: readonly (readonly [sample: string, target: string, task: Task])[] = [
	['penguins', 'Species', 'classification'],
	['penguins', 'Sex', 'classification'],
	['iris', 'species', 'classification'],
	['wine', 'cultivar', 'classification'],
	['diabetes', 'progression', 'regression'],
	['seattle-weather', 'weather', 'classification'],
	['seattle-weather', 'temp_max', 'regression']
];

async function quickModelOf(sample: string, target: string, task: Task, family: string): Promise<ModelValue> {
	const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model: family, seed: 42 });
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const node = doc.nodes.find((n) => n.type === modelFamily(family)!.node)!.id;
	return res.outputs.get(node)!.model as ModelValue;
}

const summary: string[] = [];
afterAll(() => {
	// The figures the parity claims rest on, one line per case (vitest prints them with the run).
	console.log(['sample/target family: rows, label mismatches, max |Δp| (or max relative Δ)', ...summary].join('\n'));
});

describe('the default Quick-model pipeline through exportOnnx, every family, every row', () => {
	const cases = CASES.flatMap(([sample, target, task]) =>
		quickModelFamilies(task).map((f) => [`${sample} ${target}`, f.name, sample, target, task] as const)
	);
	it.each(cases)('%s, %s', async (_, family, sample, target, task) => {
		const model = await quickModelOf(sample, target, task, family);
		expect(onnxSupport(model)).toEqual({ ok: true });
		// The features reaching the model are Tessera's, bit for bit, on every row.
		const features = await featureParity(model, sample, target);
		expect(features.differing).toBe(0);
		const { ours, theirs } = await parity(model, sample, target);
		if (task === 'classification') {
			const mismatches = ours.labels!.filter((l, i) => l !== theirs.labels![i]).length;
			const d = maxDiff(ours.proba!, theirs.proba!).abs;
			summary.push(`${sample}/${target} ${family}: ${ours.labels!.length} rows, ${mismatches} mismatches, max |Δp| ${d.toExponential(2)}`);
			expect(mismatches).toBe(0);
			expect(d).toBeLessThan(1e-5);
		} else {
			const d = maxDiff(ours.values!, theirs.values!).rel;
			summary.push(`${sample}/${target} ${family}: ${ours.values!.length} rows, max relative Δ ${d.toExponential(2)}`);
			expect(d).toBeLessThan(1e-5);
		}
	});
});
