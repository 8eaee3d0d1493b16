import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../nodes/ports';
import { exportOnnx, onnxSupport } from './export';
import { OnnxExportError } from './ir';
import { registry } from '../nodes/test-kit';
import { stepConverters } from './steps/index';
import { inputColumns, maxDiff, parity, rawFrame, train } from './test-kit';

/** A model of a family whose state the refusal never reads. */
function modelOf(family: string): ModelValue {
	return {
		kind: 'model',
		family,
		task: 'classification',
		target: 'y',
		features: ['x'],
		classes: ['a', 'b'],
		recipe: [],
		estimator: {},
		backend: 'cpu',
		trainMs: 0,
		curves: {}
	};
}

const penguins = () => inputColumns(rawFrame('penguins', 'Species'));
const logistic = ['model.logistic', { C: 1 }] as const;

describe('what ONNX export refuses, and why', () => {
	it.each([
		['cnn', 'Image classifier (CNN)', 'a convolution network read from pixels; this exporter does not translate convolution graphs'],
		['text-nn', 'Text classifier (network)', 'it tokenises raw text inside the model, and ONNX has no operator for its tokeniser']
	])('the %s family, with a reason for the disabled button', (family, step, reason) => {
		expect(onnxSupport(modelOf(family))).toEqual({ ok: false, step, reason });
		expect(() => exportOnnx(modelOf(family), [{ name: 'x', kind: 'number' }])).toThrow(OnnxExportError);
		expect(() => exportOnnx(modelOf(family), [{ name: 'x', kind: 'number' }])).toThrow(`cannot export to ONNX: ${step} — ${reason}`);
	});

	it('a family without a converter yet', () => {
		expect(onnxSupport(modelOf('kmeans-like'))).toEqual({
			ok: false,
			step: 'kmeans-like',
			reason: 'this model family has no ONNX converter yet'
		});
	});

	it('every step converter reads the version of its node type, and names it by its title', () => {
		for (const [type, conv] of Object.entries(stepConverters)) {
			const def = registry.get(type);
			expect([type, def?.version, def?.title]).toEqual([type, conv.version, conv.title]);
		}
	});

	it('a step with no ONNX form (a derived formula), named by its place in the recipe', async () => {
		const model = await train(
			'penguins',
			'Species',
			[
				['clean.missing', { strategy: 'median' }],
				['features.derive', { name: 'mass_kg', expression: '`Body Mass (g)` / 1000' }]
			],
			logistic
		);
		expect(onnxSupport(model)).toEqual({ ok: false, step: 'features.derive (recipe step 2)', reason: 'this step has no ONNX form' });
		expect(() => exportOnnx(model, penguins())).toThrow(
			'cannot export to ONNX: features.derive (recipe step 2) — this step has no ONNX form'
		);
	});

	it('dropping rows with missing values (a graph scores every row it is given)', async () => {
		const model = await train('penguins', 'Species', [['clean.missing', { strategy: 'drop-rows' }]], logistic);
		expect(onnxSupport(model)).toEqual({
			ok: false,
			step: 'Missing values (recipe step 1)',
			reason: 'it drops rows with missing values; a model graph scores every row it is given (fill them instead)'
		});
		expect(() => exportOnnx(model, penguins())).toThrow(/drops rows with missing values/);
	});

	it('dropping outlier rows', async () => {
		const model = await train(
			'penguins',
			'Species',
			[
				['clean.missing', {}],
				['clean.outliers', { action: 'drop' }]
			],
			logistic
		);
		expect(() => exportOnnx(model, penguins())).toThrow(
			'cannot export to ONNX: Outliers (recipe step 2) — it drops the rows with outliers'
		);
	});

	it('a conversion that parses text, but only when the model reads the column', async () => {
		// Island → number parses labels (all unreadable): the column is dropped before the model, so the export is exact.
		const unused = await train(
			'penguins',
			'Species',
			[
				['clean.missing', {}],
				['clean.convert', { columns: ['Island'], to: 'number' }],
				['clean.columns', { drop: ['Island'] }]
			],
			logistic
		);
		const { ours, theirs } = await parity(unused, 'penguins', 'Species');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
		// Beak Length as text, then as a number again: a feature built by text parsing refuses.
		const used = await train(
			'penguins',
			'Species',
			[
				['clean.missing', {}],
				['clean.convert', { columns: ['Beak Length (mm)'], to: 'category' }],
				['clean.convert', { columns: ['Beak Length (mm)'], to: 'number' }]
			],
			logistic
		);
		expect(onnxSupport(used)).toEqual({ ok: true });
		expect(() => exportOnnx(used, penguins())).toThrow(
			'cannot export to ONNX: Convert kinds (recipe step 3) — converting "Beak Length (mm)" from category to number reads the values as text, which an ONNX graph cannot do the same way'
		);
	});

	it('an input column named like an output', async () => {
		const model = await train('diabetes', 'progression', [], ['model.linear', {}]);
		const inputs = inputColumns(rawFrame('diabetes', 'progression')).map((c) => (c.name === 'bmi' ? { ...c, name: 'variable' } : c));
		expect(() => exportOnnx(model, inputs)).toThrow(/an input column is called "variable"/);
	});
});
